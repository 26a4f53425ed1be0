"""Electronic signatures (PAdES, pyHanko) and the public verification page.

Kota Sorong's secretariat PK is signed by its Sekretaris (Pihak Pertama) and by
the Ketua KPU Kota Sorong (Pihak Kedua), both demo users linked to the officials
in office.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from kinerja.agreements import lifecycle
from kinerja.agreements.models import SignedScan, Status
from kinerja.audit.models import Action, ChangeRecord
from kinerja.conftest import make_pdf, scan_for
from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.documents import codes
from kinerja.documents.builder import build_document
from kinerja.documents.models import DocumentCode
from kinerja.documents.render import render
from kinerja.signatures import authority, services, verification
from kinerja.signatures.models import ElectronicSignature, Party
from kinerja.signatures.signers import SigningError

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_secretariat(personas, sorong_agreements):
    _commission, secretariat = sorong_agreements
    return lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)


def sign_both(agreement, personas):
    first = services.sign(agreement=agreement, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    second = services.sign(agreement=agreement, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    return first, second


def forged(data: bytes) -> bytes:
    """`data` with one byte changed: a letter of the title in the first revision's metadata,
    covered by every signature, so that the file still reads as a PDF."""
    at = data.index(b"(PERJANJIAN") + 4  # the first "J"
    altered = bytearray(data)
    altered[at] = ord("K")
    return bytes(altered)


def pyhanko_statuses(data: bytes):
    context = ValidationContext(trust_roots=[authority.ca_certificate()], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(data))
    return [validate_pdf_signature(signature, context) for signature in reader.embedded_signatures]


def test_both_parties_sign_and_pyhanko_finds_both_signatures_intact_and_trusted(final_secretariat, personas):
    first, second = sign_both(final_secretariat, personas)
    assert (first.complete, second.complete) == (False, True)

    signed = second.signature.file.open("rb").read()
    statuses = pyhanko_statuses(signed)
    assert len(statuses) == 2
    for status in statuses:
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line
    # The first signature covers its own revision; what came after is only the second signature.
    assert statuses[0].modification_level.name == "FORM_FILLING"
    assert statuses[0].signing_cert.subject.native["common_name"] == "Marthen Kambu"
    assert statuses[1].signing_cert.subject.native["common_name"] == "Balthasar Berth Kambuaya"
    # The second file is an incremental update of the first: not a byte of it changed.
    assert signed.startswith(first.signature.file.open("rb").read())

    final_secretariat.refresh_from_db()
    assert final_secretariat.status == Status.SIGNED
    scan = final_secretariat.current_scan()
    assert scan.electronic and scan.sha256 == second.signature.sha256


def test_the_verification_page_tells_exact_altered_and_unknown(final_secretariat, personas):
    _first, second = sign_both(final_secretariat, personas)
    signed = second.signature.file.open("rb").read()
    code = DocumentCode.objects.get(agreement=final_secretariat).code
    public = Client()  # nobody signed in
    url = reverse("signatures:verify", args=[code])

    page = public.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Sekretariat Komisi Pemilihan Umum Kota Sorong" in body
    assert second.signature.sha256 in body
    assert "Marthen Kambu" in body and "Balthasar Berth Kambuaya" in body

    def verdict(data: bytes) -> str:
        response = public.post(url, {"berkas": io.BytesIO(data)})
        assert response.status_code == 200
        return response.context["check"].verdict

    assert verdict(signed) == "exact"
    altered = forged(signed)
    assert verdict(altered) == "altered"
    assert [status.intact for status in pyhanko_statuses(altered)] == [False, False]
    # Wherever the byte is, even where the file no longer reads, it is never taken for the document.
    broken = bytearray(signed)
    broken[len(broken) // 3] ^= 0x01
    assert verdict(bytes(broken)) == "altered"
    assert verdict(make_pdf()) == "unknown"
    # The file of the first signature alone was genuine, and is now an earlier stage.
    partial = ElectronicSignature.objects.get(agreement=final_secretariat, party=Party.FIRST).file.open("rb").read()
    assert verdict(partial) == "superseded"
    assert "sebagian pihak" in public.post(url, {"berkas": io.BytesIO(partial)}).context["check"].message
    # Nothing an anonymous visitor uploads is stored.
    assert ElectronicSignature.objects.count() == 2
    assert SignedScan.objects.filter(agreement=final_secretariat).count() == 1


def test_the_page_without_a_code_finds_the_document_from_the_file(final_secretariat, personas):
    _first, second = sign_both(final_secretariat, personas)
    signed = second.signature.file.open("rb").read()
    response = Client().post(reverse("signatures:verify_index"), {"berkas": io.BytesIO(signed)})
    assert response.context["check"].verdict == "exact"
    response = Client().post(reverse("signatures:verify_index"), {"berkas": io.BytesIO(make_pdf())})
    assert response.context["check"].verdict == "unknown"
    assert "tidak cocok dengan dokumen mana pun" in response.content.decode()
    assert Client().get(reverse("signatures:verify_index") + "?kode=zzzz").status_code == 200
    lowercase = codes.normalise(DocumentCode.objects.get(agreement=final_secretariat).code.lower().replace("-", " "))
    assert Client().get(reverse("signatures:verify_index") + f"?kode={lowercase}").status_code == 302


def test_every_printed_page_of_a_final_pk_carries_its_code_and_a_link(final_secretariat):
    document = build_document(final_secretariat)
    code = DocumentCode.objects.get(agreement=final_secretariat).code
    assert document["verification"]["code"] == code
    pdf = render(document, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert code in page.extract_text()
        uris = {annotation.get_object()["/A"]["/URI"] for annotation in page.get("/Annots", [])}
        assert codes.verification_url(code) in uris
    assert codes.code_in(pdf) == code


def test_a_draft_is_never_verifiable(personas, sorong_agreements):
    _commission, draft = sorong_agreements
    document = build_document(draft)
    assert document["verification"] is None
    assert not DocumentCode.objects.filter(agreement=draft).exists()
    assert codes.code_in(render(document, "pdf")) == ""


def test_unknown_codes_are_404_and_reveal_nothing():
    response = Client().get(reverse("signatures:verify", args=["ABCD-EFGH"]))
    assert response.status_code == 404
    assert "tidak dikenal" in response.content.decode()
    assert Client().get("/v/%3Cscript%3E/").status_code == 404


def test_only_the_officials_named_in_the_pk_sign_and_only_with_their_password(final_secretariat, personas):
    def refused(user, party, password=DEMO_PASSWORD) -> str:
        with pytest.raises(SigningError) as error:
            services.sign(agreement=final_secretariat, party=party, by=user, passphrase=password)
        return str(error.value)

    assert "tidak dapat menandatangani sebagai Pihak Pertama" in refused(personas.operator, Party.FIRST)
    assert "tidak dapat menandatangani sebagai Pihak Pertama" in refused(personas.ketua, Party.FIRST)
    assert "tidak dapat menandatangani sebagai Pihak Kedua" in refused(personas.sekretaris, Party.SECOND)
    assert "Kata sandi salah" in refused(personas.sekretaris, Party.FIRST, password="salah-sekali")
    assert not ElectronicSignature.objects.exists()

    services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    assert "sudah menandatangani" in refused(personas.sekretaris, Party.FIRST)
    assert ElectronicSignature.objects.count() == 1


def test_signing_goes_through_the_page_and_the_access_helpers(final_secretariat, personas, client_for):
    url = reverse("signatures:sign", args=[final_secretariat.pk, Party.FIRST])
    assert client_for(personas.outsider).post(url, {"passphrase": DEMO_PASSWORD}).status_code == 404
    assert Client().post(url, {"passphrase": DEMO_PASSWORD}).status_code == 302  # to the login page
    assert not ElectronicSignature.objects.exists()

    sekretaris = client_for(personas.sekretaris)
    page = sekretaris.get(final_secretariat.get_absolute_url()).content.decode()
    assert 'id="btn-tte-first"' in page and 'id="btn-tte-second"' not in page
    response = sekretaris.post(url, {"passphrase": DEMO_PASSWORD}, follow=True)
    assert "Menunggu tanda tangan pihak lain" in response.content.decode()
    ketua = client_for(personas.ketua)
    response = ketua.post(
        reverse("signatures:sign", args=[final_secretariat.pk, Party.SECOND]),
        {"passphrase": DEMO_PASSWORD},
        follow=True,
    )
    assert "Semua pihak telah menandatangani" in response.content.decode()
    final_secretariat.refresh_from_db()
    assert final_secretariat.status == Status.SIGNED


def test_an_unknown_party_is_404_like_an_outsider(final_secretariat, personas, client_for):
    url = reverse("signatures:sign", args=[final_secretariat.pk, "ketiga"])
    assert client_for(personas.sekretaris).post(url, {"passphrase": DEMO_PASSWORD}).status_code == 404
    assert not ElectronicSignature.objects.exists()


def test_the_history_keeps_the_signature_as_source_text_and_parameters(final_secretariat, personas):
    first = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    record = ChangeRecord.objects.get(action=Action.SIGN, object_id=str(first.signature.pk))
    assert record.summary_params["party"] == {"term": "Pihak Pertama"}
    assert record.summary_params["name"] == "Marthen Kambu"
    assert record.display_summary.startswith("Ditandatangani secara elektronik oleh Pihak Pertama (Marthen Kambu)")


def test_a_signed_pk_stays_signed_and_a_draft_cannot_be_signed(personas, sorong_agreements):
    commission, draft = sorong_agreements
    with pytest.raises(SigningError, match="Hanya PK berstatus final"):
        services.sign(agreement=draft, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    final = lifecycle.agreement_finalise(agreement=draft, by=personas.operator)
    _first, second = sign_both(final, personas)
    with pytest.raises(SigningError, match="Hanya PK berstatus final"):
        services.sign(agreement=final, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    assert ElectronicSignature.objects.filter(agreement=final).count() == 2
    assert final.current_scan().sha256 == second.signature.sha256


def test_nothing_is_locked_while_the_document_is_signed(final_secretariat, personas, monkeypatch):
    """A signing service may take seconds: no transaction is open while it works."""
    from django.db import connection

    from kinerja.signatures.signers import LocalSigner

    outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    original = LocalSigner.sign

    def watched(self, request):
        depths.append(len(connection.atomic_blocks))
        return original(self, request)

    monkeypatch.setattr(LocalSigner, "sign", watched)
    sign_both(final_secretariat, personas)
    assert depths == [outside, outside]


def test_a_signature_made_meanwhile_by_the_other_party_is_not_overtaken(final_secretariat, personas, monkeypatch):
    from kinerja.signatures.signers import LocalSigner

    original = LocalSigner.sign
    calls = []

    def slow(self, request):
        calls.append(request.field_name)
        if len(calls) == 1:  # while the Sekretaris's document is being signed, the Ketua signs
            services.sign(agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
        return original(self, request)

    monkeypatch.setattr(LocalSigner, "sign", slow)
    with pytest.raises(SigningError, match="pada saat yang sama"):
        services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    assert [s.party for s in services.standing(final_secretariat)] == [Party.SECOND]
    # Signing again now builds on the Ketua's file, and both signatures hold.
    monkeypatch.setattr(LocalSigner, "sign", original)
    outcome = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    assert outcome.complete
    assert all(s.intact and s.trusted for s in pyhanko_statuses(outcome.signature.file.open("rb").read()))


def test_five_wrong_passwords_stop_signing_for_a_while(final_secretariat, personas):
    for _ in range(services.MAX_WRONG_PASSPHRASES):
        with pytest.raises(SigningError, match="Kata sandi salah"):
            services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="tebak")
    with pytest.raises(SigningError, match="Terlalu banyak kata sandi salah"):
        services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    assert not ElectronicSignature.objects.exists()


def test_after_a_return_the_earlier_signed_file_no_longer_stands(demo_story, personas):
    """The secretariat's PK was submitted with a scan; returned, corrected and finalised
    again, its old scan is an earlier document, not the signed one."""
    _commission, secretariat = demo_story
    old_scan = secretariat.current_scan()
    old = old_scan.file.open("rb").read()
    code = codes.code_for(secretariat)
    assert verification.check_file(old).verdict == "exact"
    lifecycle.agreement_return(agreement=secretariat, by=personas.province_verifier, reason="Target keliru")
    assert verification.check_file(old).verdict == "superseded"
    lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)
    assert verification.check_file(old).verdict == "superseded"
    assert verification.facts(code).signed_sha256 == ""


def test_a_scan_over_a_partial_electronic_signature_makes_the_partial_file_an_earlier_one(final_secretariat, personas):
    first = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    partial = first.signature.file.open("rb").read()
    assert verification.check_file(partial).verdict == "partial"
    lifecycle.scan_upload(
        agreement=final_secretariat, data=scan_for(final_secretariat), filename="ttd-basah.pdf", by=personas.operator
    )
    assert verification.check_file(partial).verdict == "superseded"


def test_a_visitor_creates_no_verification_code(demo_story):
    """A scan recorded for a PK whose code row is gone: the page finds the file but makes no code for it."""
    commission, _secretariat = demo_story
    DocumentCode.objects.filter(agreement=commission).delete()
    scan = commission.current_scan().file.open("rb").read()
    response = Client().post(reverse("signatures:verify_index"), {"berkas": io.BytesIO(scan)})
    assert response.status_code == 200
    assert not DocumentCode.objects.filter(agreement=commission).exists()


def test_reopening_voids_the_signatures_and_the_old_file_is_reported_as_replaced(final_secretariat, personas):
    first = services.sign(
        agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD
    )
    lifecycle.agreement_reopen(agreement=final_secretariat, by=personas.operator, reason="Salah target")
    first.signature.refresh_from_db()
    assert first.signature.voided_at is not None
    code = DocumentCode.objects.get(agreement=final_secretariat).code
    page = Client().get(reverse("signatures:verify", args=[code])).content.decode()
    assert "Tidak berlaku" in page
    assert "Marthen Kambu" not in page  # a draft's content is not shown
    check = verification.check_file(first.signature.file.open("rb").read())
    assert check.verdict == "superseded"


def test_a_signer_that_breaks_the_earlier_signature_is_refused(final_secretariat, personas, monkeypatch):
    services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase=DEMO_PASSWORD)
    signed = ElectronicSignature.objects.get(party=Party.FIRST).file.open("rb").read()

    def rewrite(self, request):
        altered = bytearray(request.pdf)
        altered[len(altered) // 3] ^= 0x01  # a signer that changes the document it was given
        return bytes(altered)

    monkeypatch.setattr("kinerja.signatures.signers.LocalSigner.sign", rewrite)
    with pytest.raises(SigningError, match="tidak sah atau merusak tanda tangan sebelumnya"):
        services.sign(agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase=DEMO_PASSWORD)
    assert ElectronicSignature.objects.count() == 1
    assert ElectronicSignature.objects.get().file.open("rb").read() == signed


def test_the_validate_command_reports_intact_and_trusted_then_altered(final_secretariat, personas, tmp_path):
    from django.core.management import CommandError, call_command

    _first, second = sign_both(final_secretariat, personas)
    signed = tmp_path / "pk.pdf"
    signed.write_bytes(second.signature.file.open("rb").read())
    out = io.StringIO()
    call_command("tte_validate", str(signed), stdout=out)
    report = out.getvalue()
    assert report.count("utuh=ya, sah=ya, terpercaya=ya") == 2
    assert "sama persis" in report

    signed.write_bytes(forged(signed.read_bytes()))
    out = io.StringIO()
    with pytest.raises(CommandError, match="tidak utuh"):
        call_command("tte_validate", str(signed), stdout=out)
    assert "utuh=TIDAK" in out.getvalue()
    assert "telah diubah" in out.getvalue()


def test_a_signature_pyhanko_cannot_evaluate_counts_as_broken(final_secretariat, personas, monkeypatch):
    """A damaged signature dictionary makes pyHanko raise; the file is then reported
    with that signature not intact, never with an error page."""
    from kinerja.signatures import signers

    _first, second = sign_both(final_secretariat, personas)
    signed = second.signature.file.open("rb").read()

    def damaged(*args, **kwargs):
        raise ValueError("damaged signature dictionary")

    monkeypatch.setattr(signers, "validate_pdf_signature", damaged)
    checks = signers.validate(signed)
    assert [(check.field, check.good, check.modification) for check in checks] == [
        ("PihakPertama", False, "BROKEN"),
        ("PihakKedua", False, "BROKEN"),
    ]
