"""The attachment's table of a scanned PK, from the words OCR read and where they stand.

A page's lines are cut into pieces where the gap between two words is wider
than a column gap; each piece goes to the column whose header it stands under
(NO, SASARAN STRATEGIS, KELUARAN, INDIKATOR KINERJA, TARGET). A line that starts
nothing (no number, no letter "a.", no target, no activity code) continues the
cells of the line before, as a cell's text wraps. What OCR reads is checked by
intake.corrections afterwards; here every piece keeps its lowest confidence.
"""

import dataclasses
import re
import statistics

from kinerja.intake import grid
from kinerja.intake.ocr import Line, PageText

QR_LINES = 3  # the verification QR code stands beside this many lines above the verification code
GAP_FACTOR = 1.1  # a gap wider than this many word heights separates two columns
# What the page prints around the table: the verification code and its address, the footer.
_PAGE_MARKS = re.compile(r"Kode verifikasi|https?://|/v/|Perjanjian Kinerja \d{4}\s*[|I1l]?\s*\d*$", re.I)
# Where the table ends: the budget lines, the place and date, the signatures.
_AFTER_TABLE = re.compile(r"^(Program\b|Pihak (Pertama|Kedua)|[A-Z][a-z]+, \d{1,2} [A-Z][a-z]+ \d{4})")
_STARTS_ROW = re.compile(r"^(\d{1,2}\s*[.:;,]|[A-Za-z]{1,2}[.,]\s|[a-z]\.|\d{4}\s)")


@dataclasses.dataclass
class Piece:
    text: str
    left: int
    right: int
    confidence: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def pieces(line: Line) -> list[Piece]:
    """The line cut at gaps wider than a column gap."""
    words = list(line.words)
    height = statistics.median(word.height for word in words)
    found: list[Piece] = []
    for word in words:
        gap = word.left - found[-1].right if found else None
        if found and gap is not None and gap <= GAP_FACTOR * height and word.text != "|":
            last = found[-1]
            last.text = f"{last.text} {word.text}"
            last.right = word.left + word.width
            last.confidence = min(last.confidence, word.confidence)
        elif word.text != "|":
            found.append(Piece(word.text, word.left, word.left + word.width, word.confidence))
    return found


def _header(pieces_: list[Piece]) -> dict[str, float] | None:
    """The centre of each column's header, when the line is the table's header."""
    roles = grid.header_roles([piece.text for piece in pieces_])
    if not roles:
        return None
    return {role: pieces_[index].centre for role, index in roles.items()}


@dataclasses.dataclass
class Table:
    roles: list[str]  # the columns, left to right
    rows: list[list[str]] = dataclasses.field(default_factory=list)
    confidence: list[float] = dataclasses.field(default_factory=list)  # each row's lowest word confidence


def table(pages: list[PageText]) -> Table | None:
    """The attachment's table over all pages (the header repeated on each page read once), or None."""
    result: Table | None = None
    centres: dict[str, float] = {}
    ended = False
    for page in pages:
        lines = _above_the_footer(sorted(page.lines, key=lambda line: line.box[1]))
        for line in lines:
            cut = [piece for piece in pieces(line) if not _PAGE_MARKS.search(piece.text)]
            if not cut or ended:
                continue
            if result is not None and len(result.rows) > 1 and _AFTER_TABLE.match(cut[0].text):
                ended = True
                continue
            header = _header(cut)
            if header:
                centres = header
                if result is None:
                    result = Table(roles=sorted(header, key=header.get))
                    # The header as printed, one cell per column (the grid reader knows the columns by it).
                    by_centre = {piece.centre: piece.text for piece in cut}
                    result.rows.append([by_centre[header[role]] for role in result.roles])
                    result.confidence.append(100.0)
                continue
            if result is None or not centres:
                continue
            _place(result, centres, cut)
    return result


def _above_the_footer(lines: list[Line]) -> list[Line]:
    """The lines above the page's verification block and footer: the QR code printed there reads as
    a few short lines of noise (numbers among them), which must not become rows of the table."""
    marked = [line.box[1] for line in lines if _PAGE_MARKS.search(line.text)]
    if not marked or not lines:
        return lines
    height = statistics.median(line.box[3] - line.box[1] for line in lines)
    cut = min(marked) - QR_LINES * height
    return [line for line in lines if line.box[1] < cut]


def _column(centres: dict[str, float], piece: Piece) -> str:
    """A short piece left of the text columns is the row's number; any other goes by its left edge
    (the text of a cell is left-aligned, its header centred) to the column between the midpoints of
    the headers' centres."""
    text_columns = sorted((centre, role) for role, centre in centres.items() if role != "no")
    if "no" in centres and len(piece.text) <= 3 and piece.right < text_columns[0][0]:
        return "no"
    role = text_columns[0][1]
    for (left_centre, _left), (right_centre, right_role) in zip(text_columns, text_columns[1:], strict=False):
        if piece.left >= (left_centre + right_centre) / 2:
            role = right_role
    return role


def _place(result: Table, centres: dict[str, float], cut: list[Piece]) -> None:
    cells = {role: "" for role in result.roles}
    for piece in cut:
        role = _column(centres, piece)
        cells[role] = f"{cells[role]} {piece.text}".strip()
    if not any(cells.values()):
        return
    lowest = min(piece.confidence for piece in cut)
    starts = (
        bool(cells.get("no"))
        or bool(cells.get("target"))
        or any(_STARTS_ROW.match(cells.get(role, "")) for role in ("goal", "output", "indicator"))
    )
    if starts or len(result.rows) == 1:
        result.rows.append([cells[role] for role in result.roles])
        result.confidence.append(lowest)
        return
    result.confidence[-1] = min(result.confidence[-1], lowest)
    previous = result.rows[-1]
    for index, role in enumerate(result.roles):
        if cells[role]:
            joiner = "" if previous[index].endswith(("/", "-")) else " "
            previous[index] = f"{previous[index]}{joiner}{cells[role]}".strip()
