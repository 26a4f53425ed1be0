"""The attachment's table of a scanned PK, from the words OCR read and where they stand.

A page's lines are cut into pieces where the gap between two words is wider
than a column gap; each piece goes to the column whose header it stands under
(NO, SASARAN STRATEGIS, KELUARAN, INDIKATOR KINERJA, TARGET). Where the table
is ruled (intake.ruling), its rules say which cell a piece is in: the rows are
those of the column the most rules cross (the indicators'), and a cell merged
over several of them (a commission's goal) belongs to the first. `refined` has
such merged cells, and cells read unsurely, read again on their own. Where the
table has no rules, a line that starts nothing (no number, no letter "a.", no
target, no activity code) continues the cells of the line before, as a cell's
text wraps. What OCR reads is checked by intake.corrections afterwards; here
every piece keeps its lowest confidence.
"""

import bisect
import dataclasses
import re
import statistics

from kinerja.intake import grid
from kinerja.intake.ocr import Line, PageText
from kinerja.intake.ruling import Rule

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
        placed: list[tuple[Line, list[Piece]]] = []  # the table's lines on this page
        for line in lines:
            cut = [piece for piece in pieces(line) if not _PAGE_MARKS.search(piece.text)]
            if not cut or ended:
                continue
            if result is not None and (len(result.rows) > 1 or placed) and _AFTER_TABLE.match(cut[0].text):
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
            placed.append((line, cut))
        if placed and not _place_in_cells(result, centres, placed, page.rules):
            for _line, cut in placed:
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


MIN_COVER = 0.6  # of a column's width: a rule shorter than this across it is not the column's (a letter's stroke)


def _spans(centres: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Each column from the midpoint with its left neighbour's header to the midpoint with its right one's
    (the outer columns as wide on their outer side as on their inner side)."""
    ordered = sorted(centres.items(), key=lambda item: item[1])
    spans = {}
    for index, (role, centre) in enumerate(ordered):
        left = (ordered[index - 1][1] + centre) / 2 if index else None
        right = (centre + ordered[index + 1][1]) / 2 if index + 1 < len(ordered) else None
        left = left if left is not None else centre - (right - centre if right is not None else 0)
        right = right if right is not None else centre + (centre - left)
        spans[role] = (left, right)
    return spans


def _across(rules: tuple[Rule, ...], centres: dict[str, float], below: float = -1) -> dict[str, list[int]]:
    """For each column, the heights of the rules across it (below `below`), top to bottom."""
    across: dict[str, list[int]] = {}
    for role, (left, right) in _spans(centres).items():
        across[role] = [
            rule.y
            for rule in rules
            if rule.y > below and min(rule.right, right) - max(rule.left, left) >= MIN_COVER * (right - left)
        ]
    return across


def _place_in_cells(result: Table, centres: dict[str, float], placed: list, rules: tuple[Rule, ...]) -> bool:
    """A page's table lines put in the cells its rules draw; False (nothing placed) on a page without
    rules enough to tell its rows apart.

    Each column's cells are cut by the rules across it; the finest column (the one the most rules
    cross: the indicators') gives the rows. A cell of a column with fewer rules (a goal merged over
    its indicators, its text centred in the middle of them) belongs to the first row it spans."""
    if not rules:
        return False
    top = min(line.box[1] for line, _cut in placed)
    bottom = max(line.box[3] for line, _cut in placed)
    across = _across(rules, centres)
    finest = max(result.roles, key=lambda role: len(across[role]))
    inside = [y for y in across[finest] if top < y < bottom]
    if len(inside) < 2:
        return False  # a table without rules between its rows (or a page with one row): read by its lines

    def row_of(y: float) -> int:
        return bisect.bisect_right(across[finest], y)

    cells: dict[int, dict[str, list[tuple[float, Piece]]]] = {}
    for line, cut in placed:
        middle = (line.box[1] + line.box[3]) / 2
        for piece in cut:
            role = _column(centres, piece)
            opened = [y for y in across[role] if y < middle]
            row = row_of(opened[-1] + 0.5) if opened else row_of(middle)
            cells.setdefault(row, {}).setdefault(role, []).append((middle, piece))
    for row in sorted(cells):
        texts, lowest = [], 100.0
        for role in result.roles:
            text = ""
            for _middle, piece in sorted(cells[row].get(role, []), key=lambda item: (item[0], item[1].left)):
                joiner = "" if text.endswith(("/", "-")) or not text else " "
                text = f"{text}{joiner}{piece.text}"
                lowest = min(lowest, piece.confidence)
            texts.append(text)
        if any(texts):
            result.rows.append(texts)
            result.confidence.append(lowest)
    return True


REREAD_BLOCK = 1000  # the block numbers of lines read again cell by cell start here
REREAD_BELOW = 70  # a cell with a word read less surely than this (of 100) is read again on its own


def refined(page: PageText, read_box) -> PageText:
    """`page` with each merged cell of its table, and each cell with a word read unsurely, read again on
    its own (`read_box(box, block=…)`, ocr.read_box) where that reads surer. The goal of a commission's PK
    stands in one cell over several indicators, its lines between theirs, and Tesseract reading the page's
    lines across the table mixes the two ("Hana delaula" for "Pendaftaran"). A page without the table's
    header, or without rules, is left as it is."""
    lines = sorted(page.lines, key=lambda line: line.box[1])
    centres, header_bottom = None, 0
    for line in lines:
        centres = _header(pieces(line))
        if centres:
            header_bottom = line.box[3]
            break
    if not centres or not page.rules:
        return page
    across = _across(page.rules, centres, below=header_bottom)
    finest = max(across, key=lambda role: len(across[role]))
    kept = list(page.lines)
    for role in across:
        for top, bottom in zip(across[role], across[role][1:], strict=False):
            box = _cell_box(page, centres, role, top, bottom, kept)
            if box is None:
                continue
            inside = [word for line in kept for word in line.words if _within(word, box)]
            merged = any(top + SAME_ROW < y < bottom - SAME_ROW for y in across[finest])
            if not merged and min((word.confidence for word in inside), default=100) >= REREAD_BELOW:
                continue  # a cell as tall as one row, read surely with its row
            again = read_box(box, block=REREAD_BLOCK * (len(kept) + 1))
            words_again = [word for line in again for word in line.words]
            if not words_again or _mean(words_again) < _mean(inside):
                continue
            kept = [
                dataclasses.replace(line, words=tuple(word for word in line.words if not _within(word, box)))
                for line in kept
            ]
            kept = [line for line in kept if line.words] + list(again)
    return dataclasses.replace(page, lines=tuple(kept))


SAME_ROW = 3  # pixels: a row's rule this close to a cell's own is the same rule


def _cell_box(page: PageText, centres, role: str, top: int, bottom: int, lines) -> tuple[int, int, int, int] | None:
    """The box of the cell of `role` between the rules at `top` and `bottom`, from the vertical rules either
    side of its column's header; None outside the table (no such rules there) or for an empty cell."""
    middle = (top + bottom) / 2
    verticals = [rule.y for rule in page.columns if rule.left <= middle <= rule.right]
    centre = centres[role]
    left = max((x for x in verticals if x < centre), default=None)
    right = min((x for x in verticals if x > centre), default=None)
    if left is None or right is None:
        return None
    box = (int(left), top, int(right), bottom)
    return box if any(_within(word, box) for line in lines for word in line.words) else None


def _within(word, box) -> bool:
    left, top, right, bottom = box
    return left <= word.left + word.width / 2 <= right and top <= word.top + word.height / 2 <= bottom


def _mean(words) -> float:
    return statistics.fmean(word.confidence for word in words) if words else 0.0
