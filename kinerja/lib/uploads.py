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
