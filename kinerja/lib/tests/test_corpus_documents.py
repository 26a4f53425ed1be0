"""Markup typed into the agreement editor is printed as written: escaped in the
pages, literal in the PDF (the Typst template gets data as JSON, never markup,
so `#read("/etc/passwd")` reads nothing), the DOCX and the XLSX."""

import io
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.agreements.models import Agreement, Row
from kinerja.lib.tests import corpus
from kinerja.lib.tests.corpus import FORMULA_TEXT, HTML_MARKUP, TYPST_MARKUP

pytestmark = pytest.mark.django_db
ESCAPED_HTML = "&lt;script&gt;alert(&quot;Kinerja&quot;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def compact(text: str) -> str:
    """Without white space: a PDF or a narrow table cell breaks lines where it likes."""
    return "".join(text.split())


def pdf_text(data: bytes, tmp_path) -> str:
    # pdftotext comes with Debian's poppler-utils, which .ci/run installs: a missing tool fails, never skips.
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    path = tmp_path / "pk.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def marked_up(sorong_agreements, personas, client_for):
    """The secretariat's draft with markup in a party's name, a section title and a row, typed through the editor."""
    agreement = sorong_agreements[1]
    client = client_for(personas.operator)
    data = {
        "signed_place": agreement.signed_place,
        "signed_on": "2024-03-06",
        "first_party_name": HTML_MARKUP,
        "first_party_position": agreement.first_party_position,
        "second_party_name": agreement.second_party_name,
        "second_party_position": agreement.second_party_position,
        "change_count": agreement.change_count,
    }
    assert client.post(reverse("agreements:statement", args=[agreement.pk]), data).status_code == 200
    section = agreement.sections.first()
    data = {"number": section.number, "code": section.code, "title": TYPST_MARKUP, "change_count": 0}
    assert client.post(reverse("agreements:section", args=[section.pk]), data).status_code == 200
    row = Row.objects.filter(section=section).first()
    data = {"letter": row.letter, "output": FORMULA_TEXT, "indicator_text": HTML_MARKUP, "target": row.target}
    data |= {"measure_unit": row.measure_unit, "change_count": row.change_count}
    assert client.post(reverse("agreements:row", args=[row.pk]), data).status_code == 200
    return Agreement.objects.get(pk=agreement.pk), client


def test_markup_is_escaped_in_the_editor_and_the_preview(marked_up):
    agreement, client = marked_up
    for name in ("agreements:edit", "documents:preview"):
        body = client.get(reverse(name, args=[agreement.pk])).content.decode()
        assert "<script>alert(" not in body and "<img src=x" not in body
        assert ESCAPED_HTML in body
        assert "#read(&quot;/etc/passwd&quot;)" in body
        corpus.printed_inert("html-markup", f"{name} (page)")
        corpus.printed_inert("typst-markup", f"{name} (page)")


def test_markup_is_printed_literally_in_the_pdf(marked_up, tmp_path):
    agreement, client = marked_up
    response = client.get(reverse("documents:download", args=[agreement.pk, "pdf"]))
    assert response.status_code == 200
    text = compact(pdf_text(response.getvalue(), tmp_path))
    for literal in (TYPST_MARKUP, HTML_MARKUP, FORMULA_TEXT):
        assert compact(literal) in text
    assert "root:" not in text  # nothing of /etc/passwd was read
    for name in ("html-markup", "typst-markup", "formula-text"):
        corpus.printed_inert(name, "documents:download (pdf)")


def test_markup_is_written_literally_in_the_docx_and_the_xlsx(marked_up):
    agreement, client = marked_up
    response = client.get(reverse("documents:download", args=[agreement.pk, "docx"]))
    text = docx_text(response.getvalue())
    for literal in (TYPST_MARKUP, HTML_MARKUP, FORMULA_TEXT):
        assert literal in text
    response = client.get(reverse("documents:download", args=[agreement.pk, "xlsx"]))
    cells = [cell for row in load_workbook(io.BytesIO(response.getvalue())).active.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = "\n".join(cell.value for cell in cells if isinstance(cell.value, str))
    for literal in (TYPST_MARKUP, HTML_MARKUP, FORMULA_TEXT):
        assert literal in values
    for name in ("html-markup", "typst-markup", "formula-text"):
        corpus.printed_inert(name, "documents:download (docx)")
        corpus.printed_inert(name, "documents:download (xlsx)")
