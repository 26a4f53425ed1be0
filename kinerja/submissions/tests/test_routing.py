"""Routing after submission: the province compiles and forwards, KPU receives;
central units are sent to the ministries; the province keeps the hardcopy."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, Row, Status
from kinerja.agreements.services import agreement_draft
from kinerja.audit.models import ChangeRecord
from kinerja.conftest import scan_for
from kinerja.submissions import services
from kinerja.submissions.models import Channel, CompilationPackage, Sending

pytestmark = pytest.mark.django_db


def test_the_province_compiles_one_package_with_cover_merged_scans_and_recap(both_submitted, personas, units):
    package = services.package_compile(province=units["kpu-96"], year=2024, by=personas.province_verifier)
    assert set(package.agreements.all()) == set(both_submitted)
    assert all(a.status == Status.COMPILED for a in package.agreements.all())
    with package.merged_pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    cover_pages = len(reader.pages) - 5  # the scans have 2 + 3 pages
    assert cover_pages >= 2
    cover_text = " ".join(reader.pages[i].extract_text() for i in range(cover_pages))
    assert "KOMPILASI PERJANJIAN KINERJA TAHUN 2024" in cover_text
    assert "Komisi Pemilihan Umum Kota Sorong" in " ".join(cover_text.split())
    with package.recap_xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    units_in_recap = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert units_in_recap == ["Komisi Pemilihan Umum Kota Sorong", "Sekretariat Komisi Pemilihan Umum Kota Sorong"]


def test_nothing_to_compile_is_said_clearly(personas, units):
    with pytest.raises(services.RoutingError, match="Belum ada PK"):
        services.package_compile(province=units["kpu-81"], year=2024, by=personas.admin)


def test_another_province_cannot_compile_papua_barat_dayas(both_submitted, personas, units):
    with pytest.raises(services.RoutingError, match="bukan verifikator"):
        services.package_compile(province=units["kpu-96"], year=2024, by=personas.central_verifier)
    assert not CompilationPackage.objects.filter(province=units["kpu-96"], agreements__in=both_submitted).exists()


def test_forward_then_receive_moves_every_agreement_to_received(both_submitted, personas, units):
    package = services.package_compile(province=units["kpu-96"], year=2024, by=personas.province_verifier)
    with pytest.raises(services.RoutingError, match="belum diteruskan"):
        services.package_receive(package=package, by=personas.central_verifier)
    services.package_forward(package=package, by=personas.province_verifier)
    with pytest.raises(services.RoutingError, match="sudah diteruskan"):
        services.package_forward(package=package, by=personas.province_verifier)
    services.package_receive(package=package, by=personas.central_verifier)
    assert all(a.status == Status.RECEIVED for a in Agreement.objects.filter(pk__in=[a.pk for a in both_submitted]))
    with pytest.raises(services.RoutingError, match="sudah diterima"):
        services.package_receive(package=package, by=personas.central_verifier)


def test_central_agreements_are_sent_to_the_three_ministries(personas, units):
    agreement = agreement_draft(unit=units["setjen"], year=2024, by=personas.central_verifier)
    with pytest.raises(services.RoutingError, match="setelah PK disampaikan"):
        services.sending_record(
            agreement=agreement,
            recipient="kemenkeu",
            sent_on=datetime.date(2024, 1, 30),
            channel=Channel.LETTER,
            form="hardcopy",
            reference="",
            by=personas.central_verifier,
        )
    from kinerja.agreements.services import section_add

    section_add(agreement=agreement, by=personas.central_verifier)
    Agreement.objects.filter(pk=agreement.pk).update(
        first_party_name="Sekjen", second_party_name="Ketua", signed_on=datetime.date(2024, 1, 25)
    )
    Row.objects.filter(section__agreement=agreement, target="").update(target="1")  # a readable target on every row
    lifecycle.agreement_finalise(agreement=agreement, by=personas.central_verifier)
    lifecycle.scan_upload(
        agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.central_verifier
    )
    # Submitted before the sendings: a sending dated before its submission is refused (test_sendings).
    submitted_at = datetime.datetime(2024, 1, 29, 3, tzinfo=datetime.UTC)
    lifecycle.agreement_submit(agreement=agreement, by=personas.central_verifier, at=submitted_at)
    for recipient in ("kemenpanrb", "kemenkeu", "bappenas"):
        services.sending_record(
            agreement=agreement,
            recipient=recipient,
            sent_on=datetime.date(2024, 1, 30),
            channel=Channel.EMAIL,
            form="softcopy",
            reference=f"B-{recipient}/PP.01/2024",
            by=personas.central_verifier,
        )
    assert Sending.objects.filter(agreement=agreement).count() == 3
    record = ChangeRecord.objects.filter(object_type="submissions.sending").latest("pk")
    # Kept as source text and parameters: the month follows the reader's language.
    assert record.summary == "Dikirim ke Kementerian PPN/Bappenas (Softcopy) 30 Januari 2024"
    assert record.summary_params["month"] == {"term": "January"}
    with translation.override("en"):
        assert "30 January 2024" in record.display_summary


def test_a_regional_agreement_is_not_sent_to_ministries(both_submitted, personas):
    with pytest.raises(services.RoutingError, match="Hanya PK KPU, Setjen"):
        services.sending_record(
            agreement=both_submitted[0],
            recipient="kemenkeu",
            sent_on=datetime.date(2024, 3, 8),
            channel=Channel.LETTER,
            form="hardcopy",
            reference="",
            by=personas.central_verifier,
        )


def test_the_province_records_the_hardcopy_and_answers_kpus_request(both_submitted, personas):
    agreement = both_submitted[0]
    with pytest.raises(services.RoutingError):
        services.hardcopy_record(agreement=agreement, location="Rak 1", by=personas.operator)
    services.hardcopy_record(agreement=agreement, location="Lemari 2, rak 1", by=personas.province_verifier)
    request = services.hardcopy_request(agreement=agreement, note="Untuk evaluasi SAKIP", by=personas.central_verifier)
    assert personas.province_verifier.notifications.filter(message__contains="Untuk evaluasi SAKIP").exists()
    services.hardcopy_answer(request=request, answer="Dikirim lewat pos 20 Maret", by=personas.province_verifier)
    request.refresh_from_db()
    assert request.answered_at is not None


def test_pages_of_the_province_and_packages_are_closed_to_outsiders(both_submitted, personas, units, client_for):
    package = services.package_compile(province=units["kpu-96"], year=2024, by=personas.province_verifier)
    outsider = client_for(personas.outsider)
    for url in (
        reverse("submissions:province", args=[units["kpu-96"].pk, 2024]),
        reverse("submissions:package", args=[package.pk]),
        reverse("submissions:package_file", args=[package.pk, "pdf"]),
    ):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(reverse("submissions:compile", args=[units["kpu-96"].pk, 2024])).status_code == 404
    verifier = client_for(personas.province_verifier)
    assert verifier.get(reverse("submissions:package_file", args=[package.pk, "pdf"])).status_code == 200
    assert verifier.get(reverse("submissions:province", args=[units["kpu-81"].pk, 2024])).status_code == 404


def test_the_regency_operator_cannot_compile_through_the_page(both_submitted, personas, units, client_for):
    response = client_for(personas.operator).post(reverse("submissions:compile", args=[units["kpu-96"].pk, 2024]))
    assert response.status_code == 404
    assert all(a.status == Status.SUBMITTED for a in Agreement.objects.filter(pk__in=[a.pk for a in both_submitted]))


def test_the_recap_keeps_formula_looking_text_as_text(both_submitted, personas, units):
    hostile = '=HYPERLINK("http://evil.example","klik")'
    services.hardcopy_record(agreement=both_submitted[0], location=hostile, by=personas.province_verifier)
    package = services.package_compile(province=units["kpu-96"], year=2024, by=personas.province_verifier)
    with package.recap_xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    cell = next(c for row in sheet.iter_rows(min_row=3) for c in row if c.value == hostile)
    assert cell.data_type == "s"
