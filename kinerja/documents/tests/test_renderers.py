"""The PDF, DOCX and XLSX renderers against the seed agreements of KPU Kota Sorong 2024.

Texts are compared with all whitespace removed: long texts wrap inside their
cells, and a PDF's extracted text breaks lines (and words after a slash) where
the layout did. Expected texts are searched one after another with increasing
offsets, so they must appear in the order of the seed JSON.
"""

import copy
import io
import json
import re
import shutil
import subprocess

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from kinerja.documents.docx import render_docx
from kinerja.documents.model import Document
from kinerja.documents.pdf import render_pdf, render_pdf_with_warnings
from kinerja.documents.tests.seed_documents import SEED_PATH, seed_documents
from kinerja.documents.xlsx import render_xlsx

HOSTILE = "#set page(width: 1cm) $x$ ] <script>alert(1)</script> *bold* @ref"
LONG_WORDS = ("Persentase Terlaksananya Penyelenggaraan Pemilu yang Tertib " * 40)[:2000]
LONG_UNBROKEN = ("Sosialisasi/Penyuluhan/" + "X" * 2000)[:2000]
TABLE_HEADER = "NO SASARAN STRATEGIS INDIKATOR KINERJA TARGET"
A4_WIDTH = 595.28  # points
MARGIN = 70.87  # 2.5 cm


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_in_order(text: str, needles: list[str], start: int = 0) -> int:
    """Find each needle after the previous one; return the offset after the last."""
    position = start
    for needle in needles:
        found = text.find(squash(needle), position)
        assert found >= 0, f"{needle!r} missing after offset {position}: …{text[position : position + 300]}…"
        position = found + len(squash(needle))
    return position


# ---------------------------------------------------------------- expectations, straight from the seed JSON


def seed_agreements() -> list[dict]:
    return json.loads(SEED_PATH.read_text(encoding="utf-8"))["agreements"]


def expected_target(row: dict) -> str:
    return f"{row['target']} {row['unit']}" if row["target"].isdigit() else row["target"]


def expected_amount(amount: int | None) -> str:
    return "Rp" if amount is None else "Rp " + f"{amount:,}".replace(",", ".") + ",-"


def expected_sections(agreement: dict) -> list[tuple[str, list[str]]]:
    """(title, [output?, indicator, target, ...]) per section."""
    sections = []
    for section in agreement["sections"]:
        items = []
        for row in section["rows"]:
            if row.get("output"):
                items.append(row["output"])
            items += [row["indicator"], expected_target(row)]
        sections.append((section["title"], items))
    return sections


def expected_budget(agreement: dict) -> list[str]:
    items = []
    for line in agreement["budget"]:
        items += [f"{line['program']} ({line['code']})", expected_amount(line["amount"])]
    return items


def expected_signatures(agreement: dict) -> list[str]:
    """Place and date, then the blocks from left to right: Pihak Kedua, Pihak Pertama."""
    names = [agreement["first_party"]["name"].upper()]
    if agreement["second_party"]:
        names.insert(0, agreement["second_party"]["name"].upper())
    return ["Sorong, 6 Maret 2024", *names]


def expected_statement(agreement: dict) -> list[str]:
    names = [agreement["first_party"]["name"].upper()]
    if agreement["second_party"]:
        names.append(agreement["second_party"]["name"].upper())
    return [*names, *expected_signatures(agreement)]


def assert_attachment(text: str, agreement: dict, start: int, *, rowspan_titles_float: bool = False) -> int:
    """Every section title, output, indicator and target, then every budget line with its amount.

    `rowspan_titles_float`: in the PDF, Typst writes a cell spanning several
    rows after the rows it spans, so the commission's section titles (which
    span their indicators) are only required to lie within their own section:
    after the previous section and before the next one.
    """
    position = start
    sections = expected_sections(agreement)
    budget = expected_budget(agreement)
    for index, (title, items) in enumerate(sections):
        floating = rowspan_titles_float and not any(row.get("output") for row in agreement["sections"][index]["rows"])
        if not floating:
            position = find_in_order(text, [title, *items], position)
            continue
        end = find_in_order(text, items, position)
        following = sections[index + 1][1][0] if index + 1 < len(sections) else budget[0]
        boundary = text.find(squash(following), end)
        found = text.find(squash(title), position)
        assert found >= 0 and found + len(squash(title)) <= boundary, f"section title {title!r} outside its section"
        position = max(end, found + len(squash(title)))
    return find_in_order(text, budget, position)


# ---------------------------------------------------------------- text of each format


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order, then the footer."""
    word = docx.Document(io.BytesIO(data))
    parts = [Paragraph(p, None).text for p in word.element.body.iter(qn("w:p"))]
    parts += [Paragraph(p, None).text for p in word.sections[0].footer._element.iter(qn("w:p"))]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Lampiran"]
    return "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return seed_documents()


# ---------------------------------------------------------------- content and order


@pytest.mark.parametrize("index", [0, 1], ids=["commission", "secretariat"])
def test_pdf_has_everything_in_order(documents, index):
    agreement = seed_agreements()[index]
    pages = pdf_pages(render_pdf(documents[index]))
    text = squash("\n".join(pages))
    position = find_in_order(text, expected_statement(agreement))
    position = find_in_order(text, [TABLE_HEADER, "[1] [2] [3] [4]"], position)
    position = assert_attachment(text, agreement, position, rowspan_titles_float=True)
    find_in_order(text, expected_signatures(agreement), position)


@pytest.mark.parametrize("index", [0, 1], ids=["commission", "secretariat"])
def test_docx_has_everything_in_order(documents, index):
    agreement = seed_agreements()[index]
    text = squash(docx_text(render_docx(documents[index])))
    position = find_in_order(text, ["KOMISI PEMILIHAN UMUM", "KOTA SORONG", "PERJANJIAN KINERJA TAHUN 2024"])
    position = find_in_order(text, expected_statement(agreement), position)
    position = find_in_order(text, [TABLE_HEADER, "[1] [2] [3] [4]"], position)
    position = assert_attachment(text, agreement, position)
    position = find_in_order(text, expected_signatures(agreement), position)
    find_in_order(text, ["Perjanjian Kinerja 2024 |"], position)


@pytest.mark.parametrize("index", [0, 1], ids=["commission", "secretariat"])
def test_xlsx_has_everything_in_order(documents, index):
    agreement = seed_agreements()[index]
    text = squash(xlsx_text(render_xlsx(documents[index])))
    position = find_in_order(text, [*documents[index]["attachment"]["heading"], TABLE_HEADER, "[1] [2] [3] [4]"])
    position = assert_attachment(text, agreement, position)
    find_in_order(text, expected_signatures(agreement), position)


def test_statement_lines_in_order(documents):
    """Both parties with what follows them, in the secretariat's PDF and DOCX."""
    secretariat = documents[1]
    lines = ["Nama : MARTHEN KAMBU", "Jabatan : SEKRETARIS KPU KOTA SORONG", "Selanjutnya disebut Pihak Pertama"]
    lines += ["Nama : BALTHASAR BERTH KAMBUAYA", "Jabatan : KETUA KPU KOTA SORONG"]
    lines += [
        "Selaku atasan langsung Pihak Pertama",
        "Selanjutnya disebut Pihak Kedua",
        "Pihak Kedua,",
        "Pihak Pertama,",
    ]
    find_in_order(squash(pdf_pages(render_pdf(secretariat))[0]), lines)
    find_in_order(squash(docx_text(render_docx(secretariat))), lines)


# ---------------------------------------------------------------- pages


@pytest.mark.parametrize("index", [0, 1], ids=["commission", "secretariat"])
def test_pdf_pages(documents, index):
    document = documents[index]
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    pages = [page.extract_text() for page in reader.pages]
    for number, page in enumerate(pages, start=1):
        assert squash(f"{document['footer']} | {number}") in squash(page), f"no footer on page {number}"
        width, height = float(reader.pages[number - 1].mediabox.width), float(reader.pages[number - 1].mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 portrait
    assert squash(TABLE_HEADER) not in squash(pages[0])  # the attachment starts on a new page
    assert squash(document["attachment"]["heading"][1]) in squash(pages[1])
    attachment_pages = len(pages) - 1
    assert 1 <= attachment_pages <= 3
    if index == 1:
        assert 2 <= attachment_pages <= 3  # the secretariat's attachment, as in the seed
    for page in pages[1:]:
        assert squash(TABLE_HEADER) in squash(page) and squash("[1] [2] [3] [4]") in squash(page)


def long_document(layout: str, rows: int = 60) -> Document:
    commission, secretariat = seed_documents()
    document = copy.deepcopy(commission if layout == "rowspan" else secretariat)
    per_section = 15 if layout == "rowspan" else 10
    sections = []
    for number in range(rows // per_section):
        section_rows = []
        for offset in range(per_section):
            n = number * per_section + offset + 1
            output = f"Keluaran nomor {n:02d}" if layout == "outputs" else ""
            letter = "abcdefghijklmnopqrstuvwxyz"[offset] if layout == "outputs" else ""
            indicator = f"Indikator nomor {n:02d} dengan uraian yang cukup panjang sehingga membungkus baris"
            section_rows.append({"letter": letter, "output": output, "indicator": indicator, "target": "100 %"})
        code = str(6700 + number) if layout == "outputs" else ""
        sections.append(
            {"no": str(number + 1), "code": code, "title": f"Sasaran nomor {number + 1}", "rows": section_rows}
        )
    document["attachment"]["sections"] = sections
    return document


@pytest.mark.parametrize("layout", ["rowspan", "outputs"])
def test_long_attachment_repeats_the_header_rows_on_every_page(layout):
    document = long_document(layout)
    pages = pdf_pages(render_pdf(document))
    assert len(pages) >= 4  # the statement and at least three pages of attachment
    table_pages = [page for page in pages if "Indikator nomor" in page]
    assert len(table_pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert squash(f"Perjanjian Kinerja 2024 | {number}") in squash(page)
    for page in table_pages:
        assert squash(TABLE_HEADER) in squash(page)
        assert squash("[1] [2] [3] [4]") in squash(page)
    find_in_order(squash("".join(pages)), [f"Indikator nomor {n:02d}" for n in range(1, 61)])


# ---------------------------------------------------------------- hostile and long texts


def hostile_document() -> Document:
    document = copy.deepcopy(seed_documents()[1])
    rows = document["attachment"]["sections"][0]["rows"]
    rows[0]["indicator"] = HOSTILE
    rows.append({"letter": "b", "output": HOSTILE, "indicator": LONG_WORDS, "target": "=SUM(A1)"})
    rows.append({"letter": "c", "output": LONG_UNBROKEN, "indicator": "-2+3", "target": "@ref"})
    rows.append({"letter": "d", "output": "Keluaran", "indicator": "+cmd|' /C calc'!A0", "target": "-1"})
    document["statement"]["paragraphs"].append(HOSTILE)
    document["attachment"]["sections"][0]["title"] = "+cmd|' /C calc'!A0 " + HOSTILE
    return document


@pytest.mark.parametrize("name", ["commission", "secretariat", "hostile", "long rowspan", "long outputs"])
def test_typst_lays_out_everything_without_warning(name):
    """Typst drops what it cannot place (a block inside a paragraph) with only a warning."""
    commission, secretariat = seed_documents()
    document = {
        "commission": commission,
        "secretariat": secretariat,
        "hostile": hostile_document(),
        "long rowspan": long_document("rowspan"),
        "long outputs": long_document("outputs"),
    }[name]
    _, warnings = render_pdf_with_warnings(document)
    assert [warning.message for warning in warnings] == []


def pdf_body(pages: list[str], footer: str) -> str:
    """The squashed text of all pages without the page furniture (footer, repeated table header rows),
    so that a row broken across pages reads as one text."""
    body = []
    for number, page in enumerate(pages, start=1):
        text = squash(page).replace(squash(f"{footer} | {number}"), "")
        if number > 1:
            text = text.replace(squash(TABLE_HEADER), "", 1).replace(squash("[1] [2] [3] [4]"), "", 1)
        body.append(text)
    return "".join(body)


def test_hostile_and_long_texts_print_literally_in_pdf():
    document = hostile_document()
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert all(round(float(page.mediabox.width)) == 595 for page in reader.pages)  # "#set page(width: 1cm)" was text
    text = pdf_body([page.extract_text() for page in reader.pages], document["footer"])
    position = find_in_order(text, [HOSTILE, "+cmd|' /C calc'!A0", HOSTILE, HOSTILE, HOSTILE])
    rest = text[position:]
    neighbours = ("=SUM(A1)", "-2+3", "@ref")
    for literal in (*neighbours, "+cmd|' /C calc'!A0"):
        assert squash(literal) in rest, literal
    # The long texts' rows break across pages, and the rest of a broken row is written after the row's
    # other cells (the neighbours): without them each long text reads in one piece.
    for literal in neighbours:
        rest = rest.replace(squash(literal), "", 1)
    assert squash(LONG_WORDS) in rest
    assert squash(LONG_UNBROKEN) in rest


def test_long_texts_stay_inside_the_page(tmp_path):
    # pdftotext comes with Debian's poppler-utils, which .ci/run installs: a missing tool fails, never skips.
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    path = tmp_path / "hostile.pdf"
    path.write_bytes(render_pdf(hostile_document()))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', boxes)
    assert len(words) > 500
    for x_min, x_max in words:
        assert float(x_min) >= MARGIN - 3 and float(x_max) <= A4_WIDTH - MARGIN + 3, (x_min, x_max)


def test_hostile_and_long_texts_in_docx():
    text = squash(docx_text(render_docx(hostile_document())))
    find_in_order(text, [HOSTILE, "+cmd|' /C calc'!A0", HOSTILE, HOSTILE, LONG_WORDS, "=SUM(A1)"])
    find_in_order(text, [LONG_UNBROKEN, "-2+3", "@ref", "+cmd|' /C calc'!A0", "-1"])


def test_xlsx_never_writes_a_formula():
    data = render_xlsx(hostile_document())
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Lampiran"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    formula_like = [cell for cell in cells if str(cell.value).startswith(("=", "+", "-", "@"))]
    values = {cell.value for cell in formula_like}
    assert {"=SUM(A1)", "-2+3", "@ref", "+cmd|' /C calc'!A0", "-1", "= Rp 19.310.290.000,-"} <= values
    assert all(cell.quotePrefix for cell in formula_like)
    # In the file itself: strings, not <f> elements.
    with openpyxl.reader.excel.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "SUM(A1)" in xml
    find_in_order(squash(xlsx_text(data)), [HOSTILE, LONG_WORDS, "=SUM(A1)", LONG_UNBROKEN, "-2+3", "@ref", "-1"])


# ---------------------------------------------------------------- structure of the editable formats


def test_docx_structure(documents):
    word = docx.Document(io.BytesIO(render_docx(documents[1])))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    attachment = next(table for table in word.tables if table.rows[0].cells[0].text == "NO")
    header_rows = [
        row for row in attachment.rows if row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert [row.cells[1].text for row in header_rows] == ["SASARAN STRATEGIS", "[2]"]
    # The secretariat's activity row: "1." then one cell over columns 2-4 with the code in bold.
    activity = attachment.rows[2]
    assert activity.cells[0].text == "1."
    assert activity.cells[1]._tc is activity.cells[3]._tc
    code_run = activity.cells[1].paragraphs[0].runs[0]
    assert code_run.text.strip() == "3359" and code_run.bold
    footer = section.footer._element.xml
    assert "PAGE" in footer and "Perjanjian Kinerja 2024" in footer

    commission = docx.Document(io.BytesIO(render_docx(documents[0])))
    table = next(table for table in commission.tables if table.rows[0].cells[0].text == "NO")
    first_goal = [table.rows[index].cells[1]._tc for index in range(2, 7)]
    assert len({id(tc) for tc in first_goal}) == 1  # the goal spans its five indicators


def test_xlsx_structure(documents):
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(documents[0])))["Lampiran"]
    header = next(row for row in range(1, 20) if sheet.cell(row, 1).value == "NO")
    assert sheet.print_title_rows == f"${header}:${header + 1}"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert [sheet.cell(header + 1, column).value for column in range(1, 5)] == ["[1]", "[2]", "[3]", "[4]"]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert f"A{header + 2}:A{header + 6}" in merged and f"B{header + 2}:B{header + 6}" in merged
    assert sheet.cell(header + 2, 3).alignment.wrap_text
