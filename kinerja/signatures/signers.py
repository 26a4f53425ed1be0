"""Who applies the PAdES signature: the deployment's own CA, or a signing service.

`TTE_BACKEND` chooses:

- `local` (default): pyHanko signs here with a certificate the deployment's
  own CA issues for the signer (authority.py). For testing and demonstrations.
- `remote`: an HTTP signing service of the kind Indonesian agencies use for
  BSrE (`TTE_REMOTE_URL`, `TTE_REMOTE_USER`, `TTE_REMOTE_PASSWORD`). Kinerja
  sends the prepared PDF, the signer's identity and passphrase and the name of
  the signature field; the service returns the signed PDF. `fake_service.py` is
  a local stand-in with the same interface, used by the tests and by
  `manage.py tte_fake_service`.

A PKCS#11 token (a hardware key in the signer's office) plugs in as one more
class here with pyHanko's `pyhanko.sign.pkcs11.PKCS11Signer` in place of
`SimpleSigner`; see the README.
"""

import asyncio
import io
import json
from dataclasses import dataclass

import aiohttp
from asn1crypto import pem, x509
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import QRStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from kinerja.signatures import authority


class SigningError(ValueError):
    """Signing refused or failed; the message is for the user, in the active language."""


@dataclass(frozen=True)
class SignRequest:
    pdf: bytes
    field_name: str
    signer_name: str
    identity: str  # the signer's identity at the signing service (NIK/NIP)
    passphrase: str
    url: str  # the verification page, printed beside the QR code of the signature block
    reason: str
    location: str
    # The moment of signing as printed in the block, in the unit's own zone: `10 Juni 2024 19.41 WIT`.
    when: str = ""


STAMP_TEXT = "Ditandatangani secara elektronik oleh\n%(signer)s\n%(when)s\nVerifikasi: %(url)s"


def pades_sign(request: SignRequest, cms_signer: signers.Signer) -> bytes:
    """Sign the existing empty field `request.field_name` as an incremental update (PAdES B-B)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(request.pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=request.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason,
        location=request.location,
        name=request.signer_name,
    )
    style = QRStampStyle(stamp_text=STAMP_TEXT, border_width=1, timestamp_format="%d-%m-%Y %H:%M %Z")
    pdf_signer = signers.PdfSigner(meta, signer=cms_signer, stamp_style=style)
    output = pdf_signer.sign_pdf(
        writer, existing_fields_only=True, appearance_text_params={"url": request.url, "when": request.when}
    )
    return output.getvalue()


class LocalSigner:
    name = "local"

    def sign(self, request: SignRequest) -> bytes:
        issued = authority.issue(request.signer_name)
        cms_signer = signers.SimpleSigner(
            signing_cert=issued.certificate,
            signing_key=issued.key,
            cert_registry=SimpleCertificateStore.from_certs([authority.ca_certificate()]),
        )
        return pades_sign(request, cms_signer)


class RemoteSigner:
    """A BSrE-style signing service: POST {url}/api/sign/pdf, multipart, HTTP basic auth.

    The request goes through aiohttp, which pyHanko already depends on (and
    drives the same way, with asyncio.run, while it signs and validates): it
    writes the multipart form and the basic auth header, and reads the proxy
    settings of the environment as urllib did.
    """

    name = "remote"

    def __init__(self, url: str, username: str, password: str, timeout: float = 60):
        self.url = url.rstrip("/")
        self.username = username
        self.password = password
        self.timeout = timeout

    def sign(self, request: SignRequest) -> bytes:
        try:
            status, reason, data = asyncio.run(self._post(request))
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            raise SigningError(_("Layanan TTE tidak dapat dihubungi; coba lagi nanti.")) from error
        if status >= 400:
            raise SigningError(_("Layanan TTE menolak: %(reason)s") % {"reason": _service_message(data, reason)})
        if not data.startswith(b"%PDF-"):
            raise SigningError(_("Layanan TTE mengembalikan berkas yang bukan PDF."))
        return data

    async def _post(self, request: SignRequest) -> tuple[int, str, bytes]:
        form = aiohttp.FormData()
        for name, value in {
            "nik": request.identity,
            "nama": request.signer_name,
            "passphrase": request.passphrase,
            "field": request.field_name,
            "tampilan": "visible",
            "reason": request.reason,
            "location": request.location,
            "url": request.url,
            "waktu": request.when,
        }.items():
            form.add_field(name, value)
        form.add_field("file", request.pdf, filename="dokumen.pdf", content_type="application/pdf")
        async with (
            aiohttp.ClientSession(
                headers={"Authorization": aiohttp.encode_basic_auth(self.username, self.password)},
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                trust_env=True,
            ) as session,
            session.post(f"{self.url}/api/sign/pdf", data=form) as response,
        ):
            return response.status, response.reason or "", await response.read()


def _service_message(data: bytes, reason: str) -> str:
    """The service's own explanation ({"error": ...}), else the HTTP reason."""
    try:
        return str(json.loads(data).get("error", reason))[:200]
    except (ValueError, AttributeError):
        return reason[:200]


def backend():
    if settings.TTE_BACKEND == "remote":
        return RemoteSigner(settings.TTE_REMOTE_URL, settings.TTE_REMOTE_USER, settings.TTE_REMOTE_PASSWORD)
    return LocalSigner()


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    issuer: str
    serial: str
    signed_at: object
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature holds
    trusted: bool  # the certificate chains to a trusted root
    modification: str  # pyHanko's ModificationLevel name: what changed in the file after this signature

    @property
    def good(self) -> bool:
        return self.intact and self.valid

    @property
    def modification_text(self) -> str:
        """pyHanko's modification level, said for a reader."""
        return str(MODIFICATION_LEVELS.get(self.modification, self.modification or _("tidak dapat dinilai")))


# pyHanko's ModificationLevel, from least to most: what was added after a signature.
MODIFICATION_LEVELS = {
    "NONE": gettext_lazy("tidak ada"),
    "LTA_UPDATES": gettext_lazy("hanya data validasi jangka panjang"),
    "FORM_FILLING": gettext_lazy("pengisian formulir (mis. tanda tangan berikutnya)"),
    "ANNOTATIONS": gettext_lazy("anotasi ditambahkan"),
    "OTHER": gettext_lazy("isi diubah"),
    "BROKEN": gettext_lazy("tanda tangan rusak"),
}


def trust_roots() -> list:
    """The deployment's CA, and any roots configured (e.g. BSrE's) in TTE_TRUST_ROOTS."""
    roots = [authority.ca_certificate()]
    for path in settings.TTE_TRUST_ROOTS:
        with open(path, "rb") as handle:
            data = handle.read()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _kind, _headers, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def validate(data: bytes, *, limit: int | None = None) -> list[SignatureCheck]:
    """Every embedded signature of `data`, checked with pyHanko against our trust roots.

    Raises SigningError when the file cannot be read as a PDF at all, or has
    more than `limit` signatures (each one means hashing the file once more).
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # pyHanko raises many kinds on a damaged file
        raise SigningError(_("Berkas tidak dapat dibaca sebagai PDF.")) from error
    if limit is not None and len(embedded) > limit:
        raise SigningError(
            _("Berkas memuat %(count)s tanda tangan; PK paling banyak %(limit)s.")
            % {"count": len(embedded), "limit": limit}
        )
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    checks = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, signer_validation_context=context)
        except Exception:  # a damaged signature dictionary: not intact
            checks.append(SignatureCheck(signature.field_name, "", "", "", None, False, False, False, "BROKEN"))
            continue
        certificate = status.signing_cert
        checks.append(
            SignatureCheck(
                field=signature.field_name,
                signer=certificate.subject.native.get("common_name", ""),
                issuer=certificate.issuer.native.get("common_name", ""),
                serial=format(certificate.serial_number, "x"),
                signed_at=status.signer_reported_dt,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                modification=status.modification_level.name if status.modification_level else "",
            )
        )
    return checks
