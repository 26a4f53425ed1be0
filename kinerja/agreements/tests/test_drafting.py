"""Drafting a PK from the plan: RKT, IKU, DIPA and the officials in office."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kinerja.agreements.models import Agreement
from kinerja.agreements.services import AgreementExists, agreement_draft
from kinerja.demo.loader import sorong_seed
from kinerja.organisation.models import Acting
from kinerja.organisation.services import appointment_create

pytestmark = pytest.mark.django_db
ON = datetime.date(2024, 3, 6)


def test_the_commission_pk_is_drafted_from_its_rkt_dipa_and_ketua(units, personas, no_sorong_agreements):
    agreement = agreement_draft(unit=units["kpu-96.71"], year=2024, by=personas.operator, on=ON)
    seed = sorong_seed()["agreements"][0]
    assert [s.title for s in agreement.sections.all()] == [s["title"] for s in seed["sections"]]
    rows = [(r.indicator_text, r.target, r.measure_unit) for s in agreement.sections.all() for r in s.rows.all()]
    assert rows == [(r["indicator"], r["target"], r["unit"]) for s in seed["sections"] for r in s["rows"]]
    assert all(r.indicator_id for s in agreement.sections.all() for r in s.rows.all())
    assert [(b.program_code, b.amount) for b in agreement.budget_lines.all()] == [("076.01.CQ", 5_113_999_000)]
    assert agreement.first_party_name == "Balthasar Berth Kambuaya"
    assert agreement.first_party_position == "Ketua KPU Kota Sorong"
    assert not agreement.has_second_party
    assert agreement.signed_place == "Sorong"
    assert agreement.paragraphs[0].startswith("Berjanji akan mewujudkan")


def test_the_secretariat_pk_has_the_ketua_as_second_party_and_activity_codes(units, personas, no_sorong_agreements):
    agreement = agreement_draft(unit=units["sekretariat-96.71"], year=2024, by=personas.operator, on=ON)
    assert agreement.has_second_party
    assert (agreement.first_party_name, agreement.second_party_name) == ("Marthen Kambu", "Balthasar Berth Kambuaya")
    assert agreement.paragraphs[1].startswith("Pihak Kedua akan melakukan supervisi")
    assert [s.code for s in agreement.sections.all()][:5] == ["3359", "3360", "6709", "6767", "6870"]
    first_row = agreement.sections.first().rows.first()
    assert (first_row.letter, first_row.output) == ("a", "Layanan Perkantoran")
    assert {b.program_code: b.amount for b in agreement.budget_lines.all()} == {
        "076.01.CQ": 19_310_290_000,
        "076.01.WA": 2_874_512_000,
    }


def test_a_plt_in_office_is_named_as_acting(units, personas, no_sorong_agreements):
    appointment_create(
        unit=units["kpu-96.71"], name="Ketua Pengganti", starts_on=datetime.date(2024, 3, 1), acting=Acting.PLT
    )
    agreement = agreement_draft(unit=units["sekretariat-96.71"], year=2024, by=personas.operator, on=ON)
    assert agreement.second_party_name == "Ketua Pengganti"
    assert agreement.second_party_acting == Acting.PLT


def test_iku_missing_from_the_rkt_are_added_so_none_is_left_out(units, personas):
    """KPU Provinsi Papua Barat Daya has IKU but no RKT: its IKU become the attachment."""
    agreement = agreement_draft(unit=units["kpu-96"], year=2024, by=personas.central_verifier, on=ON)
    rows = [r for s in agreement.sections.all() for r in s.rows.all()]
    assert [r.indicator.code for r in rows] == ["KPU.IKU.01", "KPU.IKU.02", "KPU.IKU.03", "KPU.IKU.04", "KPU.IKU.05"]
    assert [s.title for s in agreement.sections.all()] == [
        "Meningkatnya kualitas penyelenggaraan Pemilu yang demokratis",
        "Meningkatnya akuntabilitas kinerja dan tata kelola keuangan",
    ]
    assert [(r.target, r.measure_unit) for r in rows][2:4] == [("B", "Predikat"), ("WTP", "Opini")]


def test_a_unit_without_plan_or_officials_gets_an_empty_draft(units, personas):
    agreement = agreement_draft(unit=units["kpu-11.06"], year=2024, by=personas.admin, on=ON)
    assert agreement.sections.count() == 0
    assert agreement.first_party_name == ""


def test_a_second_draft_for_the_same_year_is_refused(units, personas, sorong_agreements):
    with pytest.raises(AgreementExists):
        agreement_draft(unit=units["kpu-96.71"], year=2024, by=personas.operator)
    assert Agreement.objects.filter(unit=units["kpu-96.71"], year=2024).count() == 1


def test_rows_keep_their_text_when_the_plan_changes(units, personas, no_sorong_agreements):
    agreement = agreement_draft(unit=units["kpu-96.71"], year=2024, by=personas.operator, on=ON)
    row = agreement.sections.first().rows.first()
    indicator = row.indicator
    indicator.name = "Nama baru di rencana"
    indicator.save()
    row.refresh_from_db()
    assert row.indicator_text == "Perencanaan dan Penganggaran Pemilu"


def test_each_row_shows_last_years_target_for_the_same_indicator(units, personas, sorong_agreements, client_for):
    from django.urls import reverse

    from kinerja.agreements.models import Row, Section

    commission = sorong_agreements[0]
    last_year = Agreement.objects.create(unit=units["kpu-96.71"], year=2023, opening="x")
    section = Section.objects.create(agreement=last_year, order=1, number="1", title="Akuntabilitas")
    indicator_row = Row.objects.get(section__agreement=commission, indicator__code="KPU.IKU.05")
    Row.objects.create(
        section=section,
        order=1,
        indicator=indicator_row.indicator,
        indicator_text="Indeks RB",
        target="25",
        measure_unit="Indeks",
    )
    body = client_for(personas.operator).get(reverse("agreements:edit", args=[commission.pk])).content.decode()
    assert "Tahun 2023: target 25 Indeks" in body


def test_susun_pk_says_what_it_used_and_what_is_missing(units, personas, client_for, no_sorong_agreements):
    """Issue #14: a 2030 draft has no plan to draw from; the page says so, names each gap and links to it."""
    unit = units["kpu-96.71"]
    client = client_for(personas.operator)
    response = client.post(reverse("agreements:new"), {"unit": unit.pk, "year": 2030})
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    used = [message for message in shown if "disusun dari" in message]
    assert used and not any(source in used[0] for source in ("RKT", "IKU", "DIPA"))  # only the officials it found
    assert any("Belum ada: RKT 2030, IKU 2030, DIPA 2030" in message for message in shown)
    agreement = Agreement.objects.get(unit=unit, year=2030)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert 'id="sources"' in page
    assert page.count('data-ready="0"') == 3
    assert reverse("planning:unit", args=[unit.pk, 2030]) in page


def test_susun_pk_names_its_sources_when_the_plan_exists(units, personas, client_for, no_sorong_agreements):
    unit = units["kpu-96.71"]
    response = client_for(personas.operator).post(reverse("agreements:new"), {"unit": unit.pk, "year": 2024})
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert "disusun dari RKT 2024" in shown and "DIPA 2024 (1 program)" in shown
