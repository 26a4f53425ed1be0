"""Planning pages: who sees, who changes, and what they show."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.audit.models import Action, ChangeRecord
from kinerja.conftest import make_pdf
from kinerja.planning.models import Dipa, IkuSet, StrategicPlan

pytestmark = pytest.mark.django_db


def unit_url(unit, year=2024):
    return reverse("planning:unit", args=[unit.pk, year])


def iku_item(units, code, indicator="KPU.IKU.05"):
    return IkuSet.objects.get(unit=units[code], year=2024).items.get(indicator__code=indicator)


def test_sorong_plan_shows_iku_linked_to_the_national_iku_dipa_and_due_date(personas, units, client_for):
    response = client_for(personas.operator).get(unit_url(units["kpu-96.71"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 Januari 2024" in body  # DIPA ratified
    assert "1 Februari 2024" in body  # PK due
    assert "Rp 5.113.999.000" in body
    assert "turunan IKU KPU Provinsi Papua Barat Daya" in body
    assert "Laporan Hasil Evaluasi SAKIP" in body
    assert "Perencanaan dan Penganggaran Pemilu" in body  # RKT row
    assert response.context["parent_set"].unit == units["kpu-96"]


def test_the_secretariat_rkt_carries_activity_codes(personas, units, client_for):
    body = client_for(personas.operator).get(unit_url(units["sekretariat-96.71"])).content.decode()
    for code in ("3360", "6709", "6870", "6981"):
        assert f"<strong>{code}</strong>" in body
    assert "Rp 19.310.290.000" in body


def test_the_operator_changes_a_target_of_its_own_iku_and_it_is_recorded(personas, units, client_for):
    item = iku_item(units, "kpu-96.71")
    response = client_for(personas.operator).post(reverse("planning:iku_target", args=[item.pk]), {"target": "35"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.target_display == "35 Indeks"
    record = ChangeRecord.objects.get(object_type="planning.ikuitem", object_id=str(item.pk))
    assert record.by == personas.operator
    assert record.changes == {"target": ["30 Indeks", "35 Indeks"]}
    # Kept as source text and parameters, so that the history reads in the reader's language.
    assert record.summary_template == "Target IKU “%(indicator)s” %(year)s: %(old)s → %(new)s"
    assert record.summary_params == {
        "indicator": item.indicator.name,
        "year": 2024,
        "old": "30 Indeks",
        "new": "35 Indeks",
    }
    assert record.summary == f"Target IKU “{item.indicator.name}” 2024: 30 Indeks → 35 Indeks"


def test_an_unreadable_target_is_refused_and_nothing_changes(personas, units, client_for):
    item = iku_item(units, "kpu-96.71")
    response = client_for(personas.operator).post(
        reverse("planning:iku_target", args=[item.pk]), {"target": "abc"}, HTTP_HX_REQUEST="true"
    )
    assert "bukan angka" in response.content.decode()
    item.refresh_from_db()
    assert item.target_display == "30 Indeks"
    assert not ChangeRecord.objects.filter(object_type="planning.ikuitem").exists()


def test_a_regency_operator_cannot_change_its_provinces_iku(personas, units, client_for):
    item = iku_item(units, "kpu-96")
    response = client_for(personas.operator).post(reverse("planning:iku_target", args=[item.pk]), {"target": "1"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.target_display == "30 Indeks"


def test_a_regency_operator_cannot_change_another_units_dipa(personas, units, client_for):
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    response = client_for(personas.outsider).post(
        reverse("planning:dipa", args=[dipa.pk]), {"ratified_on": "2024-02-01", "number": "X"}
    )
    assert response.status_code == 404
    dipa.refresh_from_db()
    assert str(dipa.ratified_on) == "2024-01-02"


def test_the_province_verifier_reads_but_may_not_change_sorongs_plan(personas, units, client_for):
    client = client_for(personas.province_verifier)
    assert client.get(unit_url(units["kpu-96.71"])).status_code == 200
    item = iku_item(units, "kpu-96.71")
    assert client.post(reverse("planning:iku_target", args=[item.pk]), {"target": "1"}).status_code == 403
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    response = client.post(reverse("planning:dipa", args=[dipa.pk]), {"ratified_on": "2024-02-01"})
    assert response.status_code == 403


def test_the_operator_corrects_the_dipa_date_and_the_due_date_follows(personas, units, client_for):
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    client = client_for(personas.operator)
    client.post(reverse("planning:dipa", args=[dipa.pk]), {"ratified_on": "2024-02-01", "number": dipa.number})
    body = client.get(unit_url(units["kpu-96.71"])).content.decode()
    assert "2 Maret 2024" in body
    assert ChangeRecord.objects.filter(action=Action.UPDATE_DIPA, by=personas.operator).exists()


@pytest.mark.parametrize("written", ["6 Maret 2024", "06-03-2024", "6 Mar 2024", "2024-03-06"])
def test_the_dipa_date_may_be_typed_as_people_write_it(personas, units, client_for, written):
    """The browser's date picker sends ISO; a date typed without one (6 Maret 2024) is read the same."""
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    client = client_for(personas.operator)
    client.post(reverse("planning:dipa", args=[dipa.pk]), {"ratified_on": written, "number": dipa.number})
    dipa.refresh_from_db()
    assert str(dipa.ratified_on) == "2024-03-06"
    assert "5 April 2024" in client.get(unit_url(units["kpu-96.71"])).content.decode()  # the PK's due date


def test_an_impossible_dipa_date_is_refused_naming_it(personas, units, client_for):
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    response = client_for(personas.operator).post(
        reverse("planning:dipa", args=[dipa.pk]),
        {"ratified_on": "30 Februari 2024", "number": dipa.number},
        follow=True,
    )
    assert "Tanggal pengesahan: Tanggal “30 Februari 2024” tidak ada di kalender." in response.content.decode()
    dipa.refresh_from_db()
    assert str(dipa.ratified_on) == "2024-01-02"


def test_a_review_date_may_be_typed_in_indonesian(personas, units, client_for):
    client_for(personas.operator).post(
        reverse("planning:review", args=[units["kpu-96.71"].pk, 2024]),
        {"reviewed_on": "30 Juni 2024", "next_review": "30-06-2025"},
    )
    iku_set = IkuSet.objects.get(unit=units["kpu-96.71"], year=2024)
    assert str(iku_set.review_due) == "2025-06-30"


def test_the_outsider_gets_404_on_sorongs_plan_pages(personas, units, client_for):
    client = client_for(personas.outsider)
    assert client.get(unit_url(units["kpu-96.71"])).status_code == 404
    assert client.get(unit_url(units["sekretariat-96.71"])).status_code == 404
    province = reverse("planning:province", args=[units["kpu-96"].pk, 2024])
    assert client.get(province).status_code == 404


def test_the_province_page_shows_regency_iku_status(personas, units, client_for):
    response = client_for(personas.province_verifier).get(reverse("planning:province", args=[units["kpu-96"].pk, 2024]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 dari 6 kabupaten/kota telah menetapkan IKU" in body
    assert "Komisi Pemilihan Umum Kota Sorong" in body


def test_the_central_verifier_sees_renstra_national_iku_decrees_and_overdue_reviews(personas, client_for):
    response = client_for(personas.central_verifier).get(reverse("planning:index") + "?tahun=2024")
    body = response.content.decode()
    assert "Rencana Strategis KPU 2020–2024" in body
    assert "Rencana Strategis KPU 2025–2029" in body
    assert "Keputusan KPU Nomor 12 Tahun 2024" in body
    assert "Reviu IKU terlambat" in body
    assert response.context["overdue_count"] >= 1


def test_the_renstra_page_shows_targets_per_year(personas, client_for):
    plan = StrategicPlan.objects.get(start_year=2020)
    response = client_for(personas.central_verifier).get(plan.get_absolute_url())
    body = response.content.decode()
    assert "Opini atas Laporan Keuangan" in body
    assert response.context["goals"][0]["indicators"][0]["targets"] == ["100 %"] * 5


def test_an_operator_cannot_open_the_national_renstra(personas, client_for):
    plan = StrategicPlan.objects.get(start_year=2020)
    assert client_for(personas.operator).get(plan.get_absolute_url()).status_code == 404


def test_review_recorded_by_the_operator(personas, units, client_for):
    client = client_for(personas.operator)
    response = client.post(
        reverse("planning:review", args=[units["kpu-96.71"].pk, 2024]),
        {"reviewed_on": "2024-06-30", "next_review": "2025-06-30"},
    )
    assert response.status_code == 302
    iku_set = IkuSet.objects.get(unit=units["kpu-96.71"], year=2024)
    assert str(iku_set.review_due) == "2025-06-30"
    assert ChangeRecord.objects.filter(action=Action.REVIEW_IKU).exists()


def test_a_decree_scan_must_be_a_real_pdf(personas, units, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    decree = IkuSet.objects.get(unit=units["kpu-96.71"], year=2024).decree
    client = client_for(personas.operator)
    fake = SimpleUploadedFile("keputusan.pdf", b"PK\x03\x04 this is a docx", content_type="application/pdf")
    response = client.post(reverse("planning:decree_file", args=[decree.pk]), {"file": fake}, follow=True)
    assert "Berkas bukan PDF" in response.content.decode()
    decree.refresh_from_db()
    assert not decree.signed_file
    assert client.get(reverse("planning:decree_file", args=[decree.pk])).status_code == 404


def test_a_signed_decree_pdf_is_stored_and_served_to_those_who_may_see_it(
    personas, units, client_for, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    decree = IkuSet.objects.get(unit=units["kpu-96.71"], year=2024).decree
    data = make_pdf(2)
    client = client_for(personas.operator)
    upload = SimpleUploadedFile("keputusan.pdf", data, content_type="application/pdf")
    client.post(reverse("planning:decree_file", args=[decree.pk]), {"file": upload})
    decree.refresh_from_db()
    assert decree.signed_file
    response = client.get(reverse("planning:decree_file", args=[decree.pk]))
    assert b"".join(response.streaming_content) == data
    assert client_for(personas.outsider).get(reverse("planning:decree_file", args=[decree.pk])).status_code == 404
    record = ChangeRecord.objects.get(action=Action.UPLOAD_DECREE)
    assert "2 halaman" in record.summary


def test_an_encrypted_decree_pdf_is_refused(personas, units, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    decree = IkuSet.objects.get(unit=units["kpu-96.71"], year=2024).decree
    upload = SimpleUploadedFile("keputusan.pdf", make_pdf(1, password="rahasia"), content_type="application/pdf")
    response = client_for(personas.operator).post(
        reverse("planning:decree_file", args=[decree.pk]), {"file": upload}, follow=True
    )
    assert "terenkripsi" in response.content.decode()
    decree.refresh_from_db()
    assert not decree.signed_file


def test_a_target_below_the_provinces_is_refused_naming_both(personas, units, client_for):
    item = iku_item(units, "kpu-96.71")  # Indeks RB: province 30
    response = client_for(personas.operator).post(
        reverse("planning:iku_target", args=[item.pk]), {"target": "20"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "target 20 Indeks di bawah target KPU Provinsi Papua Barat Daya 30 Indeks" in body
    item.refresh_from_db()
    assert item.target_display == "30 Indeks"


def test_a_saved_target_says_so_and_refreshes_the_findings(personas, units, client_for):
    item = iku_item(units, "kpu-96.71")
    response = client_for(personas.operator).post(
        reverse("planning:iku_target", args=[item.pk]), {"target": "31"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Tersimpan" in body
    assert 'id="iku-findings" hx-swap-oob="true"' in body


def test_a_unit_plan_page_of_a_new_year_says_what_it_waits_for_and_offers_the_next_step(units, personas, client_for):
    """Issue #14: the 2031 plan page of Kota Sorong names the province's missing IKU and who sets it,
    offers the imports, and its history holds no other year's changes."""
    unit = units["kpu-96.71"]
    client = client_for(personas.operator)
    page = client.get(reverse("planning:unit", args=[unit.pk, 2031])).content.decode()
    assert 'id="waits-for"' in page and "belum ditetapkan" in page
    assert reverse("planning:unit", args=[unit.parent_id, 2031]) in page
    assert reverse("planning:template", args=["iku"]) in page and reverse("planning:import") in page
    assert 'id="year-select"' in page and '<option value="2031" selected>' in page
    assert "Belum ada perubahan tercatat." in page  # the 2024 changes belong to the 2024 page
    chosen = client.get(reverse("planning:unit_year", args=[unit.pk]) + "?tahun=2024")
    assert chosen["Location"] == reverse("planning:unit", args=[unit.pk, 2024])
