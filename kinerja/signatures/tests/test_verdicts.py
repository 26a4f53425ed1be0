"""Verdicts that tell the truth, the same on the public page and in `manage.py verify_pdf`.

A file is only ever "sama persis" when the app recorded it as the signed
document; an honest print is an official print, never "altered"; a file of a
version a PK Perubahan replaced is superseded, with the way to the current one.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

from kinerja.agreements import lifecycle
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import Agreement, Status
from kinerja.conftest import make_pdf
from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.documents import codes
from kinerja.documents.models import IssuedDocument, IssuedKind
from kinerja.signatures import services
from kinerja.signatures.models import Party
from kinerja.submissions.services import package_compile

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_secretariat(personas, sorong_agreements):
    _commission, secretariat = sorong_agreements
    return lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)


def command(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "periksa.pdf"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    return out.getvalue().splitlines()


def page(data: bytes, code: str = ""):
    """The check shown by the public page (with a code: /v/<code>/; without: the index)."""
    url = reverse("signatures:verify", args=[code]) if code else reverse("signatures:verify_index")
    response = Client().post(url, {"berkas": io.BytesIO(data)})
    assert response.status_code == 200
    return response.context["check"]


def verdict(data: bytes, tmp_path, code: str = "") -> str:
    """The verdict, asserted to be the same on the page and in the command's first line."""
    on_page = page(data, code)
    lines = command(data, tmp_path)
    assert lines[0] == on_page.verdict, (lines, on_page)
    assert on_page.message in lines[1]
    return lines[0]


def download(client, agreement) -> bytes:
    response = client.get(reverse("documents:download", args=[agreement.pk, "pdf"]))
    return b"".join(response.streaming_content)


def whited_out(signed: bytes) -> bytes:
    """The forger's file: the signed PK rewritten with a white box pasted over the first page's
    targets and "999 PERSEN" typed on it; the signatures do not survive the rewrite."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(signed)))
    box = FreeText(text="999 PERSEN", rect=(300, 300, 520, 340), font_size="14pt", background_color="ffffff")
    writer.add_annotation(page_number=0, annotation=box)
    if "/AcroForm" in writer._root_object:
        del writer._root_object["/AcroForm"]
    for page_ in writer.pages:
        if "/Annots" in page_:
            page_[NameObject("/Annots")] = ArrayObject(
                a for a in page_["/Annots"] if a.get_object().get("/FT") != "/Sig"
            )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_every_verdict_is_the_same_on_the_page_and_in_the_command(final_secretariat, personas, client_for, tmp_path):
    operator = client_for(personas.operator)
    code = codes.code_for(final_secretariat)
    # An honest print of the final PK, as Unduh PDF gives it.
    printed = download(operator, final_secretariat)
    assert verdict(printed, tmp_path, code) == "official-print"
    # Signed by one party of two: partial while the other may still sign.
    first = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    partial = first.signature.file.open("rb").read()
    assert verdict(partial, tmp_path, code) == "partial"
    second = services.sign(agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    signed = second.signature.file.open("rb").read()
    assert verdict(signed, tmp_path, code) == "exact"
    assert verdict(signed, tmp_path) == "exact"  # the page without a code finds it from the file
    assert verdict(whited_out(signed), tmp_path, code) == "altered"
    assert verdict(make_pdf(), tmp_path) == "unknown"
    # Only the recorded signed document is "sama persis".
    assert IssuedDocument.objects.get(sha256=second.signature.sha256, kind=IssuedKind.SIGNED)


def test_a_whited_out_signed_pk_cannot_replace_it_and_is_called_altered(final_secretariat, personas, tmp_path):
    """Issue #13, seen 1: the forgery is refused as a scan; /v/ says sama persis only of the real file."""
    services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    second = services.sign(agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    signed = second.signature.file.open("rb").read()
    forgery = whited_out(signed)
    signed_pk = Agreement.objects.get(pk=final_secretariat.pk)
    with pytest.raises(TransitionRefused, match="tidak dapat diganti"):
        lifecycle.scan_upload(agreement=signed_pk, data=forgery, filename="pk.pdf", by=personas.operator)
    lifecycle.agreement_submit(agreement=signed_pk, by=personas.operator)
    code = codes.code_for(final_secretariat)
    assert verdict(forgery, tmp_path, code) == "altered"
    assert verdict(signed, tmp_path, code) == "exact"
    assert "sebagian pihak" not in page(signed, code).message


def test_an_honest_print_of_a_received_pk_is_an_official_print(demo_story, personas, client_for, tmp_path):
    """Issue #13, seen 3: Unduh PDF of a received PK uploaded to its /v/ is not "diubah"."""
    commission, _secretariat = demo_story
    assert commission.status == Status.RECEIVED
    printed = download(client_for(personas.operator), commission)
    assert verdict(printed, tmp_path, codes.code_for(commission)) == "official-print"


def test_after_a_return_the_old_print_no_longer_stands(demo_story, personas, client_for, tmp_path):
    _commission, secretariat = demo_story
    printed = download(client_for(personas.operator), secretariat)
    scan = secretariat.current_scan().file.open("rb").read()
    assert verdict(scan, tmp_path) == "exact"
    lifecycle.agreement_return(agreement=secretariat, by=personas.province_verifier, reason="Target keliru")
    assert verdict(printed, tmp_path) == "superseded"
    assert verdict(scan, tmp_path) == "superseded"


def test_a_replaced_versions_files_are_superseded_and_lead_to_the_current_one(
    demo_story, personas, client_for, tmp_path
):
    """Issue #13, seen 4: /v/ of the original after a PK Perubahan."""
    commission, _secretariat = demo_story
    old_code = codes.code_for(commission)
    old_scan = commission.current_scan().file.open("rb").read()
    revision = lifecycle.agreement_revise(
        agreement=commission, reason="official", note="Ketua baru dilantik", by=personas.operator
    )
    Agreement.objects.filter(pk=revision.pk).update(signed_on=datetime.date(2024, 7, 1))
    revision = lifecycle.agreement_finalise(agreement=revision, by=personas.operator)
    new_code = codes.code_for(revision)
    assert verdict(old_scan, tmp_path, old_code) == "superseded"
    check = page(old_scan, old_code)
    assert check.current_code == new_code and "PK Perubahan ke-1" in check.message
    body = Client().get(reverse("signatures:verify", args=[old_code])).content.decode()
    assert 'id="replaced"' in body and reverse("signatures:verify", args=[new_code]) in body
    assert "Versi yang berlaku" in "\n".join(command(old_scan, tmp_path))


def test_a_compiled_package_is_an_official_print(personas, both_submitted, tmp_path):
    commission, _secretariat = both_submitted
    package = package_compile(province=commission.unit.province, year=2024, by=personas.province_verifier)
    merged = package.merged_pdf.open("rb").read()
    assert verdict(merged, tmp_path) == "official-print"
    assert "paket kompilasi" in command(merged, tmp_path)[1]


def test_the_signature_table_shows_what_changed_after_signing(final_secretariat, personas):
    services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    second = services.sign(agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    signed = second.signature.file.open("rb").read()
    # A note added afterwards as an incremental update: both signatures stay intact.
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    note = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Square"),
            NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(90), FloatObject(90)]),
        }
    )
    writer.add_annotation(page_number=0, annotation=note)
    buffer = io.BytesIO()
    writer.write(buffer)
    code = codes.code_for(final_secretariat)
    response = Client().post(reverse("signatures:verify", args=[code]), {"berkas": io.BytesIO(buffer.getvalue())})
    check = response.context["check"]
    assert check.verdict == "altered"
    assert [s.good for s in check.signatures] == [True, True]
    levels = [s.modification for s in check.signatures]
    assert all(level not in ("", "NONE") for level in levels), levels
    body = response.content.decode()
    assert "Perubahan sesudah ditandatangani" in body
    assert f'data-level="{levels[0]}"' in body
