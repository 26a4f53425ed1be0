"""Checks an uploaded file before anything is stored.

What is refused, and why, is listed with the hostile-input corpus that the
tests run through every upload (kinerja/lib/tests/hostile/README.md).
"""

import hashlib
import io
import re
import zipfile
import zlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_PDF_BYTES = 20 * 1024 * 1024
# A scan of a hundred pages has a few thousand objects; far more is a file made
# to keep the server busy.
MAX_PDF_OBJECTS = 100_000


class UploadError(ValueError):
    """An upload refused; the message is for the user, in the active language."""


def _listed(labels) -> str:
    """`JavaScript dan berkas sisipan`: the labels joined as a sentence says them."""
    return f" {_('dan')} ".join(str(label) for label in labels)


def checked_pdf(data: bytes, *, max_bytes: int = MAX_PDF_BYTES) -> tuple[int, str]:
    """Validate a PDF: not empty, within the size limit, a real and complete PDF,
    not encrypted, without active content, with pages.

    Returns (page count, SHA-256 hex digest).
    """
    if not data:
        raise UploadError(_("Berkas kosong."))
    if len(data) > max_bytes:
        megabytes, limit = len(data) // (1024 * 1024), max_bytes // (1024 * 1024)
        raise UploadError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.") % {"size": megabytes, "limit": limit}
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise UploadError(_("Berkas bukan PDF. Unggah hasil pindaian dalam format PDF."))
    # Every PDF writer ends the file with %%EOF; a file cut short in transfer
    # does not, even when what is left can still be half read.
    if b"%%EOF" not in data[-1024:]:
        raise UploadError(_("PDF terpotong atau rusak: akhir berkas tidak ditemukan. Unggah ulang berkas yang utuh."))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadError(_("PDF terkunci dengan kata sandi (terenkripsi); unggah PDF tanpa kata sandi."))
        pages = len(reader.pages)
        active = _active_content(reader)
    except UploadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise UploadError(_("PDF rusak atau tidak lengkap dan tidak dapat dibaca.")) from error
    if active:
        raise UploadError(
            _(
                "PDF berisi %(content)s, yang tidak diterima dalam berkas unggahan. "
                "Simpan ulang sebagai PDF biasa (mis. langsung dari pemindai atau dengan “Print to PDF”) "
                "lalu unggah kembali."
            )
            % {"content": _listed(active)}
        )
    if pages == 0:
        raise UploadError(_("PDF tidak memiliki halaman."))
    return pages, hashlib.sha256(data).hexdigest()


# What a PDF viewer may run or unpack on its own, by the dictionary key that
# holds it, by the action type (/S), or by the object type (/Type).
_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/XFA": gettext_lazy("formulir XFA (dapat berisi skrip)"),
    "/EmbeddedFiles": gettext_lazy("berkas sisipan"),
    "/EF": gettext_lazy("berkas sisipan"),
}
_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": gettext_lazy("perintah menjalankan program (Launch)"),
    "/SubmitForm": gettext_lazy("perintah mengirim data (SubmitForm)"),
    "/ImportData": gettext_lazy("perintah mengambil data (ImportData)"),
    "/GoToE": gettext_lazy("berkas sisipan"),
}
_ACTIVE_TYPES = {"/EmbeddedFile": gettext_lazy("berkas sisipan")}


def _active_content(reader: PdfReader) -> list[str]:
    """What active content the PDF holds, walking every object reachable from its trailer.

    The objects are read as the viewer reads them, so a name written with
    escapes (/J#61vaScript) or hidden in a compressed object stream is found
    too. Streams are not decoded: their dictionaries say what they are. The
    labels are in the active language, sorted as they read.
    """
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise UploadError(_("PDF berisi terlalu banyak objek untuk sebuah dokumen pindaian."))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in _ACTIVE_KEYS:
                    found.add(str(_ACTIVE_KEYS[key]))
                if key in ("/S", "/Type"):
                    name = str(value.get_object()) if isinstance(value, IndirectObject) else str(value)
                    label = (_ACTIVE_ACTIONS if key == "/S" else _ACTIVE_TYPES).get(name)
                    if label:
                        found.add(str(label))
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return sorted(found)


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# What an evidence file may be, told by its first bytes rather than its name:
# a renamed program stays a program.
_EVIDENCE_SIGNATURES = {
    b"%PDF-": "PDF",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
_REFUSED_SIGNATURES = {
    b"MZ": gettext_lazy("program Windows (.exe/.dll)"),
    b"\x7fELF": gettext_lazy("program Linux"),
    b"#!": gettext_lazy("skrip"),
    b"\xca\xfe\xba\xbe": gettext_lazy("program"),
    b"\xcf\xfa\xed\xfe": gettext_lazy("program macOS"),
    # .doc/.xls of old, which may carry macros, and every password-protected Office file.
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": gettext_lazy(
        "dokumen Office lama (.doc/.xls) atau dokumen terkunci kata sandi"
    ),
}


def checked_evidence(data: bytes, filename: str, *, max_bytes: int = MAX_EVIDENCE_BYTES) -> tuple[str, str]:
    """Validate an evidence file: PDF, PNG, JPEG, or an Office document (.docx/.xlsx/.pptx).

    Returns (kind, SHA-256 hex digest); raises UploadError with the reason otherwise.
    """
    if not data:
        raise UploadError(_("Berkas bukti kosong."))
    if len(data) > max_bytes:
        raise UploadError(_("Berkas bukti lebih dari %(limit)s MB.") % {"limit": max_bytes // (1024 * 1024)})
    for signature, kind in _REFUSED_SIGNATURES.items():
        if data.startswith(signature):
            raise UploadError(_("Berkas bukti ditolak: %(kind)s tidak boleh diunggah.") % {"kind": kind})
    kind = next((kind for signature, kind in _EVIDENCE_SIGNATURES.items() if data.startswith(signature)), None)
    if kind is None and data.startswith(b"PK\x03\x04"):
        try:
            names = checked_zip(data)
        except UploadError as error:
            raise UploadError(_("Berkas bukti ditolak: %(reason)s") % {"reason": error}) from None
        if "[Content_Types].xml" in names:
            kind = "Office"
            _check_office_parts(names)
    if kind is None:
        raise UploadError(_("Jenis berkas bukti tidak didukung; unggah PDF, JPG, PNG, DOCX atau XLSX."))
    if kind == "PDF":
        checked_pdf(data, max_bytes=max_bytes)
    return kind, hashlib.sha256(data).hexdigest()


MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_ZIP_PARTS = 1000


def checked_zip(data: bytes, *, max_inflated: int = MAX_INFLATED_BYTES, max_parts: int = MAX_ZIP_PARTS) -> set[str]:
    """The part names of a ZIP container (.xlsx, .docx) that is safe to open; UploadError otherwise.

    A zip bomb of a few kilobytes can declare gigabytes, or let many directory
    entries share one compressed part: the declared sizes are added up before
    anything is inflated, then every part is inflated once, which checks that
    each is what the directory says it is (zipfile never inflates a part beyond
    its declared size). The messages start in lower case, to follow "Berkas …:".
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > max_parts:
                raise UploadError(_("berisi lebih dari %(count)s bagian.") % {"count": max_parts})
            if any(part.flag_bits & 0x1 for part in parts):
                raise UploadError(_("berkas terenkripsi. Simpan ulang tanpa kata sandi."))
            # Other compression methods (bzip2, lzma) inflate without an output limit.
            if any(part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for part in parts):
                raise UploadError(_("metode kompresi tidak dikenal."))
            if sum(part.file_size for part in parts) > max_inflated:
                raise UploadError(
                    _("isi berkas setelah diekstrak melebihi %(limit)s MB.") % {"limit": max_inflated // (1024 * 1024)}
                )
            for part in parts:
                with archive.open(part) as content:
                    while content.read(1024 * 1024):
                        pass
    except UploadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError) as error:
        raise UploadError(_("berkas rusak atau tidak lengkap.")) from error
    return {part.filename for part in parts}


# Parts of an Office document that run code when the document is opened.
_OFFICE_CODE = (
    (re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE), gettext_lazy("makro (VBA)")),
    (re.compile(r"(^|/)activeX/", re.IGNORECASE), gettext_lazy("kontrol ActiveX")),
    (
        re.compile(r"(^|/)embeddings/[^/]*\.(bin|exe|dll|js|vbs|bat|cmd)$", re.IGNORECASE),
        gettext_lazy("objek program sisipan"),
    ),
)


def _check_office_parts(names: set[str]) -> None:
    found = sorted({str(label) for pattern, label in _OFFICE_CODE for name in names if pattern.search(name)})
    if found:
        raise UploadError(
            _(
                "Berkas bukti ditolak: dokumen berisi %(content)s. "
                "Simpan ulang sebagai .docx/.xlsx biasa, atau unggah sebagai PDF."
            )
            % {"content": _listed(found)}
        )
