"""Straightening a scanned page before OCR: a sheet turns a little in a feeder.

The skew is found by turning a small binarised copy of the page by each angle
tried and keeping the one at which its rows of ink alternate most sharply
between text and gaps (the lines of text then lie level); `deskewed` turns the
page back by it. `grey` and `otsu` are the page in greyscale and the level that
splits ink from paper, used by the OCR and the rules' reading too.
"""

import array
import statistics

from PIL import Image

# Deskewing: the angles tried, in degrees, first coarse then fine around the best.
MAX_SKEW = 5.0
COARSE_STEP = 0.5
FINE_STEP = 0.1
SKEW_WIDTH = 700  # pixels: the least width of the copy the skew is measured on
# Lines of text make the best angle score tens of times the median angle; a page where it scores
# less than SKEW_CONTRAST times is left as it is: a blank sheet or a photograph has no lines.
SKEW_CONTRAST = 3.0


def grey(image: Image.Image) -> Image.Image:
    """`image` in 8-bit greyscale: transparency laid on white paper, 16-bit levels scaled, not clipped."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    return image if image.mode == "L" else image.convert("L")


def otsu(histogram: list[int]) -> int:
    """The grey level that best splits ink from paper (Otsu's method: the largest spread between the classes)."""
    total, weighted = sum(histogram), sum(level * count for level, count in enumerate(histogram))
    below = below_weighted = 0
    best, threshold = -1.0, 128
    for level, count in enumerate(histogram):
        below, below_weighted = below + count, below_weighted + level * count
        above = total - below
        if below and above:
            spread = below * above * (below_weighted / below - (weighted - below_weighted) / above) ** 2
            best, threshold = max((best, threshold), (spread, level))
    return threshold


def _sharpness(ink: Image.Image, angle: float) -> float:
    """How sharply the rows of `ink` turned by `angle` alternate between text and gaps.

    The rows' ink (an image one pixel wide, averaged by Pillow) rises and falls
    steeply when the lines of text lie level; the sum of the squared steps from row
    to row is largest there."""
    rows = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
    values = array.array("f", rows.convert("F").resize((1, rows.height), Image.Resampling.BOX).tobytes())
    return sum((after - before) ** 2 for before, after in zip(values, values[1:], strict=False))


def skew_angle(image: Image.Image) -> float:
    """The degrees (counter-clockwise, as PIL's rotate counts) that turn `image`'s lines of text level.

    Measured on a copy about SKEW_WIDTH pixels wide, binarised at Otsu's threshold,
    over ±MAX_SKEW degrees: every COARSE_STEP, then every FINE_STEP around the best.
    0.0 when no angle stands out (a blank sheet, a picture)."""
    page = grey(image)
    factor = max(1, page.width // SKEW_WIDTH)
    small = page.reduce(factor) if factor > 1 else page
    threshold = otsu(small.histogram())
    ink = small.point([255 if level <= threshold else 0 for level in range(256)])
    steps = round(MAX_SKEW / COARSE_STEP)
    scores = {step * COARSE_STEP: _sharpness(ink, step * COARSE_STEP) for step in range(-steps, steps + 1)}
    coarse = max(scores, key=scores.get)
    if scores[coarse] <= SKEW_CONTRAST * statistics.median(scores.values()):
        return 0.0
    fine_steps = round(COARSE_STEP / FINE_STEP)
    for step in range(-fine_steps + 1, fine_steps):
        angle = round(coarse + step * FINE_STEP, 6)
        if abs(angle) <= MAX_SKEW and angle not in scores:
            scores[angle] = _sharpness(ink, angle)
    return round(max(scores, key=scores.get), 2)


def deskewed(image: Image.Image) -> tuple[Image.Image, float]:
    """`image` in greyscale with its lines of text level, and the angle it was turned by."""
    page = grey(image)
    angle = skew_angle(page)
    if abs(angle) < FINE_STEP / 2:
        return page, 0.0
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    turned.info = dict(page.info)
    return turned, angle
