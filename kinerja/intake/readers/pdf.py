"""What a PDF with a text layer prints: its lines of text, and its ruled tables (pdfplumber).

A table that runs over several pages comes back as one list of rows: a page's
table without the header continues the one before (the grid reader skips a
header repeated on a new page). A PDF whose pages carry no text is a scan
(`has_text` false): it goes to OCR.
"""

import io
import re

import pdfplumber

WATERMARK_SIZE = 40  # points: no text of a PK is printed this large
MIN_TEXT_CHARS = 40  # per page, on average: fewer and the file is a scan
# Tight tolerances: the many small rectangles of a QR code on the page must not snap onto the table's rules.
TABLE_SETTINGS = {"snap_tolerance": 1, "join_tolerance": 1, "intersection_tolerance": 1}


def text_and_tables(data: bytes) -> tuple[list[str], list[list[str | None]], int]:
    """The lines of all pages, the rows of all ruled tables in order, and the number of characters read."""
    lines: list[str] = []
    rows: list[list[str | None]] = []
    chars = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for whole in pdf.pages:
            # Without the watermark of a draft ("DRAF", large and turned across the page).
            page = whole.filter(lambda obj: obj.get("object_type") != "char" or obj.get("size", 0) < WATERMARK_SIZE)
            text = page.extract_text() or ""
            chars += len(text.strip())
            lines.extend(text.split("\n"))
            for table in page.extract_tables(TABLE_SETTINGS):
                rows.extend([_joined(cell) for cell in row] for row in table)
            whole.flush_cache()
    return lines, rows, chars


def has_text(chars: int, pages: int) -> bool:
    return pages > 0 and chars / pages >= MIN_TEXT_CHARS


def _joined(cell: str | None) -> str | None:
    """A cell's lines joined: without a space after a slash or a hyphen where a word broke."""
    return re.sub(r"(?<=[/-])\n", "", cell) if cell else cell
