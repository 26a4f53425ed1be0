"""The attachment (Lampiran) of an agreement as a spreadsheet (openpyxl), for
units that compile the targets of many agreements: heading, the table of
targets, the budget lines, and the place, date and signature blocks.

Every text is written as a string: a text that starts like a formula
("=SUM(A1)", "+1", "-1", "@x") stays text and is never evaluated.
"""

import io
import json
import math

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.documents.data import SHEET_NAME
from kinerja.documents.model import Attachment, BudgetLine, Document, Section, Signatures
from kinerja.lib.sheets import keep_as_text

FONT_NAME = "Arial"
WIDTHS = {"A": 7, "B": 42, "C": 42, "D": 16}
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
NUMBER_FILL = PatternFill("solid", fgColor="F2F2F2")
LINE_HEIGHT = 12.75  # points per line of Arial 10
CHARS_PER_WIDTH = 1.05  # characters of Arial 10 per unit of column width, on the safe side

SIGNATURE_SPACE = 70  # points (2.5 cm) for the wet signature and the stamp

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTRE_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
WRAP_MIDDLE = Alignment(wrap_text=True, vertical="center")
WRAP_CENTRE_MIDDLE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _text(cell: Cell, text: str | None, *, bold: bool = False, alignment: Alignment = WRAP_TOP) -> Cell:
    """Write a text as a string, never as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", text or "")
    cell.value = value or None
    if value:
        cell.data_type = "s"
        keep_as_text(cell)
    cell.font = Font(name=FONT_NAME, size=10, bold=bold)
    cell.alignment = alignment
    return cell


def _lines(text: str | None, width: float) -> int:
    """Lines a wrapped text needs in a column (or merged columns) of this width.

    Row heights are set from this estimate: no spreadsheet program grows a row
    for a merged cell, and not all of them grow one for wrapped text.
    """
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in (text or "").split("\n"))


def _grid(sheet: Worksheet, row: int, first: int = 1, last: int = 4) -> None:
    for column in range(first, last + 1):
        sheet.cell(row, column).border = GRID


def _numbered(no: str) -> str:
    return f"{no}." if no else ""


class _RowHeights:
    """How many lines of text each row needs; written as row heights at the end."""

    def __init__(self) -> None:
        self.lines: dict[int, int] = {}

    def need(self, row: int, count: int) -> None:
        self.lines[row] = max(self.lines.get(row, 1), count)

    def apply(self, sheet: Worksheet) -> None:
        for row, count in self.lines.items():
            sheet.row_dimensions[row].height = count * LINE_HEIGHT + 4


def _merge_across(sheet: Worksheet, row: int, first: int, last: int) -> None:
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _heading(sheet: Worksheet, attachment: Attachment) -> int:
    """The centred heading lines, then the meta lines ("Unit Organisasi : …"); the next free row."""
    row = 1
    for line in attachment["heading"]:
        _text(sheet.cell(row, 1), line, bold=True, alignment=WRAP_CENTRE_MIDDLE).font = Font(
            name=FONT_NAME, size=12, bold=True
        )
        _merge_across(sheet, row, 1, 4)
        row += 1
    row += 1
    for meta in attachment["meta"]:
        label, value = ([*meta, "", ""])[:2]
        _text(sheet.cell(row, 1), label)
        _merge_across(sheet, row, 1, 2)
        _text(sheet.cell(row, 3), f": {value}" if value else ":")
        _merge_across(sheet, row, 3, 4)
        row += 1
    if attachment["meta"]:
        row += 1
    return row


def _column_header(sheet: Worksheet, attachment: Attachment, row: int) -> None:
    """The column titles and, below them, their numbers [1]…[4]."""
    columns = [*attachment["columns"], "", "", "", ""][:4]
    for column, title in enumerate(columns, start=1):
        _text(sheet.cell(row, column), title, bold=True, alignment=WRAP_CENTRE_MIDDLE).fill = HEADER_FILL
        _text(sheet.cell(row + 1, column), f"[{column}]", alignment=WRAP_CENTRE_MIDDLE).fill = NUMBER_FILL
    _grid(sheet, row)
    _grid(sheet, row + 1)


def _activity(sheet: Worksheet, section: Section, row: int, heights: _RowHeights) -> int:
    """A secretariat's section: a header row for the activity, then its outputs; the next free row."""
    _text(sheet.cell(row, 1), _numbered(section["no"]), alignment=WRAP_CENTRE_TOP)
    title = sheet.cell(row, 2)
    _text(title, section["title"])
    if section["code"]:
        title.value = CellRichText(
            TextBlock(InlineFont(rFont=FONT_NAME, sz=10, b=True), ILLEGAL_CHARACTERS_RE.sub("", section["code"])),
            TextBlock(InlineFont(rFont=FONT_NAME, sz=10), "  " + ILLEGAL_CHARACTERS_RE.sub("", section["title"])),
        )
    _merge_across(sheet, row, 2, 4)
    heights.need(row, _lines(section["code"] + "  " + section["title"], WIDTHS["B"] + WIDTHS["C"] + WIDTHS["D"]))
    _grid(sheet, row)
    row += 1
    for r in section["rows"]:
        output = f"{r['letter']}. {r['output']}" if r["letter"] else r["output"]
        _text(sheet.cell(row, 1), "")
        _text(sheet.cell(row, 2), output)
        _text(sheet.cell(row, 3), r["indicator"])
        _text(sheet.cell(row, 4), r["target"], alignment=WRAP_CENTRE_TOP)
        heights.need(
            row,
            max(_lines(output, WIDTHS["B"]), _lines(r["indicator"], WIDTHS["C"]), _lines(r["target"], WIDTHS["D"])),
        )
        _grid(sheet, row)
        row += 1
    return row


def _goal(sheet: Worksheet, section: Section, row: int, heights: _RowHeights) -> int:
    """A commission's section: number and strategic goal span the goal's indicators; the next free row."""
    rows = section["rows"]
    height = max(len(rows), 1)
    title = f"{section['code']}  {section['title']}" if section["code"] else section["title"]
    _text(sheet.cell(row, 1), _numbered(section["no"]), alignment=WRAP_CENTRE_MIDDLE)
    _text(sheet.cell(row, 2), title, alignment=WRAP_MIDDLE)
    for offset, r in enumerate(rows):
        indicator = f"{r['letter']}. {r['indicator']}" if r["letter"] else r["indicator"]
        _text(sheet.cell(row + offset, 3), indicator)
        _text(sheet.cell(row + offset, 4), r["target"], alignment=WRAP_CENTRE_TOP)
        heights.need(row + offset, max(_lines(indicator, WIDTHS["C"]), _lines(r["target"], WIDTHS["D"])))
    for offset in range(height):
        _grid(sheet, row + offset)
        heights.need(row + offset, 1)
    # The merged title gets the room it needs from the section's last row.
    missing = _lines(title, WIDTHS["B"]) - sum(heights.lines[row + offset] for offset in range(height))
    if missing > 0:
        heights.lines[row + height - 1] += missing
    if height > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row + height - 1, end_column=1)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row + height - 1, end_column=2)
    return row + height


def _budget(sheet: Worksheet, budget: list[BudgetLine], row: int, heights: _RowHeights) -> int:
    """The budget lines ("Program … (code)  = Rp …"), after an empty row; the next free row."""
    if not budget:
        return row
    row += 1
    for line in budget:
        _text(sheet.cell(row, 1), line["label"])
        _merge_across(sheet, row, 1, 2)
        _text(sheet.cell(row, 3), "= " + line["amount"])
        heights.need(row, _lines(line["label"], WIDTHS["A"] + WIDTHS["B"]))
        row += 1
    return row


def _signatures(sheet: Worksheet, place_date: str, signatures: Signatures, row: int) -> None:
    """Place and date, then Pihak Kedua left (A:B) and Pihak Pertama right (C:D), as on paper."""
    _text(sheet.cell(row, 3), place_date, alignment=WRAP_CENTRE_MIDDLE)
    _merge_across(sheet, row, 3, 4)
    for first, signature in ((1, signatures["left"]), (3, signatures["right"])):
        if signature is None:
            continue
        _text(sheet.cell(row + 1, first), signature["role"], alignment=WRAP_CENTRE_MIDDLE)
        name = _text(sheet.cell(row + 3, first), signature["name"], alignment=WRAP_CENTRE_MIDDLE)
        name.font = Font(name=FONT_NAME, size=10, bold=True, underline="single")
        for at in (row + 1, row + 3):
            _merge_across(sheet, at, first, first + 1)
    sheet.row_dimensions[row + 2].height = SIGNATURE_SPACE


def _page_setup(sheet: Worksheet, header: int, footer: str | None) -> None:
    """A4 portrait, one page wide, the column header repeated on every page, footer and page number."""
    sheet.freeze_panes = sheet.cell(header + 2, 1)
    sheet.print_title_rows = f"{header}:{header + 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.8
    sheet.page_margins.top = sheet.page_margins.bottom = 0.9
    sheet.oddFooter.right.text = (footer or "").replace("&", "&&") + " | &P"
    sheet.print_options.horizontalCentered = True


def render_xlsx(document: Document) -> bytes:
    """The attachment as a workbook of one sheet, "Lampiran", laid out like the printed page."""
    attachment = document["attachment"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lampiran"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    heights = _RowHeights()

    header = _heading(sheet, attachment)
    _column_header(sheet, attachment, header)
    row = header + 2
    for section in attachment["sections"]:
        if any(r["output"] for r in section["rows"]):
            row = _activity(sheet, section, row, heights)
        else:
            row = _goal(sheet, section, row, heights)
    row = _budget(sheet, attachment["budget"], row, heights)
    _signatures(sheet, document["place_date"], document["signatures"], row + 1)
    heights.apply(sheet)
    _page_setup(sheet, header, document["footer"])
    if document.get("data"):
        _data_sheet(workbook, document["data"])

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


DATA_CHUNK = 30_000  # characters per cell, below the 32,767 a cell holds


def _data_sheet(workbook: Workbook, data: dict) -> None:
    """The content as data (documents.data), as JSON in column A of a very hidden sheet, cut into cells."""
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.sheet_state = "veryHidden"
    text = json.dumps(data, ensure_ascii=False)
    for row, start in enumerate(range(0, len(text), DATA_CHUNK), start=1):
        cell = sheet.cell(row, 1)
        cell.value = text[start : start + DATA_CHUNK]
        cell.data_type = "s"
