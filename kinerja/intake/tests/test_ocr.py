"""OCR of scanned PKs (kinerja.intake.ocr), on scans of the Sorong secretariat's PK.

The scans come from the project's software scanner (kinerja.demo.scans): the final
print rasterised at 200 dpi, turned by up to 1°, with grain, as an image-only PDF.
The database is needed only to render the print.
"""

import io
import random
import re
import statistics
import struct
import zlib
from collections import Counter

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement
from kinerja.conftest import make_pdf
from kinerja.demo.scans import blank_page, rasterised, scan_of, scanned
from kinerja.documents.builder import build_document
from kinerja.documents.render import render
from kinerja.intake import deskew, ocr
from kinerja.lib.uploads import UploadError

SCAN_DPI = 200
SEED = 2  # the first page of this scan is turned by 0.91°, near the 1° the scanner allows

# Words of the PK, from the statement, the table and the closing lines; at least 90% must be read.
KNOWN_PHRASES = [
    "PERJANJIAN KINERJA TAHUN 2024 KOMISI PEMILIHAN UMUM KOTA SORONG SEKRETARIS",
    "mewujudkan manajemen pemerintahan efektif transparan akuntabel berorientasi",
    "MARTHEN KAMBU BALTHASAR BERTH KAMBUAYA Selanjutnya disebut Pihak Pertama Kedua atasan langsung",
    "lampiran supervisi evaluasi penghargaan sanksi",
    "Pengelolaan Keuangan Barang Milik Negara Layanan Perkantoran Persentase terpenuhinya Tunjangan Kehormatan",
    "Penyelenggaraan Operasional Perencanaan Penganggaran Pemilu Kampanye Logistik Pemungutan Penghitungan",
    "Suara Sengketa Penetapan Konsolidasi Demokrasi Dukungan Manajemen Maret",
    "3359 3360 6709 6767 6870 6981 (076.01.WA)",
]
KNOWN_WORDS = [word for phrase in KNOWN_PHRASES for word in phrase.split()]

# Every test is marked as using the database, even those that do not: pytest-django runs the tests
# without the mark last, after the transactional (browser) tests have emptied the database, and the
# print below is made from the demo data the first time it is asked.
pytestmark = pytest.mark.django_db

_PRINTS: dict[str, bytes] = {}


@pytest.fixture
def secretariat_print(request) -> bytes:
    """The final print of Kota Sorong's secretariat PK of 2024 (three pages), made once per module:
    the database is asked only the first time."""
    if "secretariat" not in _PRINTS:
        _commission, secretariat = request.getfixturevalue("sorong_agreements")
        lifecycle.agreement_finalise(agreement=secretariat, by=request.getfixturevalue("personas").operator)
        _PRINTS["secretariat"] = render(build_document(Agreement.objects.get(pk=secretariat.pk)), "pdf")
    return _PRINTS["secretariat"]


@pytest.fixture
def no_heavy_work(monkeypatch):
    """Fails the test if a PDF page is rendered or a program started: a refused file is refused first."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"heavy work started: {args[0] if args else kwargs}")

    monkeypatch.setattr(ocr.subprocess, "run", forbidden)
    monkeypatch.setattr(ocr.pdfium.PdfPage, "render", forbidden)


def _printed_words(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        words = []
        for page in document:
            textpage = page.get_textpage()
            words += textpage.get_text_range().split()
            textpage.close()
        return words
    finally:
        document.close()


def _bare(word: str) -> str:
    """A word without the punctuation around it: "efektif," is read as "efektif"."""
    return word.strip(".,:;()“”\"'")


def _share_found(wanted: list[str], read: list[str]) -> float:
    """The share of `wanted` found among `read`, each read word counted once."""
    available = Counter(_bare(word) for word in read)
    found = 0
    for word in map(_bare, wanted):
        if available[word]:
            available[word] -= 1
            found += 1
    return found / len(wanted)


def _turned(image: Image.Image, angle: float, *, seed: int = 0) -> Image.Image:
    """`image` turned by exactly `angle` degrees, then grainy as the software scanner makes it."""
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return scanned(turned, rng=random.Random(seed), rotation=0, noise=0.07)


def test_scan_of_the_secretariat_pk_reads_back_its_text(secretariat_print):
    """A 3-page scan at 200 dpi, turned up to 1° and grainy, reads back its heading, parties, table and
    budget; at least 90% of the print's words; every page straightened and reported page by page."""
    scan = scan_of(secretariat_print, dpi=SCAN_DPI, seed=SEED, rotation=1.0, noise=0.07)
    progress = []

    pages = ocr.read(scan, "pk-sekretariat.pdf", progress=lambda done, total: progress.append((done, total)))

    assert [page.number for page in pages] == [1, 2, 3]
    assert progress == [(1, 3), (2, 3), (3, 3)]
    text = "\n".join(page.text for page in pages)
    assert "PERJANJIAN KINERJA" in text
    assert "sekretaris" in text.lower()
    assert "kota sorong" in text.lower()
    assert "Rp 19.310.290.000" in text
    read_words = [word.text for page in pages for word in page.words]
    assert _share_found(KNOWN_WORDS, read_words) >= 0.9
    assert _share_found(_printed_words(secretariat_print), read_words) >= 0.9
    # psm 4 keeps a table row on one line: the activity, its indicator and its target.
    assert any("Layanan Perkantoran" in line.text and "1 Layanan" in line.text for line in pages[1].lines)
    # The scanner turned the first page by the first angle its generator drew (kinerja.demo.scans).
    applied = random.Random(SEED).uniform(-1.0, 1.0)
    assert abs(pages[0].deskew_angle + applied) <= 0.3
    for page in pages:
        assert page.language == "ind"
        # A4 at 300 dpi, give or take the rounding of the scan's page box.
        assert page.dpi == 300 and abs(page.width - 2480) <= 3 and abs(page.height - 3508) <= 3
        assert all(0 <= word.confidence <= 100 for word in page.words)
        assert page.confidence > 80
        assert all(line.words and line.text for line in page.lines)


def test_deskew_finds_the_angle_each_page_was_turned_by(secretariat_print):
    """The skew found is within 0.3° of the turn the page was given, both ways; a blank sheet is left alone."""
    pages = rasterised(secretariat_print, dpi=SCAN_DPI)
    for number, angle in [(0, -0.95), (1, 0.7), (2, -0.35), (0, 1.0), (1, 0.15)]:
        found = deskew.skew_angle(_turned(pages[number], angle, seed=number))
        assert abs(found + angle) <= 0.3, (number, angle, found)
    assert deskew.skew_angle(blank_page(dpi=SCAN_DPI)) == 0.0
    straight, angle = deskew.deskewed(_turned(pages[0], 0.8))
    assert abs(angle + 0.8) <= 0.3
    assert straight.size == pages[0].size and straight.mode == "L"


def test_a_noisy_blank_area_reads_with_low_confidence(secretariat_print):
    """Blotches on the blank lower half of the first page read (if at all) with low confidence,
    the printed text above them with high confidence."""
    page = rasterised(secretariat_print, dpi=SCAN_DPI)[0]
    rng = random.Random(3)
    area = (page.width, round(page.height * 0.18))
    grain = Image.frombytes("L", area, rng.randbytes(area[0] * area[1])).filter(ImageFilter.GaussianBlur(3))
    top = round(page.height * 0.70)  # under the signatures, above the footer
    page.paste(grain.point(lambda value: 0 if value < 115 else 255), (0, top))

    read = ocr.read_page(page)

    in_blotches = [word.confidence for word in read.words if top <= word.top < top + area[1]]
    above = [word.confidence for word in read.words if word.top + word.height < top]
    assert not in_blotches or statistics.median(in_blotches) < 50
    assert statistics.median(above) >= 85
    assert "PERJANJIAN KINERJA" in read.text


def test_a_jpeg_and_a_png_page_are_read(secretariat_print):
    """A photographed or scanned page sent as JPEG (with its resolution) or PNG (without) is read and straightened."""
    image = _turned(rasterised(secretariat_print, dpi=SCAN_DPI)[0], 0.6)
    jpeg, png = io.BytesIO(), io.BytesIO()
    image.convert("RGB").save(jpeg, "JPEG", quality=85, dpi=(SCAN_DPI, SCAN_DPI))
    image.save(png, "PNG")

    for data, name in [(jpeg.getvalue(), "halaman-1.jpg"), (png.getvalue(), "halaman-1.png")]:
        pages = ocr.read(data, name)
        assert len(pages) == 1
        assert "PERJANJIAN KINERJA" in pages[0].text
        assert "MARTHEN KAMBU" in pages[0].text
        assert abs(pages[0].deskew_angle + 0.6) <= 0.3
        # The PNG says no resolution: an A4 sheet of its size is 200 dpi.
        assert pages[0].dpi == SCAN_DPI


def test_pages_of_turns_every_kind_of_image_into_grey_paper():
    """A 16-bit greyscale PNG keeps its ink (not clipped to white); a transparent PNG lies on white paper."""
    deep = Image.new("I;16", (300, 400), 65535)
    ImageDraw.Draw(deep).rectangle([50, 50, 250, 100], fill=2000)
    clear = Image.new("RGBA", (300, 400), (0, 0, 0, 0))
    ImageDraw.Draw(clear).rectangle([50, 50, 250, 100], fill=(0, 0, 0, 255))
    for image in (deep, clear):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        [page] = ocr.pages_of(buffer.getvalue(), "gambar.png")
        assert page.mode == "L"
        assert page.getpixel((10, 10)) == 255 and page.getpixel((100, 75)) < 20
        assert page.info["dpi"] == (50, 50)  # no resolution said, and a tiny sheet: the lowest assumed


def _png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` × `height` pixels, with a few bytes of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1024))
        + chunk(b"IEND", b"")
    )


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose start-of-frame segment is made to declare `width` × `height` pixels."""
    buffer = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def _pdf_with_page_image(width: int, height: int) -> bytes:
    """A one-page PDF whose page draws an image declaring `width` × `height` pixels in a few bytes."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    image = StreamObject()
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(width),
            NameObject("/Height"): NumberObject(height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(8),
        }
    )
    image.set_data(b"\0" * 64)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/Im0"): writer._add_object(image)})}
    )
    drawing = StreamObject()
    drawing.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    page[NameObject("/Contents")] = writer._add_object(drawing)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _broken_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (400, 400), 128).save(buffer, "PNG")
    return buffer.getvalue()[:-200]


TOO_LARGE = "Gambar terlalu besar: lebih dari 89 juta piksel. Pindai ulang dengan resolusi 300 dpi."
REFUSED = [
    pytest.param(
        b"PK\x03\x04" + b"\0" * 100,
        "laporan.docx",
        "Berkas “laporan.docx” bukan hasil pindaian yang dapat dibaca; unggah PDF hasil pindaian, JPG atau PNG.",
        id="office-document",
    ),
    pytest.param(
        b"Sorong, 6 Maret 2024",
        "pk.pdf",
        "Berkas “pk.pdf” bukan hasil pindaian yang dapat dibaca; unggah PDF hasil pindaian, JPG atau PNG.",
        id="text-named-pdf",
    ),
    pytest.param(b"", "kosong.pdf", "Berkas kosong.", id="empty"),
    pytest.param(
        make_pdf(1, password="rahasia"),
        "terkunci.pdf",
        "PDF terkunci dengan kata sandi (terenkripsi); unggah PDF tanpa kata sandi.",
        id="encrypted-pdf",
    ),
    pytest.param(
        make_pdf(1)[:-40],
        "terpotong.pdf",
        "PDF terpotong atau rusak: akhir berkas tidak ditemukan. Unggah ulang berkas yang utuh.",
        id="truncated-pdf",
    ),
    pytest.param(
        make_pdf(31),
        "tebal.pdf",
        "Pindaian berisi 31 halaman; paling banyak 30 halaman dapat dibaca sekaligus.",
        id="too-many-pages",
    ),
    pytest.param(_png_declaring(100_000, 100_000), "bom.png", TOO_LARGE, id="png-bomb"),
    pytest.param(_png_declaring(10_000, 9_000), "besar.png", TOO_LARGE, id="png-just-over-pillows-limit"),
    pytest.param(_jpeg_declaring(60_000, 60_000), "bom.jpg", TOO_LARGE, id="jpeg-bomb"),
    pytest.param(_pdf_with_page_image(60_000, 60_000), "bom.pdf", TOO_LARGE, id="pdf-page-image-bomb"),
    pytest.param(
        _broken_png(), "rusak.png", "Gambar rusak atau tidak lengkap dan tidak dapat dibaca.", id="broken-png"
    ),
]


@pytest.mark.parametrize(("data", "filename", "message"), REFUSED)
def test_a_file_that_is_no_readable_scan_is_refused_before_tesseract_runs(no_heavy_work, data, filename, message):
    """Another kind of file, an encrypted, broken or too long PDF, an image bomb: refused with the reason in
    Indonesian, by pages_of and by read, before any page is rendered or Tesseract started."""
    for attempt in (lambda: ocr.pages_of(data, filename), lambda: ocr.read(data, filename)):
        with pytest.raises(ocr.OcrError, match=f"^{re.escape(message)}$"):
            attempt()


def test_an_ocr_error_is_an_upload_error():
    """Callers that already refuse uploads catch OcrError with the rest."""
    assert issubclass(ocr.OcrError, UploadError) and issubclass(ocr.OcrError, ValueError)


def test_without_indonesian_data_english_is_used_and_said(monkeypatch, caplog):
    """A machine missing tesseract-ocr-ind reads with English and logs why; without any data, OCR is refused."""
    monkeypatch.setattr(ocr, "installed_languages", lambda: frozenset({"eng", "osd"}))
    assert ocr.language() == "eng"
    assert "tesseract-ocr-ind" in caplog.text

    monkeypatch.setattr(ocr, "installed_languages", lambda: frozenset({"osd"}))
    with pytest.raises(ocr.OcrError, match="data bahasa Indonesia untuk Tesseract tidak terpasang"):
        ocr.language()


def test_without_tesseract_ocr_is_refused_with_a_message(monkeypatch):
    """No tesseract program on the server: the reason, not a crash."""
    monkeypatch.setattr(ocr, "TESSERACT", "/nonexistent/tesseract")
    ocr.installed_languages.cache_clear()
    try:
        with pytest.raises(ocr.OcrError, match="Tesseract tidak terpasang di server"):
            ocr.read_page(blank_page())
    finally:
        ocr.installed_languages.cache_clear()


def test_laid_out_keeps_a_tables_columns_apart():
    """Words close together are joined by a space; a word after a wide gap starts at its column."""

    def word(text: str, left: int) -> ocr.Word:
        return ocr.Word(text=text, left=left, top=0, width=10 * len(text), height=12, confidence=90.0)

    lines = (
        ocr.Line(block=1, paragraph=1, line=1, words=(word("PERJANJIAN", 100), word("KINERJA", 215))),
        ocr.Line(block=2, paragraph=1, line=1, words=(word("a.", 100), word("Layanan", 130), word("1", 400))),
        ocr.Line(block=2, paragraph=1, line=2, words=(word("Persentase", 130),)),
    )
    assert ocr.laid_out(lines) == "PERJANJIAN KINERJA\n\na. Layanan                    1\n   Persentase"
    assert ocr.laid_out(()) == ""
