"""Reading the text of a scanned PK with Tesseract, page by page (issue #15).

`pages_of` checks a scan (image-only PDF, JPEG or PNG) before anything heavy is
done and turns it into greyscale pages; `read_page` straightens a page (a sheet
turns a little in a feeder) and runs the `tesseract` program with its Indonesian
data: every word with its box and confidence, in Tesseract's lines, and the page's
text laid out as printed. `read` does both for a file, one page per core at a time.
Pure functions and one subprocess per page: nothing here touches the database.
"""

import concurrent.futures
import contextlib
import dataclasses
import functools
import io
import logging
import os
import statistics
import subprocess
import warnings
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from kinerja.intake import ruling
from kinerja.intake.deskew import deskewed, grey, otsu
from kinerja.lib.uploads import MAX_PDF_BYTES, UploadError, checked_pdf

logger = logging.getLogger(__name__)

TESSERACT = os.environ.get("TESSERACT", "tesseract")
LANGUAGE = "ind"
# Page segmentation mode 4, "a single column of text of variable sizes", read the most of a
# PK's letter and table, each table row one line from its number to its target; mode 6 (one
# uniform block) lost row numbers, mode 3 (automatic) cut paragraphs' first words in two.
PSM = 4
DPI = 300  # what Tesseract's models are trained around; a PDF page is rendered at this
MAX_DPI = 400  # an image scanned finer is scaled down to DPI: no better reading, far slower
MAX_SIDE = 4200  # pixels on the long side of a page: an A4 or folio sheet at 300 dpi, not a poster
MAX_PAGES = 30
MAX_BYTES = MAX_PDF_BYTES
PAGE_TIMEOUT = 120  # seconds of Tesseract for one page before it is given up
A4_LONG_INCHES = 11.69  # a page image without a resolution is taken for an A4 sheet


_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
POINTS_PER_INCH = 72


class OcrError(UploadError):
    """A scan that cannot be read; the message is for the user, in the active language."""


@dataclasses.dataclass(frozen=True)
class Word:
    """One word as Tesseract read it: its box in pixels of the straightened page, and how sure it is (0–100)."""

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float


@dataclasses.dataclass(frozen=True)
class Line:
    """The words of one line, left to right; `block`, `paragraph`, `line` number it as Tesseract did."""

    block: int
    paragraph: int
    line: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def confidence(self) -> float:
        """The lowest confidence of its words: a line is as sure as its weakest word."""
        return min(word.confidence for word in self.words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) around all its words."""
        left, top = min(w.left for w in self.words), min(w.top for w in self.words)
        return left, top, max(w.left + w.width for w in self.words), max(w.top + w.height for w in self.words)


@dataclasses.dataclass(frozen=True)
class PageText:
    """What Tesseract read on one page.

    The boxes are pixels of the straightened page, `width` × `height` at `dpi`.
    `deskew_angle`: the degrees (counter-clockwise, as PIL's rotate counts) the page was
    turned by before reading (the scan's skew is its opposite). `text`: the lines in
    reading order, laid out by `laid_out`. `language`: the Tesseract data used.
    `rules`: the horizontal lines ruled on the page (intake.ruling), where a table's cells end;
    `columns`: the vertical ones, where its columns end.
    """

    number: int
    width: int
    height: int
    dpi: int
    deskew_angle: float
    language: str
    lines: tuple[Line, ...]
    text: str
    rules: tuple[ruling.Rule, ...] = ()
    columns: tuple[ruling.Rule, ...] = ()  # the vertical rules: `y` is their x, `left` and `right` their ends

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]

    @property
    def confidence(self) -> float | None:
        """The median confidence of the page's words; None on a page without any."""
        words = self.words
        return statistics.median(word.confidence for word in words) if words else None


def _kind(data: bytes, filename: str) -> str:
    """PDF, PNG or JPEG, told by the first bytes; OcrError for anything else, an empty or a too large file."""
    if not data:
        raise OcrError(_("Berkas kosong."))
    if len(data) > MAX_BYTES:
        size, limit = len(data) // (1024 * 1024), MAX_BYTES // (1024 * 1024)
        raise OcrError(_("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.") % {"size": size, "limit": limit})
    # A PDF may start after a few blank bytes (the upload check allows it); an image may not.
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "PDF"
    kind = next((kind for signature, kind in _IMAGE_SIGNATURES.items() if data.startswith(signature)), None)
    if kind is None:
        raise OcrError(
            _("Berkas “%(name)s” bukan hasil pindaian yang dapat dibaca; unggah PDF hasil pindaian, JPG atau PNG.")
            % {"name": filename}
        )
    return kind


def _pdf_pages(data: bytes) -> tuple[int, Callable[[], Iterator[Image.Image]]]:
    """The page count of a PDF that passes the upload check, and a generator of its pages rendered at DPI."""
    try:
        count, _digest = checked_pdf(data, max_bytes=MAX_BYTES)
    except UploadError as error:
        raise OcrError(str(error)) from error
    if count > MAX_PAGES:
        raise OcrError(
            _("Pindaian berisi %(count)s halaman; paling banyak %(limit)s halaman dapat dibaca sekaligus.")
            % {"count": count, "limit": MAX_PAGES}
        )
    try:
        # pdfium decodes a page's image whole before scaling it: a small file may declare a huge one.
        # Its size is read from the image's dictionary, nothing decoded.
        document = pdfium.PdfDocument(data)
        try:
            for page in document:
                images = page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE,), max_depth=4)
                largest = max((width * height for width, height in (i.get_px_size() for i in images)), default=0)
                page.close()
                if Image.MAX_IMAGE_PIXELS and largest > Image.MAX_IMAGE_PIXELS:
                    raise OcrError(_too_large())
        finally:
            document.close()
    except pdfium.PdfiumError as error:
        raise OcrError(_("PDF rusak atau tidak lengkap dan tidak dapat dibaca.")) from error

    def pages() -> Iterator[Image.Image]:
        document = pdfium.PdfDocument(data)
        try:
            for page in document:
                width, height = page.get_size()
                # A poster-sized page box is rendered at most MAX_SIDE pixels long.
                scale = min(DPI / POINTS_PER_INCH, MAX_SIDE / max(width, height, 1))
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                page.close()
                image.info["dpi"] = (round(scale * POINTS_PER_INCH),) * 2
                yield image
        finally:
            document.close()

    return count, pages


def _too_large() -> str:
    return _("Gambar terlalu besar: lebih dari %(limit)s juta piksel. Pindai ulang dengan resolusi 300 dpi.") % {
        "limit": Image.MAX_IMAGE_PIXELS // 1_000_000
    }


def _resolution(image: Image.Image) -> int:
    """The image's resolution as it says it, or as an A4 sheet of its size would have."""
    try:
        dpi = round(float(image.info.get("dpi", (0,))[0]))
    except (TypeError, ValueError, IndexError, OverflowError):
        dpi = 0
    return dpi if 50 <= dpi <= 1200 else max(50, round(max(image.size) / A4_LONG_INCHES))


def _picture(data: bytes, kind: str) -> Image.Image:
    """A PNG or JPEG as a greyscale page, once its declared size has passed Pillow's limit."""
    broken = _("Gambar rusak atau tidak lengkap dan tidak dapat dibaca.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice its limit; both are refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise OcrError(_too_large()) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise OcrError(broken) from error
    if not image.width or not image.height:
        raise OcrError(broken)
    try:
        image.load()
        # A phone's photo says which way is up in its EXIF data rather than in its pixels.
        image = ImageOps.exif_transpose(image)
        dpi = _resolution(image)
        image = grey(image)
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise OcrError(broken) from error
    scale = min(DPI / dpi if dpi > MAX_DPI else 1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
        )
        dpi = round(dpi * scale)
    image.info["dpi"] = (dpi, dpi)
    return image


def _opened(data: bytes, filename: str) -> tuple[int, Callable[[], Iterator[Image.Image]]]:
    """Check the file and say how many pages it has; the pages come from the generator, one at a time."""
    kind = _kind(data, filename)
    if kind == "PDF":
        return _pdf_pages(data)
    image = _picture(data, kind)
    return 1, lambda: (page for page in [image])


def pages_of(data: bytes, filename: str) -> list[Image.Image]:
    """The pages of a scan (image-only PDF, JPEG or PNG) as greyscale images, each with its `dpi` in `info`.

    Refused with OcrError before any page is rendered or decoded: another kind of file (by its
    first bytes; `filename` is only named), an empty or too large one, a PDF the upload check
    refuses (encrypted, broken, active content), over MAX_PAGES pages, an image (or a PDF's page
    image) declaring more pixels than Pillow's limit. PDF pages are rendered at DPI, images finer
    than MAX_DPI scaled down to DPI, and no page is longer than MAX_SIDE pixels."""
    _count, pages = _opened(data, filename)
    return list(pages())


def _no_tesseract() -> str:
    return _("Pembacaan teks pindaian (OCR) tidak tersedia: Tesseract tidak terpasang di server.")


@functools.cache
def installed_languages() -> frozenset[str]:
    """The languages of the Tesseract data on this machine; OcrError when there is no Tesseract."""
    try:
        listed = subprocess.run(
            [TESSERACT, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise OcrError(_no_tesseract()) from error
    # The first line names the data folder ("List of available languages in …").
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())


def language() -> str:
    """The Tesseract data to read with: Indonesian; English, logged as a fallback, where it is missing."""
    languages = installed_languages()
    if LANGUAGE in languages:
        return LANGUAGE
    if "eng" in languages:
        logger.warning("Tesseract has no '%s' data (apt-get install tesseract-ocr-ind); reading with 'eng'.", LANGUAGE)
        return "eng"
    raise OcrError(
        _(
            "Pembacaan teks pindaian (OCR) tidak tersedia: data bahasa Indonesia untuk Tesseract "
            "tidak terpasang di server."
        )
    )


def _tesseract_tsv(image: Image.Image, *, dpi: int, lang: str, psm: int = PSM) -> str:
    """Tesseract's TSV output for `image`, given through a pipe as PGM (nothing written to disk).

    Tesseract runs on one thread: its OpenMP threads wait for each other so much that
    a page on two threads took 5 to 16 s here against 2.5 s on one; `read` reads
    pages side by side instead."""
    buffer = io.BytesIO()
    image.save(buffer, "PPM")
    try:
        done = subprocess.run(
            [TESSERACT, "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi), "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=PAGE_TIMEOUT,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except subprocess.TimeoutExpired as error:
        raise OcrError(
            _("Pembacaan teks satu halaman pindaian melebihi %(seconds)s detik dan dihentikan.")
            % {"seconds": PAGE_TIMEOUT}
        ) from error
    except OSError as error:
        raise OcrError(_no_tesseract()) from error
    if done.returncode != 0:
        logger.error("tesseract failed (%s): %s", done.returncode, done.stderr.decode("utf-8", "replace")[-2000:])
        raise OcrError(_("Halaman pindaian tidak dapat dibaca oleh OCR; pindai ulang ke PDF, JPG atau PNG."))
    return done.stdout.decode("utf-8", "replace")


def _lines(tsv: str) -> tuple[Line, ...]:
    """The words of Tesseract's TSV (level 5 rows), grouped into lines in Tesseract's order."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
        # left, top, width, height in columns 6 to 9, the confidence in 10 (-1 on rows that are no word).
        word = Word(cells[11].strip(), *map(int, cells[6:10]), confidence=max(0.0, min(100.0, float(cells[10]))))
        grouped.setdefault((block, paragraph, line), []).append(word)
    return tuple(
        Line(block=block, paragraph=paragraph, line=line, words=tuple(words))
        for (block, paragraph, line), words in grouped.items()
    )


def laid_out(lines: tuple[Line, ...] | list[Line]) -> str:
    """The lines as text, each word after a wide gap starting at the column where it stands on the page.

    Words closer than two characters are joined by one space; a column is the width of
    an average character of the page; the left margin is cut off. A blank line separates
    Tesseract's blocks, so that a reader can tell a table from the heading above it."""
    words = [word for line in lines for word in line.words]
    if not words:
        return ""
    character = statistics.median(word.width / max(len(word.text), 1) for word in words) or 1
    margin = min(word.left for word in words)
    out: list[str] = []
    previous_block = None
    for line in lines:
        if previous_block is not None and line.block != previous_block:
            out.append("")
        previous_block = line.block
        text, previous = "", None
        for word in line.words:
            if previous is not None and word.left - (previous.left + previous.width) < 2 * character:
                text += " " + word.text
            else:
                column = round((word.left - margin) / character)
                text += " " * max(column - len(text), 2 if text else 0) + word.text
            previous = word
        out.append(text)
    return "\n".join(out)


CELL_PSM = 6  # a cell read on its own is one uniform block of text
CELL_INSET = 6  # pixels kept off a cell's edges, where its rules are


def read_box(image: Image.Image, box: tuple[int, int, int, int], *, dpi: int, block: int) -> tuple[Line, ...]:
    """The lines in `box` (left, top, right, bottom) of the straightened page `image`, read on their own:
    a cell's text without its neighbours' lines, which Tesseract otherwise mixes in. The words' boxes
    are in pixels of the page; the lines are numbered in Tesseract's `block` + their own block."""
    left, top, right, bottom = box
    left, top = max(0, left + CELL_INSET), max(0, top + CELL_INSET)
    right, bottom = min(image.width, right - CELL_INSET), min(image.height, bottom - CELL_INSET)
    if right - left < 8 or bottom - top < 8:
        return ()
    lines = _lines(_tesseract_tsv(image.crop((left, top, right, bottom)), dpi=dpi, lang=language(), psm=CELL_PSM))
    return tuple(
        Line(
            block=block + line.block,
            paragraph=line.paragraph,
            line=line.line,
            words=tuple(dataclasses.replace(word, left=word.left + left, top=word.top + top) for word in line.words),
        )
        for line in lines
    )


# `refine(page, read_box)`: a page's reading improved where its layout says how (intake.layout.refined);
# `read_box(box, block=…)` reads a box of the straightened page on its own (see read_box).
Refine = Callable[["PageText", Callable[..., tuple[Line, ...]]], "PageText"]


def read_page(image: Image.Image, *, number: int = 1, refine: Refine | None = None) -> PageText:
    """Straighten `image` and read it with Tesseract (`number`: the page's number in its file);
    `refine` then reads again what the page's layout says was read poorly (see Refine)."""
    lang = language()
    page, angle = deskewed(image)
    dpi = _resolution(page)
    threshold = otsu(page.histogram())
    lines = _lines(_tesseract_tsv(page, dpi=dpi, lang=lang))
    text = PageText(
        number=number,
        width=page.width,
        height=page.height,
        dpi=dpi,
        deskew_angle=angle,
        language=lang,
        lines=lines,
        text=laid_out(lines),
        rules=ruling.rules(page, threshold),
        columns=ruling.rules(page.transpose(Image.Transpose.TRANSPOSE), threshold),
    )
    if refine is None:
        return text
    refined = refine(text, functools.partial(read_box, page, dpi=dpi))
    lines = tuple(sorted(refined.lines, key=lambda line: line.box[1]))  # the cells read again in their place
    return dataclasses.replace(refined, lines=lines, text=laid_out(lines))


def read(
    data: bytes,
    filename: str,
    progress: Callable[[int, int], object] | None = None,
    *,
    workers: int | None = None,
    refine: Refine | None = None,
) -> list[PageText]:
    """Every page of a scan read by OCR, in order; OcrError (before any work) for a file `pages_of` refuses.

    Pages are rendered one by one and read `workers` at a time (one per core unless said), each
    Tesseract on one thread. `progress(done, total)` is called after each page; `refine`: see read_page."""
    total, pages = _opened(data, filename)
    language()  # a machine without Tesseract is told before any page is rendered
    workers = max(1, min(workers or os.cpu_count() or 1, total))
    results: dict[int, PageText] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        pending: set[concurrent.futures.Future] = set()

        def collect() -> None:
            nonlocal pending
            done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                page = future.result()
                results[page.number] = page
                if progress is not None:
                    progress(len(results), total)

        # Rendering stays in this thread (pdfium is not thread-safe) and runs at most one
        # page ahead of the readers, so that a long file never sits in memory whole.
        with contextlib.closing(pages()) as images:
            for number, image in enumerate(images, start=1):
                while len(pending) >= workers:
                    collect()
                pending.add(pool.submit(read_page, image, number=number, refine=refine))
        while pending:
            collect()
    return [results[number] for number in sorted(results)]
