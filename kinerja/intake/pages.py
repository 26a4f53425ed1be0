"""The pages of an uploaded PK as images for the review, and on which page each part of the reading stands.

A PDF's pages are rendered with pdfium, an image is shown as it is (scaled down);
Word, Excel and plain text have no page image. Where a part stands (the
statement, each section of the attachment, the budget) is found by its words on
a PDF's text layer; a scan has none, so its parts are placed as a PK is laid out
(the statement on the first page, the attachment after it, the budget at its
end) and the review says the page is a guess.
"""

import io
import re

import pypdfium2 as pdfium
from PIL import Image, ImageOps

DPI = 110  # enough to read a printed PK on a screen, small enough to load quickly
MAX_SIDE = 1600  # pixels on the long side of a page image
PROBE_LENGTH = 24  # characters of a field's text looked for on the pages (a long title wraps and breaks)

_NOT_WORD = re.compile(r"[\W_]+")


class NoPage(LookupError):
    """The file has no such page image."""


def count(data: bytes, kind: str) -> int:
    """How many page images the file has: a PDF's pages, one for an image, none for the others."""
    if kind == "image":
        return 1
    if kind != "pdf":
        return 0
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def png(data: bytes, kind: str, number: int) -> bytes:
    """Page `number` (from 1) of the file as a greyscale PNG; NoPage when there is none.

    Asked only of a file the reader has read, so it has passed the upload checks."""
    if kind == "pdf":
        image = _pdf_page(data, number)
    elif kind == "image" and number == 1:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("L")
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    else:
        raise NoPage(number)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _pdf_page(data: bytes, number: int) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        if not 1 <= number <= len(document):
            raise NoPage(number)
        page = document[number - 1]
        width, height = page.get_size()
        scale = min(DPI / 72, MAX_SIDE / max(width, height, 1))
        image = page.render(scale=scale, grayscale=True).to_pil()
        page.close()
    finally:
        document.close()
    return image if image.mode == "L" else image.convert("L")


def _key(text) -> str:
    return _NOT_WORD.sub("", str(text or "")).casefold()


def _page_texts(data: bytes) -> list[str]:
    """Each page's text layer, letters and digits only (line breaks and spacing aside)."""
    document = pdfium.PdfDocument(data)
    texts = []
    try:
        for page in document:
            text_page = page.get_textpage()
            texts.append(_key(text_page.get_text_bounded()))
            text_page.close()
            page.close()
    finally:
        document.close()
    return texts


def _probes(reading: dict) -> dict[str, list[str]]:
    """For each part of the reading, the texts that show where it stands, surest first."""
    first = reading.get("first_party") or {}
    probes = {"statement": [first.get("name", ""), first.get("position", "")]}
    for s, section in enumerate(reading.get("sections", [])):
        rows = section.get("rows", [])
        probes[f"sections.{s}"] = [section.get("title", "")] + [row.get("indicator", "") for row in rows[:2]]
    probes["budget"] = [line.get("program", "") for line in reading.get("budget", [])[:2]]
    return probes


def places(reading: dict, data: bytes, kind: str, pages: int) -> dict[str, dict]:
    """{part: {"page": n, "guessed": bool}} for "statement", "sections.N" and "budget"; {} without pages."""
    if pages == 0:
        return {}
    texts = _page_texts(data) if kind == "pdf" else []
    laid_out = _laid_out(reading, pages)
    found = {}
    for part, probes in _probes(reading).items():
        keys = [key[:PROBE_LENGTH] for key in map(_key, probes) if len(key) >= 4]
        page = next((n for key in keys for n, text in enumerate(texts, start=1) if key in text), None)
        found[part] = {"page": page, "guessed": False} if page else {"page": laid_out[part], "guessed": pages > 1}
    return found


def _laid_out(reading: dict, pages: int) -> dict[str, int]:
    """Where a PK's parts stand by its layout: the statement on page 1, the sections over the pages after it
    by their rows, the budget on the last page."""
    sections = reading.get("sections", [])
    attachment = list(range(2, pages + 1)) or [1]
    rows = [max(1, len(section.get("rows", []))) for section in sections]
    total, before, laid_out = sum(rows) or 1, 0, {"statement": 1, "budget": pages}
    for s, count_ in enumerate(rows):
        middle = (before + count_ / 2) / total
        laid_out[f"sections.{s}"] = attachment[min(len(attachment) - 1, int(middle * len(attachment)))]
        before += count_
    return laid_out
