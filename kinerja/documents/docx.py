"""Editable Word version of an agreement (python-docx): the same content and
layout as the PDF, for units that must adjust the wording before signing."""

import io
import json
import re

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from kinerja.documents.data import ATTACHMENT_NAME, DATA_RELATIONSHIP
from kinerja.documents.model import Document, Section, Signatures

FONT = "Arial"  # metric-compatible with Liberation Sans, the PDF's font; present wherever Word is
BODY_SIZE = Pt(11)
TABLE_SIZE = Pt(10)
TEXT_WIDTH = Cm(16)  # A4 (21 cm) less two margins of 2.5 cm
COLUMN_WIDTHS = (Cm(1.28), Cm(6.08), Cm(6.08), Cm(2.56))  # 8 % / 38 % / 38 % / 16 %
HEADER_FILL = "D9D9D9"
NUMBER_FILL = "F2F2F2"

# Characters that XML 1.0 cannot carry (python-docx refuses them).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str | None) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _set_font(style_or_run_font, size=None) -> None:
    style_or_run_font.name = FONT
    if size is not None:
        style_or_run_font.size = size


def _set_east_asian(style) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container, text: str = "", *, bold=False, underline=False, size=None, align=None, after=None, before=None
):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold = bold or None
        run.underline = underline or None
        if size is not None:
            run.font.size = size
    _format(paragraph, align=align, after=after, before=before)
    return paragraph


def _format(paragraph: Paragraph, *, align=None, after=None, before=None) -> None:
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = after
    if before is not None:
        paragraph.paragraph_format.space_before = before


def _cell(table, row: int, column: int) -> _Cell:
    """The cell at (row, column) straight from the row's XML.

    python-docx's `table.cell()` walks every cell of the table on each call,
    which made a 30-row attachment take ~300 ms; reaching into the row is
    constant time. Valid while the row has no horizontal merge before
    `column`, which is how the table is filled: text first, merges after.
    """
    return _Cell(table._tbl.tr_lst[row].tc_lst[column], table)


def _cell_text(cell: _Cell, text: str, *, bold=False, underline=False, align=None, size=None) -> Paragraph:
    """Write into the cell's first (empty) paragraph."""
    paragraph = cell.paragraphs[0]
    if text:
        run = paragraph.add_run(_clean(text))
        run.bold = bold or None
        run.underline = underline or None
        if size is not None:
            run.font.size = size
    _format(paragraph, align=align, after=Pt(0))
    return paragraph


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # Word insists on the schema's order of the cell's properties.
    tc_pr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _indent_table(table: Table, indent) -> None:
    tbl_pr = table._tbl.tblPr
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), str(int(indent.twips)))
    ind.set(qn("w:type"), "dxa")
    tbl_pr.insert_element_before(ind, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _table(container, rows: int, widths, *, style=None) -> Table:
    table = container.add_table(rows=rows, cols=len(widths))
    if style:
        table.style = style
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for index, width in enumerate(widths):
        table.columns[index].width = width
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = width
    return table


def _label_rows(container, rows: list[tuple[str, str]], *, after: list[str] = (), indent=None) -> None:
    """ "Label : value" rows, colons aligned, in a borderless table."""
    widths = (Cm(3.2), Cm(0.5), Emu(TEXT_WIDTH - Cm(3.7) - (indent or Cm(0))))
    table = _table(container, len(rows) + len(after), widths)
    if indent:
        _indent_table(table, indent)
    for index, (label, value) in enumerate(rows):
        cells = table.rows[index].cells
        _cell_text(cells[0], label)
        _cell_text(cells[1], ":")
        _cell_text(cells[2], value)
    for offset, line in enumerate(after):
        cells = table.rows[len(rows) + offset].cells
        _cell_text(cells[0].merge(cells[2]), line)


def _signatures(container, place_date: str, signatures: Signatures) -> None:
    """Place and date above the right block; Pihak Kedua left, Pihak Pertama right."""
    half = Emu(TEXT_WIDTH // 2)
    table = _table(container, 2, (half, half))
    for row in table.rows:
        _cant_split(row)
    _cell_text(_cell(table, 0, 1), place_date, align=WD_ALIGN_PARAGRAPH.CENTER)
    for column, signature in enumerate((signatures["left"], signatures["right"])):
        cell = _cell(table, 1, column)
        if signature is None:
            continue
        role = _cell_text(cell, signature["role"], align=WD_ALIGN_PARAGRAPH.CENTER)
        role.paragraph_format.keep_with_next = True
        name = _paragraph(cell, signature["name"], bold=True, underline=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        name.paragraph_format.space_before = Cm(2.5)  # room for the wet signature and the stamp


def _footer(section, text: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(_clean(text) + " | ").font.size = Pt(9)
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(9)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instruction
            run._r.append(code)
        else:
            run.text = "1"


def _numbered(no: str) -> str:
    return f"{no}." if no else ""


def _attachment_table(word, document: Document) -> None:
    """The table of targets: two header rows repeated on every page, then one block per section."""
    attachment = document["attachment"]
    sections = attachment["sections"]
    body_rows = sum(_section_height(section) for section in sections)
    table = _table(word, 2 + body_rows, COLUMN_WIDTHS, style="Table Grid")
    _column_header(table, [*attachment["columns"], "", "", "", ""][:4])
    row = 2
    for section in sections:
        if any(r["output"] for r in section["rows"]):
            row = _activity_rows(table, section, row)
        else:
            row = _goal_rows(table, section, row)
    for table_row in table.rows:
        for cell in table_row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = TABLE_SIZE


def _column_header(table: Table, columns: list[str]) -> None:
    """The column titles and, below them, their numbers [1]…[4]: both repeat on every page."""
    for index, title in enumerate(columns):
        cell = _cell(table, 0, index)
        _shade(cell, HEADER_FILL)
        _cell_text(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell = _cell(table, 1, index)
        _shade(cell, NUMBER_FILL)
        _cell_text(cell, f"[{index + 1}]", align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_as_header(table.rows[0])
    _repeat_as_header(table.rows[1])


def _activity_rows(table: Table, section: Section, row: int) -> int:
    """A secretariat's section: a header row for the activity, then its outputs; the next free row."""
    _cell_text(_cell(table, row, 0), _numbered(section["no"]), align=WD_ALIGN_PARAGRAPH.CENTER)
    title = table.cell(row, 1).merge(table.cell(row, 3))
    paragraph = title.paragraphs[0]
    if section["code"]:
        paragraph.add_run(_clean(section["code"]) + "  ").bold = True
    paragraph.add_run(_clean(section["title"]))
    paragraph.paragraph_format.space_after = Pt(0)
    table.rows[row].cells[0].paragraphs[0].paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_with_next = True
    row += 1
    for r in section["rows"]:
        _cell_text(_cell(table, row, 0), "")
        output = _cell_text(_cell(table, row, 1), f"{r['letter']}.\t{r['output']}" if r["letter"] else r["output"])
        if r["letter"]:
            output.paragraph_format.left_indent = Cm(0.5)
            output.paragraph_format.first_line_indent = Cm(-0.5)
            output.paragraph_format.tab_stops.add_tab_stop(Cm(0.5))
        _cell_text(_cell(table, row, 2), r["indicator"])
        _cell_text(_cell(table, row, 3), r["target"], align=WD_ALIGN_PARAGRAPH.CENTER)
        row += 1
    return row


def _goal_rows(table: Table, section: Section, row: int) -> int:
    """A commission's section: number and strategic goal span the goal's indicators; the next free row."""
    height = _section_height(section)
    no = table.cell(row, 0).merge(table.cell(row + height - 1, 0)) if height > 1 else table.cell(row, 0)
    title = table.cell(row, 1).merge(table.cell(row + height - 1, 1)) if height > 1 else table.cell(row, 1)
    _cell_text(no, _numbered(section["no"]), align=WD_ALIGN_PARAGRAPH.CENTER)
    text = f"{section['code']}  {section['title']}" if section["code"] else section["title"]
    _cell_text(title, text)
    for cell in (no, title):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for offset, r in enumerate(section["rows"]):
        indicator = f"{r['letter']}. {r['indicator']}" if r["letter"] else r["indicator"]
        _cell_text(_cell(table, row + offset, 2), indicator)
        _cell_text(_cell(table, row + offset, 3), r["target"], align=WD_ALIGN_PARAGRAPH.CENTER)
    return row + height


def _section_height(section: Section) -> int:
    rows = len(section["rows"])
    if any(r["output"] for r in section["rows"]):
        return 1 + rows
    return max(rows, 1)


def _budget(word, document: Document) -> None:
    budget = document["attachment"]["budget"]
    if not budget:
        return
    _paragraph(word, after=Pt(0))
    table = _table(word, len(budget), (Cm(10.6), Cm(0.6), Cm(4.8)))
    for index, line in enumerate(budget):
        cells = table.rows[index].cells
        _cell_text(cells[0], line["label"])
        _cell_text(cells[1], "=")
        _cell_text(cells[2], line["amount"])
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(4)


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    word.core_properties.title = _clean(document["title"])

    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.footer_distance = Cm(1.2)

    normal = word.styles["Normal"]
    _set_font(normal.font, BODY_SIZE)
    _set_east_asian(normal)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15

    # Statement
    for line in document["header"]:
        _paragraph(word, line, bold=True, size=Pt(13), align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))
    _paragraph(
        word, document["title"], bold=True, size=Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, before=Pt(18), after=Pt(18)
    )
    statement = document["statement"]
    _paragraph(word, statement["opening"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for party in statement["parties"]:
        _label_rows(
            word, [("Nama", party["name"]), ("Jabatan", party["position"])], after=party["after"], indent=Cm(0.8)
        )
        _paragraph(word, after=Pt(0))
    for text in statement["paragraphs"]:
        _paragraph(word, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(word, after=Pt(6))
    _signatures(word, document["place_date"], document["signatures"])

    # Attachment
    attachment = document["attachment"]
    word.add_page_break()
    for line in attachment["heading"]:
        _paragraph(word, line, bold=True, size=Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))
    _paragraph(word, after=Pt(0))
    if attachment["meta"]:
        _label_rows(word, [((meta + ["", ""])[0], (meta + ["", ""])[1]) for meta in attachment["meta"]])
        _paragraph(word, after=Pt(0))
    _attachment_table(word, document)
    _budget(word, document)
    _paragraph(word, after=Pt(6))
    _signatures(word, document["place_date"], document["signatures"])

    _footer(section, document["footer"])
    if document.get("data"):
        _data_part(word, document["data"])

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _data_part(word, data: dict) -> None:
    """The content as data (documents.data), as a JSON part of the package related to the document."""
    part = Part(
        PackURI(f"/kinerja/{ATTACHMENT_NAME}"),
        "application/json",
        json.dumps(data, ensure_ascii=False).encode(),
        word.part.package,
    )
    word.part.relate_to(part, DATA_RELATIONSHIP)
