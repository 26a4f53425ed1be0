"""What an XLSX or a Word file prints, as lines of text and tables of cell texts.

A Word file gives its paragraphs and its tables in the order of the document
(a table's merged cells come back repeated, as python-docx gives them); a
spreadsheet gives each sheet's rows (a merged cell's value in its first cell
only). The statement is read from the lines, the attachment from the tables.
"""

import io

from docx import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from kinerja.intake.grid import clean


def word_blocks(data: bytes) -> tuple[list[str], list[list[list[str]]]]:
    """The lines (paragraphs, and the rows of tables that are not a grid of targets) and the tables."""
    document = WordDocument(io.BytesIO(data))
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(part for part in block.text.split("\n"))
        elif isinstance(block, Table):
            rows = [[clean(cell.text) for cell in row.cells] for row in block.rows]
            tables.append(rows)
            lines.extend(_row_line(row) for row in rows)
    for section in document.sections:
        for paragraph in section.footer.paragraphs:
            lines.append(paragraph.text)
    return lines, tables


def _row_line(cells: list[str]) -> str:
    """A table row as one line ("Nama : MARTHEN KAMBU"), repeated merged cells once."""
    parts: list[str] = []
    for cell in cells:
        if cell and (not parts or parts[-1] != cell):
            parts.append(cell)
    line = " ".join(parts)
    return line.replace(" : ", " : ").replace(" :", " :")


def sheet_rows(workbook) -> tuple[list[str], list[list[list[str]]]]:
    """Each visible sheet's rows as cell texts (one table per sheet), and its rows as lines."""
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        rows = [[clean(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        tables.append(rows)
        lines.extend(_row_line(row) for row in rows)
    return lines, tables
