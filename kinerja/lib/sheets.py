"""Writing user text into spreadsheets without it ever becoming a formula."""

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet program reads as the start of a formula (or of a command, via DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def keep_as_text(cell: Cell) -> Cell:
    """A text that looks like a formula stays text, exactly as written.

    openpyxl turns any string starting with "=" into a formula; the cell is
    set back to a string and marked with the leading-apostrophe flag that Excel
    itself records for typed text, so it stays text when edited.
    """
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(sheet: Worksheet, values: list) -> None:
    """`sheet.append(values)` with every formula-looking text kept as text."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        keep_as_text(cell)
