"""manage.py agreement_export: the current agreement of a unit to a file."""

import io

import pytest
from django.core.management import CommandError, call_command
from docx import Document as read_docx
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db
SECRETARIAT = "Sekretariat Komisi Pemilihan Umum Kota Sorong"


def export(tmp_path, fmt, unit=SECRETARIAT, year=2024):
    output = tmp_path / f"pk.{fmt}"
    call_command("agreement_export", unit=unit, year=year, fmt=fmt, output=str(output), stdout=io.StringIO())
    return output.read_bytes()


def test_pdf_export_carries_the_signatories_place_and_budget(tmp_path, sorong_agreements):
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(export(tmp_path, "pdf"))).pages
    )
    for expected in ("MARTHEN KAMBU", "BALTHASAR BERTH KAMBUAYA", "Sorong, 6 Maret 2024", "Rp 19.310.290.000,-"):
        assert expected in text


def test_docx_and_xlsx_exports_carry_the_attachment(tmp_path, sorong_agreements):
    docx = read_docx(io.BytesIO(export(tmp_path, "docx")))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    assert any("Persentase Terlaksananya Kegiatan Sumpah Janji" in cell for cell in cells)
    sheet = load_workbook(io.BytesIO(export(tmp_path, "xlsx", unit="KPU Kota Sorong"))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Indeks Reformasi Birokrasi" in values
    assert "30 Indeks" in values


def test_an_unknown_unit_is_refused_with_suggestions(tmp_path, sorong_agreements):
    with pytest.raises(CommandError, match="Unit “Kota Sorongg” tidak ditemukan"):
        export(tmp_path, "pdf", unit="Kota Sorongg")
    with pytest.raises(CommandError, match="Mungkin maksud Anda: Komisi Pemilihan Umum Kota Sorong"):
        export(tmp_path, "pdf", unit="Kota Sorong")
    assert not (tmp_path / "pk.pdf").exists()


def test_a_unit_without_agreement_for_the_year_is_refused(tmp_path, sorong_agreements):
    with pytest.raises(CommandError, match="belum memiliki PK tahun 2023"):
        export(tmp_path, "pdf", year=2023)
