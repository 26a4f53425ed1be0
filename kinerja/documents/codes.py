"""The verification code printed on every page of a non-draft agreement.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L, U),
written `ABCD-EFGH`: easy to type from paper, about 10^12 possibilities, so
codes cannot be guessed one after another.
"""

import io
import re
import secrets
from functools import lru_cache

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement, Status
from kinerja.documents.models import DocumentCode

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_RE = re.compile(rb"kinerja-verifikasi:([2-9A-Z]{4}-[2-9A-Z]{4})")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(text: str) -> str:
    """What a person typed ("abcd efgh", "ABCDEFGH") as a stored code, or ""."""
    raw = re.sub(r"[\s\-]", "", text or "").upper()[:16]
    if len(raw) != 8 or any(char not in ALPHABET for char in raw):
        return ""
    return f"{raw[:4]}-{raw[4:]}"


def existing_code(agreement: Agreement) -> str:
    """The agreement's code if a document of it was ever printed, else "" (reading never makes one)."""
    return DocumentCode.objects.filter(agreement=agreement).values_list("code", flat=True).first() or ""


def code_for(agreement: Agreement) -> str:
    """The agreement's code, made the first time a non-draft document of it is printed."""
    existing = existing_code(agreement)
    if existing:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return DocumentCode.objects.create(agreement=agreement, code=new_code()).code
        except IntegrityError:
            # Two printings at once, or (once in 10^12) the same code: read what stands.
            existing = existing_code(agreement)
            if existing:
                return existing
    raise RuntimeError(_("Tidak ada kode verifikasi yang bebas."))


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("signatures:verify", args=[code])


@lru_cache(maxsize=2048)
def qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def verification_for(agreement: Agreement) -> dict | None:
    """What the document prints about verification; nothing for a draft, which is never verifiable."""
    if agreement.status == Status.DRAFT:
        return None
    code = code_for(agreement)
    url = verification_url(code)
    return {"code": code, "url": url, "qr_svg": qr_svg(url), "keyword": f"kinerja-verifikasi:{code}"}


def code_in(data: bytes) -> str:
    """The verification code a PDF carries in its metadata, read from its raw bytes, or ""."""
    found = CODE_RE.search(data)
    return found.group(1).decode() if found else ""
