"""A scan of a printed PK, made in software: what an office scanner returns.

Each page is rasterised (pypdfium2), turned a little as paper is in a feeder,
sprinkled with noise, and the images are wrapped as an image-only PDF (no text
layer, no metadata of the print). The demo's signed scans are made this way
from the final print, and so are the tests' scans: the app must read the
printed code from the pictures, as it must from a real scan.
"""

import io
import random
import time

import pypdfium2 as pdfium
from PIL import Image

POINTS_PER_INCH = 72


def rasterised(pdf: bytes, *, dpi: int = 150) -> list[Image.Image]:
    """Every page of `pdf` as a greyscale image at `dpi`."""
    document = pdfium.PdfDocument(pdf)
    try:
        images = [page.render(scale=dpi / POINTS_PER_INCH, grayscale=True).to_pil() for page in document]
        return [image if image.mode == "L" else image.convert("L") for image in images]
    finally:
        document.close()


def scanned(image: Image.Image, *, rng: random.Random, rotation: float = 0.6, noise: float = 0.07) -> Image.Image:
    """`image` as it comes out of a scanner: turned by up to `rotation` degrees, a little noisy."""
    if rotation:
        image = image.rotate(rng.uniform(-rotation, rotation), resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise:
        # Grain from the seeded generator (Pillow's effect_noise has its own, unseeded one).
        grain = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
        image = Image.blend(image, grain, noise)
    return image


# The scanner's clock: a fixed moment, so that the same paper and seed give the same bytes
# (Pillow writes the current time otherwise), and runs can be compared byte for byte.
SCANNED_AT = time.strptime("2024-03-06 14:00", "%Y-%m-%d %H:%M")


def image_pdf(images: list[Image.Image], *, dpi: int = 150) -> bytes:
    """The images as an image-only PDF, one page each, at `dpi` (so an A4 page stays A4)."""
    buffer = io.BytesIO()
    first, rest = images[0], images[1:]
    options = {} if first.mode == "1" else {"quality": 80}  # black and white goes as CCITT G4, not JPEG
    first.save(
        buffer,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=dpi,
        creationDate=SCANNED_AT,
        modDate=SCANNED_AT,
        **options,
    )
    return buffer.getvalue()


def scan_of(
    pdf: bytes,
    *,
    dpi: int = 150,
    seed: int = 0,
    pages: list[int] | None = None,
    bitonal: bool = False,
    rotation: float = 0.6,
    noise: float = 0.07,
) -> bytes:
    """A scan of the printed `pdf`: pages rasterised at `dpi`, turned, noisy, as an image-only PDF.

    `pages` picks and orders the pages (from 0), as a person feeding the scanner
    might. `bitonal`: black and white, as a scanner's "document" mode gives
    (smaller and quicker to make; the national data set uses it, flat and clean).
    `rotation` (degrees at most) and `noise` (share of grain) as the scanner adds them."""
    rng = random.Random(seed)
    images = rasterised(pdf, dpi=dpi)
    if pages is not None:
        images = [images[index] for index in pages]
    images = [scanned(image, rng=rng, rotation=rotation, noise=noise) for image in images]
    if bitonal:
        # A scanner's threshold, not a dither: ink is black, paper white.
        images = [
            image.point(lambda value: 255 if value > 150 else 0).convert("1", dither=Image.Dither.NONE)
            for image in images
        ]
    return image_pdf(images, dpi=dpi)


def blank_page(*, dpi: int = 150, seed: int = 0) -> Image.Image:
    """A scanned sheet of white A4 paper."""
    width, height = round(595 * dpi / POINTS_PER_INCH), round(842 * dpi / POINTS_PER_INCH)
    return scanned(Image.new("L", (width, height), 255), rng=random.Random(seed))
