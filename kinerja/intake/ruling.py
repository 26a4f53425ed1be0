"""The horizontal lines ruled on a scanned page: where a table's cells end.

A table's rows are told apart by its rules far more surely than by its text: the
goal of a commission's PK is centred in a cell merged over several indicators, and
only the rules say which indicators are its own. Each row of pixels is cut into
strips STRIP pixels wide; a strip almost all ink is a piece of a rule, and
unbroken runs of such strips at least MIN_LENGTH of the page's width long (no
letter draws a stroke that long) are pieces of rules. Pieces a few pixels apart
in height and close end to end are one rule: a thick line, a line the scan broke
for a moment, or one the straightening left a pixel off level. Pillow only: nothing heavier is needed.
"""

import dataclasses

from PIL import Image

STRIP = 16  # pixels
INK = 0.7  # the least share of a strip's pixels that are ink, for the strip to be a piece of a rule
MIN_LENGTH = 0.08  # of the page's width (17 mm of an A4): longer than a letter's stroke, shorter than a cell
MAX_GAP = 2  # strips between two pieces of one rule (a break in the scan's line, a tilt of a pixel)
SAME_RULE = 4  # pixels: rows closer than this are the same rule


@dataclasses.dataclass(frozen=True)
class Rule:
    """A horizontal line from `left` to `right` at height `y`, in pixels of the page."""

    y: int
    left: int
    right: int

    def crosses(self, x: float) -> bool:
        return self.left <= x <= self.right


def rules(page: Image.Image, threshold: int) -> tuple[Rule, ...]:
    """The horizontal rules of `page` (greyscale; ink is at or below `threshold`), top to bottom."""
    ink = page.point([255 if level <= threshold else 0 for level in range(256)])
    columns = max(1, page.width // STRIP)
    strips = ink.resize((columns, page.height), Image.Resampling.BOX).tobytes()
    level = INK * 255
    least = max(2, round(MIN_LENGTH * page.width / STRIP))
    found: list[tuple[int, int, int]] = []  # (y, first strip, last strip)
    for y in range(page.height):
        row = strips[y * columns : (y + 1) * columns]
        if max(row) < level:
            continue  # most rows: text or paper
        start = last = None
        for x, value in enumerate(row):
            if value < level:
                continue
            if start is not None and x == last + 1:
                last = x
                continue
            if start is not None and last - start + 1 >= least:
                found.append((y, start, last))
            start = last = x
        if start is not None and last - start + 1 >= least:
            found.append((y, start, last))
    return tuple(_merged(found))


def _merged(found: list[tuple[int, int, int]]) -> list[Rule]:
    """Pieces on rows close together and overlapping are one rule, at their middle row."""
    groups: list[list[tuple[int, int, int]]] = []
    for piece in found:
        y, first, last = piece
        for group in reversed(groups[-8:]):
            near = any(first <= b + MAX_GAP + 1 and a <= last + MAX_GAP + 1 for _y, a, b in group)
            if y - group[-1][0] <= SAME_RULE and near:
                group.append(piece)
                break
        else:
            groups.append([piece])
    merged = []
    for group in groups:
        ys = sorted(y for y, _a, _b in group)
        left = min(a for _y, a, _b in group) * STRIP
        right = (max(b for _y, _a, b in group) + 1) * STRIP
        merged.append(Rule(ys[len(ys) // 2], left, right))
    return sorted(merged, key=lambda rule: rule.y)
