"""lib.uploads: what a PDF check refuses must not catch an ordinary scan or document."""

import pytest

from kinerja.conftest import make_pdf
from kinerja.lib.tests.hostile.make_corpus import PAGES, pdf
from kinerja.lib.uploads import UploadError, checked_evidence, checked_pdf


def test_a_plain_pdf_is_accepted():
    pages, sha256 = checked_pdf(make_pdf(2))
    assert pages == 2 and len(sha256) == 64


def test_an_open_action_that_only_shows_a_page_and_a_web_link_are_accepted():
    """Scanners set /OpenAction to a page view, and documents carry links: neither runs anything."""
    data = pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 20] /A << /S /URI /URI (https://jdih.kpu.go.id/) >> >>",
    )
    assert checked_pdf(data)[0] == 1


@pytest.mark.django_db
def test_the_agreement_pdf_the_application_prints_is_accepted(demo_story):
    from kinerja.documents.builder import build_document
    from kinerja.documents.pdf import render_pdf

    assert checked_pdf(render_pdf(build_document(demo_story[0])))[0] >= 2


def test_javascript_in_a_compressed_object_stream_is_found():
    """The check reads objects as a viewer does, not the file's bytes."""
    import zlib

    hidden = b"4 0 << /S /JavaScript /JS (app.alert(1)) >>"
    stream = zlib.compress(hidden)
    data = pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    )
    assert b"JavaScript" not in stream
    # Object 4 lives in an object stream (object 5), which only a cross-reference stream can point to.
    xref_stream_pdf = _with_object_stream(data, stream, len(b"4 0 "))
    with pytest.raises(UploadError, match="JavaScript"):
        checked_pdf(xref_stream_pdf)


def _with_object_stream(base: bytes, stream: bytes, first: int) -> bytes:
    """`base` (objects 1–3) plus object 4 inside object stream 5, indexed by a cross-reference stream (6)."""
    import re
    import struct

    body = base[: base.index(b"xref\n")]
    offsets = [int(m.start()) for m in re.finditer(rb"(?m)^\d+ 0 obj", body)]
    objstm_offset = len(body)
    body += b"5 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        first,
        len(stream),
    )
    body += stream + b"\nendstream\nendobj\n"
    xref_offset = len(body)
    entries = [struct.pack(">BIH", 0, 0, 65535)]
    entries += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    entries += [struct.pack(">BIH", 2, 5, 0), struct.pack(">BIH", 1, objstm_offset, 0)]
    entries.append(struct.pack(">BIH", 1, xref_offset, 0))
    table = b"".join(entries)
    body += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    body += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    return body


def test_an_office_document_with_an_embedded_program_is_refused_as_evidence():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        archive.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")
    with pytest.raises(UploadError, match="objek program sisipan"):
        checked_evidence(buffer.getvalue(), "laporan.docx")


def test_the_stored_extension_follows_the_detected_type_not_the_uploaders_name():
    from kinerja.lib.tests.corpus import HOSTILE_DIR
    from kinerja.lib.uploads import stored_name

    assert stored_name(make_pdf(1), "laporan.exe") == "laporan.pdf"
    polyglot = (HOSTILE_DIR / "png-html-polyglot.htm").read_bytes()
    assert checked_evidence(polyglot, "foto.html")[0] == "PNG"
    assert stored_name(polyglot, "foto.html") == "foto.png"
    workbook = (HOSTILE_DIR / "formula-text.xlsx").read_bytes()
    assert stored_name(workbook, "../../x<y>.xlsm") == "______x_y_.xlsx"


def test_a_document_with_a_web_link_is_accepted_but_a_macro_declared_by_default_extension_is_not():
    """A hyperlink to a web page is followed only when clicked; a VBA project declared for every .dat part runs."""
    from kinerja.lib.tests.hostile.make_corpus import REL, _rels, _with_parts, document

    link = f'<Relationship Id="rId5" Type="{REL}/hyperlink" Target="https://jdih.kpu.go.id/" TargetMode="External"/>'
    data = document(parts={"word/_rels/document.xml.rels": _rels(link)})
    assert checked_evidence(data, "laporan.docx")[0] == "DOCX"
    macro = _with_parts(document(), {}, {"word/kode.dat": b"\xd0\xcf\x11\xe0"})
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(macro)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="dat" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name, content in parts.items():
            target.writestr(name, content)
    with pytest.raises(UploadError, match=r"makro \(VBA\)"):
        checked_evidence(buffer.getvalue(), "laporan.docx")
