"""Writing user text into spreadsheets without it ever becoming a formula."""

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# What a spreadsheet program reads as the start of a formula (or of a command, via DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    For files written in openpyxl's write-only mode and read back by an import,
    where the apostrophe is part of the text rather than the quote-prefix flag
    that `keep_as_text` sets. Text that already starts with apostrophes before
    a formula start gets one more, so that taking exactly one off on import
    (`restore_formula_text`) always gives the original.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def restore_formula_text(text: str) -> str:
    """The inverse of `neutralise_formula`."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS) else text


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
