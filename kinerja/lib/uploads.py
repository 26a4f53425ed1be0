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
from pypdf.errors import LimitReachedError, PdfReadError
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
    except LimitReachedError as error:
        raise UploadError(
            _("PDF berisi larik atau kamus yang terlalu besar untuk sebuah dokumen pindaian; berkas ditolak.")
        ) from error
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
    "/GoToR": gettext_lazy("tautan ke berkas lain (GoToR)"),
    "/Rendition": gettext_lazy("pemutar media (Rendition)"),
    "/Sound": gettext_lazy("suara (Sound)"),
    "/Movie": gettext_lazy("film (Movie)"),
    "/RichMedia": gettext_lazy("media kaya (RichMedia)"),
}
_ACTIVE_TYPES = {"/EmbeddedFile": gettext_lazy("berkas sisipan")}
# Annotation kinds (/Subtype) that play or run something inside the viewer.
_ACTIVE_SUBTYPES = {
    "/RichMedia": gettext_lazy("media kaya (RichMedia)"),
    "/Sound": gettext_lazy("suara (Sound)"),
    "/Movie": gettext_lazy("film (Movie)"),
    "/Screen": gettext_lazy("pemutar media (Rendition)"),
}
_MORE_KEYS = {
    "/OnInstantiate": gettext_lazy("skrip anotasi 3D (OnInstantiate)"),
    "/RichMediaContent": gettext_lazy("media kaya (RichMedia)"),
}
# Link schemes that run a script or open a local or network file instead of a web page.
_BAD_URI = re.compile(r"^\s*(javascript|file|vbscript|data)\s*:|^\s*\\\\", re.IGNORECASE)


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
            found.update(_dictionary_findings(item))
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return sorted(found)


def _name(value) -> str:
    return str(value.get_object()) if isinstance(value, IndirectObject) else str(value)


def _dictionary_findings(item: DictionaryObject) -> set[str]:
    """The active content one dictionary declares, by key, action, type and annotation kind."""
    found: set[str] = set()
    for key, value in item.items():
        label = _ACTIVE_KEYS.get(key) or _MORE_KEYS.get(key)
        if label:
            found.add(str(label))
        if key == "/S":
            label = _ACTIVE_ACTIONS.get(_name(value))
        elif key == "/Type":
            label = _ACTIVE_TYPES.get(_name(value))
        elif key == "/Subtype":
            label = _ACTIVE_SUBTYPES.get(_name(value))
        else:
            label = None
        if label:
            found.add(str(label))
    if _name(item.get("/Type", "")) == "/Page" and "/AA" in item:
        found.add(str(gettext_lazy("aksi otomatis halaman (/AA)")))
    if _name(item.get("/S", "")) == "/URI" and _BAD_URI.search(_name(item.get("/URI", ""))):
        found.add(str(gettext_lazy("tautan javascript: atau file: (URI)")))
    return found


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
            kind = _check_office_parts(data)
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


# An Office document is judged by what its parts declare they are ([Content_Types].xml) and
# by where its relationships (_rels/*.rels) point, not by what the parts are called: a
# macro part renamed is still declared as a macro part, or it would not run.
_OFFICE_CODE_TYPES = (
    (re.compile(r"vbaProject|vbaData|macroEnabled|ms-word\.keyMapCustomizations", re.I), gettext_lazy("makro (VBA)")),
    (re.compile(r"activeX", re.I), gettext_lazy("kontrol ActiveX")),
    (re.compile(r"oleObject|\.ole\b|ms-office\.legacy", re.I), gettext_lazy("objek program sisipan")),
)
# And, besides, parts named as code is named, declared or not.
_OFFICE_CODE_NAMES = (
    (re.compile(r"(^|/)vbaProject\.bin$", re.IGNORECASE), gettext_lazy("makro (VBA)")),
    (re.compile(r"(^|/)activeX/", re.IGNORECASE), gettext_lazy("kontrol ActiveX")),
    (
        re.compile(r"(^|/)embeddings/[^/]*\.(bin|exe|dll|js|vbs|bat|cmd)$", re.IGNORECASE),
        gettext_lazy("objek program sisipan"),
    ),
)
_OFFICE_MAIN_TYPES = {
    "wordprocessingml.document.main+xml": "DOCX",
    "wordprocessingml.template.main+xml": "DOCX",
    "spreadsheetml.sheet.main+xml": "XLSX",
    "spreadsheetml.template.main+xml": "XLSX",
    "presentationml.presentation.main+xml": "PPTX",
}
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WEB_LINK = re.compile(r"^(https?://|mailto:|#)", re.I)
# A formula that reaches outside the workbook when it is calculated: DDE (=cmd|' /c …'!A0),
# web services, links, and the old macro functions that call a library.
_CALLING_FORMULA = re.compile(
    r"\||\b(WEBSERVICE|HYPERLINK|FILTERXML|CALL|REGISTER(\.ID)?|EXEC|DDE|DDEAUTO|RTD|IMPORTXML|IMAGE)\s*\(", re.I
)
_FORMULA = re.compile(r"<(?:\w+:)?f\b[^>]*>([^<]*)<", re.I)
# Word fields that fetch or run something when the document is opened or updated.
_CALLING_FIELD = re.compile(r"\b(DDE|DDEAUTO|INCLUDETEXT|INCLUDEPICTURE|IMPORT)\b", re.I)
_FIELD = re.compile(r"<(?:\w+:)?instrText\b[^>]*>([^<]*)<|\binstr\s*=\s*\"([^\"]*)\"", re.I)


def office_kind(data: bytes) -> str:
    """DOCX, XLSX or PPTX, by the content type of the package's main part; "" when none is declared."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    return next((kind for suffix, kind in _OFFICE_MAIN_TYPES.items() if suffix in types), "")


def _office_findings(archive: zipfile.ZipFile, kind: str) -> set[str]:
    """What active or outward-reaching content the package declares."""
    found: set[str] = set()
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    for content_type in re.findall(r"ContentType\s*=\s*[\"']([^\"']+)", types):
        found.update(str(label) for pattern, label in _OFFICE_CODE_TYPES if pattern.search(content_type))
    for name in archive.namelist():
        found.update(str(label) for pattern, label in _OFFICE_CODE_NAMES if pattern.search(name))
        if not (name.endswith(".rels") or name.lower().endswith(".xml")):
            continue
        text = archive.read(name).decode("utf-8", "replace")
        if name.endswith(".rels"):
            found.update(_relationship_findings(text))
        elif kind == "XLSX" and any(_CALLING_FORMULA.search(f) for f in _FORMULA.findall(text)):
            found.add(str(gettext_lazy("rumus yang memanggil keluar (DDE, WEBSERVICE, HYPERLINK …)")))
        elif kind == "DOCX" and any(_CALLING_FIELD.search(a or b) for a, b in _FIELD.findall(text)):
            found.add(str(gettext_lazy("kolom DDE atau INCLUDE yang mengambil isi dari luar")))
    return found


def _relationship_findings(text: str) -> set[str]:
    found: set[str] = set()
    for attributes in _RELATIONSHIP.findall(text):
        values = {key: a or b for key, a, b in _ATTRIBUTE.findall(attributes)}
        relation = values.get("Type", "")
        found.update(str(label) for pattern, label in _OFFICE_CODE_TYPES if pattern.search(relation))
        if values.get("TargetMode", "").lower() == "external":
            # A hyperlink to a web page is only followed when the reader clicks it; anything
            # else external (a template, a linked workbook, a picture) is fetched by Office itself.
            is_link = relation.endswith("/hyperlink") and _WEB_LINK.match(values.get("Target", "").strip())
            if not is_link:
                found.add(_("tautan eksternal (%(kind)s)") % {"kind": relation.rsplit("/", 1)[-1]})
    return found


def _check_office_parts(data: bytes) -> str:
    """The Office kind (DOCX, XLSX, PPTX) of a package checked by checked_zip; UploadError if it is active."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            kind = office_kind(data)
            found = sorted(_office_findings(archive, kind))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UploadError(
            _("Berkas bukti ditolak: %(reason)s") % {"reason": _("berkas rusak atau tidak lengkap.")}
        ) from error
    if found:
        raise UploadError(
            _(
                "Berkas bukti ditolak: dokumen berisi %(content)s. "
                "Simpan ulang sebagai .docx/.xlsx biasa, atau unggah sebagai PDF."
            )
            % {"content": _listed(found)}
        )
    if not kind:
        raise UploadError(_("Jenis berkas bukti tidak didukung; unggah PDF, JPG, PNG, DOCX atau XLSX."))
    return kind


_EXTENSIONS = {"PDF": "pdf", "PNG": "png", "JPEG": "jpg", "DOCX": "docx", "XLSX": "xlsx", "PPTX": "pptx"}


def stored_name(data: bytes, filename: str) -> str:
    """The name an evidence file is stored under: the uploaded name's stem, made harmless, and the
    extension of the type detected in checked_evidence, whatever extension the uploader gave."""
    kind = next((kind for signature, kind in _EVIDENCE_SIGNATURES.items() if data.startswith(signature)), None)
    if kind is None:
        kind = office_kind(data)
    stem = re.sub(r"[^\w\-]", "_", filename.rsplit(".", 1)[0] if "." in filename else filename)[-70:] or "bukti"
    return f"{stem}.{_EXTENSIONS[kind]}"
