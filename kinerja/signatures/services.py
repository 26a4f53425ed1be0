"""Signing an agreement electronically (what a file is, genuine or not: signatures.verification).

The rules:
- Only a final agreement is signed, by the officials named in it: Pihak Pertama
  is the holder of the unit's signing post on the signing date, Pihak Kedua the
  holder of the superior's (organisation.selectors). Each confirms with a
  passphrase: their account password with the local CA, the service's
  passphrase with a remote one.
- The first signature is applied to the final PDF with an empty field for each
  party; each next one to the file the previous produced, as an incremental
  update, so no signature invalidates another. After each, every signature in
  the file is validated before anything is stored.
- When every party has signed, the file becomes the agreement's signed document
  (a SignedScan marked electronic) and the agreement moves to signed, as with an
  uploaded scan.
- Going back to draft voids the signatures (kept, marked void): the content may
  change, and a signature only ever covers what was signed.
"""

import datetime
import io
import unicodedata
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields

from kinerja.agreements.lifecycle import move, store_signed_document
from kinerja.agreements.models import Agreement, Status
from kinerja.agreements.services import AgreementError
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.documents import codes, registry
from kinerja.documents.builder import build_document, build_filename
from kinerja.documents.models import IssuedKind
from kinerja.documents.pdf import render_pdf, signature_spaces
from kinerja.lib.i18n import day, term
from kinerja.lib.uploads import MAX_PDF_BYTES, UploadError, checked_pdf
from kinerja.organisation.selectors import signatory_for, superior_for
from kinerja.signatures import lockout, signers
from kinerja.signatures.lockout import MAX_WRONG_PASSPHRASES  # noqa: F401  (the limit, for callers of the service)
from kinerja.signatures.models import ElectronicSignature, Party
from kinerja.signatures.signers import SigningError
from kinerja.signatures.times import late_refusal, needs_reason, printed_time

FIELD_NAMES = {Party.FIRST: "PihakPertama", Party.SECOND: "PihakKedua"}
# On the statement page, Pihak Kedua signs on the left and Pihak Pertama on the
# right; a single party signs on the right.
SIDES = {Party.FIRST: "right", Party.SECOND: "left"}
A4_HEIGHT = 841.89


def parties_of(agreement: Agreement) -> list[str]:
    return [Party.FIRST, Party.SECOND] if agreement.has_second_party else [Party.FIRST]


def standing(agreement: Agreement):
    return ElectronicSignature.objects.filter(agreement=agreement, voided_at__isnull=True).order_by("signed_at", "pk")


def _same_name(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return bool(a.strip()) and norm(a) == norm(b)


def official_for(agreement: Agreement, party: str):
    """The Person who holds the post that signs as `party` on the signing date."""
    day = agreement.signed_on or timezone.localdate()
    appointment = (
        signatory_for(unit=agreement.unit, on=day)
        if party == Party.FIRST
        else superior_for(unit=agreement.unit, on=day)
    )
    return appointment.person if appointment else None


def party_name(agreement: Agreement, party: str) -> str:
    return agreement.first_party_name if party == Party.FIRST else agreement.second_party_name


def parties_for_user(user, agreement: Agreement) -> list[str]:
    """The parties `user` may sign for: the official in the post and the one named in the PK."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    result = []
    for party in parties_of(agreement):
        official = official_for(agreement, party)
        if official is not None and official.pk == person.pk and _same_name(party_name(agreement, party), person.name):
            result.append(party)
    return result


def waiting_for(user) -> list[tuple[Agreement, str]]:
    """(agreement, party) for each final PK that `user` signs as `party` and has not signed yet."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    named = Agreement.objects.filter(status=Status.FINAL).filter(
        Q(first_party_name__iexact=person.name.strip()) | Q(second_party_name__iexact=person.name.strip())
    )
    waiting = []
    for agreement in named.select_related("unit").order_by("unit__sort_key", "year"):
        signed = set(standing(agreement).values_list("party", flat=True))
        waiting.extend((agreement, party) for party in parties_for_user(user, agreement) if party not in signed)
    return waiting


def prepared_pdf(agreement: Agreement) -> bytes:
    """The final PDF with an empty signature field over each party's signing space."""
    document = build_document(agreement)
    pdf = render_pdf(document)
    spaces = signature_spaces(document)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for party in parties_of(agreement):
        space = next((s for s in spaces if s["side"] == SIDES[party]), None)
        if space is None:
            raise SigningError(_("Dokumen tidak memiliki tempat tanda tangan."))
        # Typst measures from the top left; PDF from the bottom left.
        # A few points inside the space, clear of the role above and the name below.
        box = (
            int(space["x"] + 4),
            int(A4_HEIGHT - space["y"] - space["h"] + 5),
            int(space["x"] + space["w"] - 4),
            int(A4_HEIGHT - space["y"] - 3),
        )
        fields.append_signature_field(
            writer, fields.SigFieldSpec(FIELD_NAMES[party], on_page=space["page"] - 1, box=box)
        )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@dataclass(frozen=True)
class Outcome:
    signature: ElectronicSignature
    complete: bool


def _refusal(agreement: Agreement, party: str, by) -> str:
    """Why `by` may not sign `agreement` as `party` now, or ""."""
    if agreement.status != Status.FINAL:
        return _("Hanya PK berstatus final yang dapat ditandatangani secara elektronik.")
    if party not in parties_of(agreement):
        return _("PK ini tidak memiliki pihak tersebut.")
    label = Party(party).label
    if party not in parties_for_user(by, agreement):
        return _(
            "Anda tidak dapat menandatangani sebagai %(party)s: yang menandatangani adalah "
            "%(name)s, pemegang jabatan pada tanggal PK."
        ) % {"party": label, "name": party_name(agreement, party) or _("pejabat yang tercantum")}
    if standing(agreement).filter(party=party).exists():
        return _already_signed(label)
    return ""


def _already_signed(label) -> str:
    return _("%(party)s sudah menandatangani PK ini.") % {"party": label}


def _check_passphrase(backend, by, passphrase: str) -> None:
    """The signer's consent: the account password with the local CA (counted by the
    lock-out, in the database), the service's passphrase otherwise."""
    if backend.name == "local":
        lockout.password_confirm(user=by, passphrase=passphrase)
        return
    lockout.refuse_when_locked_out(by)
    if not passphrase:
        raise SigningError(_("Isi passphrase TTE Anda."))


def _signed_pdf(
    *, agreement: Agreement, party: str, by, passphrase: str, backend, previous: list, at: datetime.datetime
):
    """The PDF after this signature, and the checks of every signature in it.

    Built on the file of the last standing signature, or on the prepared PDF for
    the first; refused unless every signature in the result holds."""
    base = previous[-1].file.open("rb").read() if previous else prepared_pdf(agreement)
    code = codes.code_for(agreement)
    person = by.person
    signed = backend.sign(
        signers.SignRequest(
            pdf=base,
            field_name=FIELD_NAMES[party],
            signer_name=person.name,
            identity=person.nip or by.get_username(),
            passphrase=passphrase,
            url=codes.verification_url(code),
            reason=f"{Party(party).label} {agreement}",
            location=agreement.signed_place or agreement.unit.short_name,
            when=printed_time(at, agreement.unit.time_zone),
        )
    )
    checks = signers.validate(signed)
    if len(checks) != len(previous) + 1 or not all(check.good for check in checks):
        raise SigningError(
            _("Tanda tangan yang dihasilkan tidak sah atau merusak tanda tangan sebelumnya; tidak disimpan.")
        )
    return signed, checks


def sign(
    *, agreement: Agreement, party: str, by, passphrase: str, at: datetime.datetime | None = None, reason: str = ""
) -> Outcome:
    """Sign `agreement` as `party`. Nothing is locked while the PDF is rendered and signed
    (a signing service may take seconds): the result is stored only if, by then, the
    agreement is still final and nobody else signed in between. A PK dated more than
    LATE_SIGNING_DAYS ago is signed only with a `reason`, kept in its history."""
    agreement = Agreement.objects.select_related("unit").get(pk=agreement.pk)
    refusal = _refusal(agreement, party, by)
    if refusal:
        raise SigningError(refusal)
    at = at or timezone.now()
    reason = " ".join(reason.split())[:300]
    if needs_reason(agreement, at) and not reason:
        raise SigningError(late_refusal(agreement))
    backend = signers.backend()
    _check_passphrase(backend, by, passphrase)
    previous = list(standing(agreement))
    signed, checks = _signed_pdf(
        agreement=agreement, party=party, by=by, passphrase=passphrase, backend=backend, previous=previous, at=at
    )
    try:
        pages, sha256 = checked_pdf(signed, max_bytes=MAX_PDF_BYTES)
    except UploadError as error:
        raise SigningError(_("Dokumen bertanda tangan ditolak: %(error)s") % {"error": error}) from error

    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
        refusal = _refusal(agreement, party, by)
        if refusal:
            raise SigningError(refusal)
        if [s.pk for s in standing(agreement)] != [s.pk for s in previous]:
            raise SigningError(_("Pihak lain menandatangani pada saat yang sama; muat ulang halaman dan ulangi."))
        signature = _store_signature(
            agreement=agreement,
            party=party,
            by=by,
            backend=backend,
            check=checks[-1],
            data=signed,
            sha256=sha256,
            at=at,
            reason=reason,
        )
        complete = {s.party for s in previous} | {party} == set(parties_of(agreement))
        if complete:
            try:
                _complete(agreement, signed, sha256, pages, by, at)
            except AgreementError as error:
                raise SigningError(str(error)) from error
    return Outcome(signature=signature, complete=complete)


def _store_signature(
    *,
    agreement: Agreement,
    party: str,
    by,
    backend,
    check,
    data: bytes,
    sha256: str,
    at: datetime.datetime,
    reason: str = "",
) -> ElectronicSignature:
    """Keep this party's signed file and record it in the agreement's history."""
    signature = ElectronicSignature(
        agreement=agreement,
        party=party,
        signer=by,
        signer_name=by.person.name,
        certificate_subject=check.signer[:300],
        certificate_issuer=check.issuer[:300],
        certificate_serial=check.serial[:80],
        backend=backend.name,
        signed_at=at,
        sha256=sha256,
        size=len(data),
    )
    signature.file.save(f"{sha256}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        # A double click: the other request signed first (one standing signature per party).
        raise SigningError(_already_signed(Party(party).label)) from None
    registry.record(kind=IssuedKind.PARTIAL, data=data, agreement=agreement, sha256=sha256)
    params = {"party": term(Party(party).label), "name": by.person.name, "sha256": sha256[:12]}
    summary = gettext_noop("Ditandatangani secara elektronik oleh %(party)s (%(name)s); SHA-256 %(sha256)s…")
    if reason:
        summary = gettext_noop(
            "Ditandatangani secara elektronik oleh %(party)s (%(name)s); SHA-256 %(sha256)s…; "
            "PK bertanggal %(date)s, alasan: %(reason)s"
        )
        params |= {"date": day(agreement.signed_on), "reason": reason}
    record_change(
        obj=signature,
        within=agreement,
        action=Action.SIGN,
        summary=summary,
        params=params,
        by=by,
        changes={"sha256": [None, sha256]},
    )
    return signature


def _complete(agreement: Agreement, data: bytes, sha256: str, pages: int, by, at: datetime.datetime) -> None:
    """Every party has signed: the file is the agreement's signed document."""
    store_signed_document(
        agreement=agreement,
        data=data,
        sha256=sha256,
        pages=pages,
        filename=f"{build_filename(agreement)}-tte.pdf",
        by=by,
        at=at,
        electronic=True,
    )
    move(
        agreement=agreement,
        to=Status.SIGNED,
        by=by,
        at=at,
        reason=gettext_noop("tanda tangan elektronik lengkap"),
        reason_is_term=True,
        check_user=False,
    )


def void_signatures(agreement: Agreement, reason: str, at: datetime.datetime | None = None) -> int:
    """Back to draft: the standing signatures no longer cover the document. Kept, marked void."""
    return standing(agreement).update(voided_at=at or timezone.now(), void_reason=reason[:300])


def panel(agreement: Agreement, user) -> dict | None:
    """What the agreement page shows about electronic signing; None when there is nothing to show."""
    signatures = {s.party: s for s in standing(agreement)}
    if agreement.status != Status.FINAL and not signatures:
        return None
    mine = set(parties_for_user(user, agreement)) if agreement.status == Status.FINAL else set()
    return {
        "parties": [
            {
                "party": party,
                "label": Party(party).label,
                "name": party_name(agreement, party),
                "signature": signatures.get(party),
                "may_sign": party in mine and party not in signatures,
            }
            for party in parties_of(agreement)
        ],
        "local": signers.backend().name == "local",
        "needs_reason": bool(mine) and needs_reason(agreement),
        "code": codes.existing_code(agreement),
    }
