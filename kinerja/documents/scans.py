"""Is an uploaded scan the signed paper of this PK's current version?

A scan is accepted only when every page of it carries this version's
verification code, read from the QR code printed in the footer (and, when the
file has a text layer, from the printed code text too), when it has as many
pages as the issued document, and when no page is blank. A file already
recorded for another PK, or an unsigned print as Kinerja issued it, is refused.
Nothing is stored here: the agreement app asks this check (agreements.hooks)
before it stores a scan.
"""

import hashlib
import io
import re

import pypdfium2 as pdfium
import zxingcpp
from django.utils.translation import gettext as _
from pypdf import PdfReader

from kinerja.agreements.models import Agreement, SignedScan
from kinerja.documents import codes
from kinerja.documents.builder import build_document
from kinerja.documents.models import DocumentCode, IssuedDocument, IssuedKind
from kinerja.documents.render import render
from kinerja.lib.uploads import UploadError

DPI = 150  # what an office scanner gives by default; the printed QR code reads well from it
RETRY_DPI = 250  # a second look at a page whose QR code did not read at DPI
MAX_SIDE = 3000  # pixels: a huge page box is never rendered huge
BLANK_SHARE = 0.001  # a page with fewer dark pixels than this is an empty sheet
CODE_IN_URL = re.compile(r"/v/([2-9A-Z]{4}-[2-9A-Z]{4})/?$")
CODE_IN_TEXT = re.compile(r"verifikasi\s+([2-9A-Z]{4}-[2-9A-Z]{4})", re.IGNORECASE)


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def issued_pages(agreement: Agreement) -> int:
    """How many pages the issued document of this version has (statement and Lampiran)."""
    return len(PdfReader(io.BytesIO(render(build_document(agreement), "pdf"))).pages)


FOOTER_SHARE = 0.25  # the bottom of the page, where the print carries its QR code


def _image(page, dpi: int, *, footer_only: bool = False):
    """The page (or only its bottom quarter, where the code is printed: rendered in a fraction of the time)
    as a greyscale image at `dpi`."""
    width, height = page.get_size()
    scale = min(dpi / 72, MAX_SIDE / max(width, height, 1))
    crop = (0, 0, 0, height * (1 - FOOTER_SHARE)) if footer_only else (0, 0, 0, 0)
    image = page.render(scale=scale, grayscale=True, crop=crop).to_pil()
    return image if image.mode == "L" else image.convert("L")


def _is_blank(image) -> bool:
    histogram = image.histogram()
    return sum(histogram[:128]) / max(image.width * image.height, 1) < BLANK_SHARE


def _qr_codes(image) -> set[str]:
    found = set()
    for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        match = CODE_IN_URL.search(barcode.text.strip())
        if match:
            found.add(match.group(1))
    return found


def _printed_codes(page) -> set[str]:
    """The codes in the page's text layer, when it has one (a scan has none)."""
    textpage = page.get_textpage()
    try:
        return {match.upper() for match in CODE_IN_TEXT.findall(textpage.get_text_range())}
    finally:
        textpage.close()


def read_pages(data: bytes, *, limit: int | None = None) -> list[dict]:
    """For each page of `data` (the first `limit`): whether it is blank, and the codes read
    from its QR code and its text."""
    document = pdfium.PdfDocument(data)
    try:
        result = []
        for index in range(len(document) if limit is None else min(limit, len(document))):
            page = document[index]
            # First the footer alone: a page whose code reads there is neither blank nor unread.
            qr, blank = _qr_codes(_image(page, DPI, footer_only=True)), False
            if not qr:
                image = _image(page, DPI)
                blank = _is_blank(image)
                qr = set() if blank else _qr_codes(image)
                if not blank and not qr:
                    qr = _qr_codes(_image(page, RETRY_DPI))
            result.append({"blank": blank, "qr": qr, "text": _printed_codes(page)})
            page.close()
        return result
    finally:
        document.close()


def _recorded_elsewhere(agreement: Agreement, sha256: str) -> None:
    other = (
        SignedScan.objects.filter(sha256=sha256).exclude(agreement=agreement).select_related("agreement").first()
        or IssuedDocument.objects.filter(sha256=sha256, agreement__isnull=False)
        .exclude(agreement=agreement)
        .select_related("agreement")
        .first()
    )
    if other is not None:
        raise UploadError(
            _("Berkas ini sama persis dengan dokumen yang tercatat untuk %(other)s; unggah pindaian PK ini.")
            % {"other": str(other.agreement)}
        )
    if IssuedDocument.objects.filter(sha256=sha256, agreement=agreement, kind=IssuedKind.PRINT).exists():
        raise UploadError(
            _(
                "Berkas ini cetakan PK yang diunduh dari Kinerja, tanpa tanda tangan. Cetak, tandatangani, "
                "lalu unggah pindaian kertas yang telah ditandatangani."
            )
        )


def _foreign_code(agreement: Agreement, code: str) -> str:
    """Why a page carrying `code` (not this version's) is refused."""
    other = DocumentCode.objects.select_related("agreement").filter(code=code).first()
    if other is None:
        return _("Kode verifikasi %(code)s pada pindaian tidak dikenal Kinerja.") % {"code": code}
    other = other.agreement
    if other.unit_id == agreement.unit_id and other.year == agreement.year:
        return _(
            "Pindaian ini cetakan versi lama PK ini (versi %(old)s, kode %(code)s); yang berlaku versi %(current)s. "
            "Cetak ulang versi terbaru, tandatangani, lalu pindai."
        ) % {"old": other.version, "code": code, "current": agreement.version}
    return _("Pindaian ini PK lain: %(other)s (kode %(code)s).") % {"other": str(other), "code": code}


def check_scan(agreement: Agreement, data: bytes, pages: int) -> None:
    """Refuse, with the reason, a scan that is not the signed paper of `agreement` as it stands.

    `pages`: the file's page count, as the upload check read it; compared before anything is
    rendered, so a file of a thousand pages costs one look, not a thousand."""
    _recorded_elsewhere(agreement, hashlib.sha256(data).hexdigest())
    expected_code = codes.code_for(agreement)
    expected_pages = issued_pages(agreement)
    if pages != expected_pages:
        raise UploadError(
            _(
                "Pindaian berisi %(got)s halaman, sedangkan dokumen PK ini %(expected)s halaman "
                "(pernyataan dan lampiran). Pindai semua halaman, tanpa halaman lain."
            )
            % {"got": pages, "expected": expected_pages}
        )
    try:
        read = read_pages(data)
    except pdfium.PdfiumError as error:
        raise UploadError(_("Halaman pindaian tidak dapat dibaca; pindai ulang ke PDF.")) from error
    blank = [number for number, page in enumerate(read, start=1) if page["blank"]]
    if blank:
        raise UploadError(_("Halaman %(pages)s pindaian kosong.") % {"pages": _pages(blank)})
    found = set().union(*(page["qr"] | page["text"] for page in read))
    if not found:
        raise UploadError(
            _(
                "Pindaian tidak memuat kode verifikasi: ini cetakan DRAF atau bukan cetakan PK dari Kinerja. "
                "Cetak PK final (yang memuat kode verifikasi dan kode QR), tandatangani, lalu pindai."
            )
        )
    stray = sorted(found - {expected_code})
    if stray:
        raise UploadError(_foreign_code(agreement, stray[0]))
    unread = [number for number, page in enumerate(read, start=1) if expected_code not in page["qr"]]
    if unread:
        raise UploadError(
            _(
                "Kode QR verifikasi pada halaman %(pages)s tidak terbaca. Setiap halaman harus memuat kode %(code)s; "
                "pindai ulang dengan resolusi minimal 150 dpi, tanpa lipatan atau coretan pada kode."
            )
            % {"pages": _pages(unread), "code": expected_code}
        )


def code_on_first_page(data: bytes) -> str:
    """The verification code printed on the first page of `data` (a print or a scan), or ""."""
    try:
        pages = read_pages(data, limit=1)
    except pdfium.PdfiumError:
        return ""
    found = sorted(pages[0]["qr"] | pages[0]["text"]) if pages else []
    return found[0] if len(found) == 1 else ""
