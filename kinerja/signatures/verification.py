"""What a verification code stands for, and what an uploaded PDF is.

The verdict on a file comes from the register of issued PDFs
(documents.models.IssuedDocument) and the PK's state now, never from what the
file says of itself:
- `exact`: the file recorded as this PK's signed document, and it still stands;
- `official-print`: a print, package or report the app issued, unsigned;
- `superseded`: a file of an earlier version (a PK Perubahan replaced it), or
  one that no longer stands (voided by a return to draft, or a partly signed
  file the complete one replaced);
- `partial`: an electronic file signed by fewer than all parties, while the
  others may still sign;
- `altered`: it carries a verification code but matches no issued file;
- `unknown`: neither.
The public page and `manage.py verify_pdf` ask `check_file`, so both say the same.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, SignedScan, Status
from kinerja.agreements.selectors import latest_version
from kinerja.documents import codes, registry, scans
from kinerja.documents.models import DocumentCode, IssuedDocument, IssuedKind
from kinerja.lib import timezones
from kinerja.signatures import signers
from kinerja.signatures.models import Party
from kinerja.signatures.services import FIELD_NAMES, standing
from kinerja.signatures.signers import SigningError

SIGNED_STATUSES = {Status.SIGNED, *SUBMITTED_STATUSES}


def signed_document(agreement: Agreement) -> SignedScan | None:
    """The file that stands as the signed agreement: none while it is a draft or
    final (after a return, the earlier scan no longer stands)."""
    return agreement.current_scan() if agreement.status in SIGNED_STATUSES else None


def absolute(path: str) -> str:
    """A path of this site as a full address (SITE_URL), for text read outside the browser."""
    return settings.SITE_URL.rstrip("/") + path


def _newer(agreement: Agreement) -> Agreement | None:
    latest = latest_version(agreement)
    return latest if latest.version > agreement.version else None


# ---------------------------------------------------------------- what a code stands for


@dataclass(frozen=True)
class Facts:
    """What the public page shows about a code: no more."""

    code: str
    unit: str
    year: int
    version: int
    status: str
    valid: bool  # False once the agreement went back to draft: a printout of it no longer stands
    parties: list[tuple[str, str, str]]  # (party, name, position)
    signed_sha256: str
    electronic: bool
    signatures: list[tuple[str, str, datetime.datetime]]  # (party, name, when)
    time_zone: str = timezones.WIB  # the unit's: the times shown are the signature block's
    newer_version: int = 0  # the PK Perubahan that replaced this version, if any
    newer_code: str = ""  # its code, when it was printed


def facts(code: str) -> Facts | None:
    found = DocumentCode.objects.select_related("agreement__unit").filter(code=codes.normalise(code)).first()
    if found is None:
        return None
    agreement = found.agreement
    scan = signed_document(agreement)
    valid = agreement.status != Status.DRAFT
    newer = _newer(agreement)
    parties = [(Party.FIRST.label, agreement.first_party_name, agreement.first_party_position)]
    if agreement.has_second_party:
        parties.append((Party.SECOND.label, agreement.second_party_name, agreement.second_party_position))
    return Facts(
        code=found.code,
        unit=agreement.unit.name,
        year=agreement.year,
        version=agreement.version,
        status=str(Status(agreement.status).label),
        valid=valid,
        parties=parties if valid else [],
        signed_sha256=scan.sha256 if scan and valid else "",
        electronic=bool(scan and scan.electronic),
        signatures=[(s.get_party_display(), s.signer_name, s.signed_at) for s in standing(agreement)] if valid else [],
        time_zone=agreement.unit.time_zone,
        newer_version=newer.version if newer else 0,
        newer_code=codes.existing_code(newer) if newer else "",
    )


# ---------------------------------------------------------------- what a file is


class Verdict(models.TextChoices):
    """What the app says of a file; the label is the page's heading, the value the command's first line."""

    EXACT = "exact", gettext_lazy("Asli: sama persis")
    OFFICIAL_PRINT = "official-print", gettext_lazy("Cetakan resmi, tanpa tanda tangan")
    SUPERSEDED = "superseded", gettext_lazy("Dokumen lama")
    PARTIAL = "partial", gettext_lazy("Sesuai, tanda tangan belum lengkap")
    ALTERED = "altered", gettext_lazy("Dokumen telah diubah")
    UNKNOWN = "unknown", gettext_lazy("Tidak dikenal")


@dataclass(frozen=True)
class Check:
    verdict: Verdict
    message: str
    sha256: str
    signatures: list[signers.SignatureCheck] = field(default_factory=list)
    code: str = ""  # the code of the PK version the file is of, when known
    current_code: str = ""  # for a superseded file: the code of the version that stands, when printed

    @property
    def heading(self) -> str:
        return Verdict(self.verdict).label

    @property
    def current_url(self) -> str:
        return reverse("signatures:verify", args=[self.current_code]) if self.current_code else ""


def _signatures(data: bytes) -> list[signers.SignatureCheck]:
    """The file's signatures with pyHanko (at most as many as a PK has), or none."""
    try:
        return signers.validate(data, limit=len(FIELD_NAMES))
    except SigningError:
        return []


def _superseded_by_revision(issued: IssuedDocument, newer: Agreement, sha256: str) -> Check:
    current_code = codes.existing_code(newer)
    message = _(
        "Berkas ini %(what)s versi %(version)s PK ini, yang telah diganti oleh PK Perubahan ke-%(number)s "
        "(status %(status)s). Yang berlaku adalah versi terbaru."
    ) % {
        "what": issued.get_kind_display(),
        "version": issued.agreement.version,
        "number": newer.version - 1,
        "status": Status(newer.status).label,
    }
    return Check(Verdict.SUPERSEDED, message, sha256, [], codes.existing_code(issued.agreement), current_code)


def _of_agreement(issued: IssuedDocument, data: bytes, sha256: str) -> Check:
    """The verdict on a file recorded for a PK version, from what that PK is now."""
    agreement = issued.agreement
    code = codes.existing_code(agreement)
    newer = _newer(agreement)
    if newer is not None:
        return _superseded_by_revision(issued, newer, sha256)
    if issued.kind == IssuedKind.PRINT:
        if agreement.status == Status.DRAFT:
            message = _("Cetakan ini tidak berlaku lagi: PK dikembalikan ke draf untuk diperbaiki.")
            return Check(Verdict.SUPERSEDED, message, sha256, [], code)
        message = _(
            "Berkas ini cetakan resmi PK ini yang diunduh dari Kinerja, tanpa tanda tangan. "
            "Yang mengikat adalah dokumen bertanda tangan."
        )
        return Check(Verdict.OFFICIAL_PRINT, message, sha256, [], code)
    signatures = _signatures(data)
    scan = signed_document(agreement)
    if issued.kind == IssuedKind.SIGNED and scan is not None and scan.sha256 == sha256:
        message = _("Berkas ini sama persis dengan dokumen bertanda tangan yang tercatat.")
        return Check(Verdict.EXACT, message, sha256, signatures, code)
    is_standing = standing(agreement).filter(sha256=sha256).exists()
    if issued.kind == IssuedKind.PARTIAL and is_standing and agreement.status == Status.FINAL:
        message = _("Berkas ini sesuai dengan dokumen yang tercatat, tetapi belum ditandatangani semua pihak.")
        return Check(Verdict.PARTIAL, message, sha256, signatures, code)
    if is_standing and scan is not None:
        message = _(
            "Berkas ini baru ditandatangani sebagian pihak; dokumen yang berlaku telah ditandatangani semua pihak."
        )
    else:
        message = _(
            "Berkas ini pernah tercatat, tetapi telah diganti atau dibatalkan; yang berlaku adalah dokumen terbaru."
        )
    return Check(Verdict.SUPERSEDED, message, sha256, signatures, code)


def _issued_alone(issued: IssuedDocument, sha256: str) -> Check:
    message = _("Berkas ini %(what)s yang diterbitkan Kinerja: %(label)s.") % {
        "what": issued.get_kind_display(),
        "label": issued.label,
    }
    return Check(Verdict.OFFICIAL_PRINT, message, sha256)


def code_in_file(data: bytes) -> str:
    """The verification code a file carries: in a print's metadata, else read from its first page."""
    return codes.code_in(data) or scans.code_on_first_page(data)


def check_file(data: bytes) -> Check:
    """What `data` is: recorded by the app (and what it is now), altered, or unknown."""
    sha256 = hashlib.sha256(data).hexdigest()
    for issued in registry.records_of(sha256):
        if issued.agreement is not None:
            return _of_agreement(issued, data, sha256)
        return _issued_alone(issued, sha256)
    code = code_in_file(data)
    if code and DocumentCode.objects.filter(code=code).exists():
        message = _(
            "Berkas ini membawa kode verifikasi %(code)s tetapi tidak sama dengan berkas mana pun yang diterbitkan "
            "atau dicatat untuk kode itu: dokumen telah diubah, atau ini pindaian ulang. Bandingkan dengan dokumen "
            "bertanda tangan yang tercatat."
        ) % {"code": code}
        return Check(Verdict.ALTERED, message, sha256, _signatures(data), code)
    return Check(Verdict.UNKNOWN, _("Berkas ini tidak cocok dengan dokumen mana pun yang diterbitkan Kinerja."), sha256)
