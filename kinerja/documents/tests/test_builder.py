"""The document model built from the database equals the seed's reading, field for field."""

import pytest

from kinerja.agreements.models import Agreement
from kinerja.demo.loader import sorong_seed
from kinerja.documents.builder import build_document, institution_header, target_text
from kinerja.documents.tests.seed_documents import seed_documents

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("index", [0, 1])
def test_demo_agreements_build_exactly_the_seed_documents(units, index):
    code = ["kpu-96.71", "sekretariat-96.71"][index]
    agreement = Agreement.objects.get(unit=units[code], year=2024)
    document = build_document(agreement)
    # Beside the seed's text, a non-draft document carries its verification code (signatures app).
    verification = document.pop("verification")
    assert verification["code"] == agreement.document_code.code
    # And its content as data (documents.data), which every export carries: the seed's reading itself.
    data = document.pop("data")
    seed = sorong_seed()["agreements"][index]
    assert data["first_party"]["name"] == seed["first_party"]["name"]
    assert data["signed_date"] == seed["signed_date"]
    assert [[row["indicator"] for row in s["rows"]] for s in data["sections"]] == [
        [row["indicator"] for row in s["rows"]] for s in seed["sections"]
    ]
    assert [(line["code"], line["amount"]) for line in data["budget"]] == [
        (line["code"], line["amount"]) for line in seed["budget"]
    ]
    assert document == seed_documents()[index]


def test_a_revision_says_so_in_its_title_and_filename(units):
    original = Agreement.objects.get(unit=units["kpu-96.71"], year=2024)
    agreement = Agreement.objects.get(pk=original.pk)
    agreement.pk = None
    agreement.version = 2
    agreement.revision_of = original
    agreement.save()
    document = build_document(agreement)
    assert document["title"] == "PERJANJIAN KINERJA TAHUN 2024 (PERUBAHAN KE-1)"
    assert document["attachment"]["heading"][0] == document["title"]
    assert document["filename"] == "pk-2024-kpu-kota-sorong-perubahan-1"


def test_acting_officials_are_printed_as_plt_or_plh(units):
    agreement = Agreement.objects.get(unit=units["sekretariat-96.71"], year=2024)
    agreement.second_party_acting = "plt"
    document = build_document(agreement)
    assert document["statement"]["parties"][1]["position"] == "PLT. KETUA KPU KOTA SORONG"


@pytest.mark.parametrize(
    ("code", "header"),
    [
        ("kpu", ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]),
        ("setjen", ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]),
        ("inspektorat", ["KOMISI PEMILIHAN UMUM", "REPUBLIK INDONESIA"]),
        ("kpu-96", ["KOMISI PEMILIHAN UMUM", "PROVINSI PAPUA BARAT DAYA"]),
        ("sekretariat-11.06", ["KOMISI INDEPENDEN PEMILIHAN", "KABUPATEN ACEH BESAR"]),
        ("kpu-11", ["KOMISI INDEPENDEN PEMILIHAN", "ACEH"]),
    ],
)
def test_the_institution_header_follows_the_unit(units, code, header):
    assert institution_header(Agreement(unit=units[code])) == header


@pytest.mark.parametrize(
    ("target", "unit", "text"),
    [("1", "Lembaga", "1 Lembaga"), ("100", "%", "100 %"), ("WTP", "Opini", "WTP"), ("80-90", "%", "80-90 %")],
)
def test_numbers_carry_their_unit_and_grades_stand_alone(target, unit, text):
    assert target_text(target, unit) == text


def test_a_draft_is_marked_and_leaves_room_for_the_date(sorong_agreements):
    commission = sorong_agreements[0]
    commission.signed_on = None
    document = build_document(commission)
    assert document["watermark"] == "DRAF"
    assert document["place_date"] == "Sorong, ………………… 2024"
    from kinerja.documents.pdf import render_pdf_with_warnings

    pdf, warnings = render_pdf_with_warnings(document)
    assert warnings == []
    import io

    from pypdf import PdfReader

    assert "DRAF" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
