"""Checks an uploaded PDF before anything is stored."""

import hashlib
import io

from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_PDF_BYTES = 20 * 1024 * 1024


class UploadError(ValueError):
    """An upload refused; the message is for the user, in Indonesian."""


def checked_pdf(data: bytes, *, max_bytes: int = MAX_PDF_BYTES) -> tuple[int, str]:
    """Validate a PDF: not empty, within the size limit, a real PDF, not encrypted, with pages.

    Returns (page count, SHA-256 hex digest).
    """
    if not data:
        raise UploadError("Berkas kosong.")
    if len(data) > max_bytes:
        megabytes, limit = len(data) // (1024 * 1024), max_bytes // (1024 * 1024)
        raise UploadError(f"Berkas terlalu besar ({megabytes} MB); batasnya {limit} MB.")
    if not data.lstrip()[:5] == b"%PDF-":
        raise UploadError("Berkas bukan PDF. Unggah hasil pindaian dalam format PDF.")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError("PDF terkunci dengan kata sandi (terenkripsi); unggah PDF tanpa kata sandi.")
        pages = len(reader.pages)
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise UploadError("PDF rusak atau tidak lengkap dan tidak dapat dibaca.") from error
    if pages == 0:
        raise UploadError("PDF tidak memiliki halaman.")
    return pages, hashlib.sha256(data).hexdigest()


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# What an evidence file may be, told by its first bytes rather than its name:
# a renamed program stays a program.
_EVIDENCE_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
_REFUSED_SIGNATURES = {
    b"MZ": "program Windows (.exe/.dll)",
    b"\x7fELF": "program Linux",
    b"#!": "skrip",
    b"\xca\xfe\xba\xbe": "program",
    b"\xcf\xfa\xed\xfe": "program macOS",
}


def checked_evidence(data: bytes, filename: str, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> tuple[str, str]:
    """Validate an evidence file: PDF, PNG, JPEG, or an Office document (.docx/.xlsx/.pptx).

    Returns (kind, SHA-256 hex digest); raises UploadError with the reason otherwise.
    """
    if not data:
        raise UploadError("Berkas bukti kosong.")
    if len(data) > max_bytes:
        raise UploadError(f"Berkas bukti lebih dari {max_bytes // (1024 * 1024)} MB.")
    for signature, kind in _REFUSED_SIGNATURES.items():
        if data.startswith(signature):
            raise UploadError(f"Berkas bukti ditolak: {kind} tidak boleh diunggah.")
    kind = next((kind for signature, kind in _EVIDENCE_SIGNATURES.items() if data.startswith(signature)), None)
    if kind is None and data.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            raise UploadError("Berkas bukti rusak.") from None
        if "[Content_Types].xml" in names:
            kind = "Office"
    if kind is None:
        raise UploadError("Jenis berkas bukti tidak didukung; unggah PDF, JPG, PNG, DOCX atau XLSX.")
    if kind == "PDF":
        checked_pdf(data, max_bytes=max_bytes)
    return kind, hashlib.sha256(data).hexdigest()
