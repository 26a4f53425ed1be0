"""The register of every PDF the app issues (documents.models.IssuedDocument).

Whoever hands out a PDF records it here: the download of a final PK (a
print), the signed document (a scan or the PDF every party signed), a partly
signed electronic file, a province's compiled package, a bulk print, a report.
The verification page and `manage.py verify_pdf` then know every file the app
issued, and what it is.
"""

import hashlib
import io

from django.db import IntegrityError, transaction
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kinerja.agreements.models import Agreement, Status
from kinerja.documents.models import IssuedDocument, IssuedKind


def _page_count(data: bytes) -> int:
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PyPdfError, ValueError):
        return 0


def record(
    *,
    kind: str,
    data: bytes,
    agreement: Agreement | None = None,
    label: str = "",
    sha256: str = "",
    pages: int | None = None,
) -> IssuedDocument:
    """Record `data` as issued (once per file and kind); returns the record."""
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    found = IssuedDocument.objects.filter(sha256=sha256, kind=kind).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return IssuedDocument.objects.create(
                sha256=sha256,
                kind=kind,
                agreement=agreement,
                version=agreement.version if agreement is not None else None,
                label=label[:300],
                pages=_page_count(data) if pages is None else pages,
                size=len(data),
            )
    except IntegrityError:
        # The same file issued twice at once: the other request recorded it.
        return IssuedDocument.objects.get(sha256=sha256, kind=kind)


def record_print(agreement: Agreement, data: bytes) -> None:
    """A PK's PDF as printed: recorded when it carries a verification code (never a draft)."""
    if agreement.status != Status.DRAFT:
        record(kind=IssuedKind.PRINT, data=data, agreement=agreement)


def records_of(sha256: str) -> list[IssuedDocument]:
    """Every record of the file with this SHA-256, the signed document first."""
    order = {IssuedKind.SIGNED: 0, IssuedKind.PARTIAL: 1, IssuedKind.PRINT: 2, IssuedKind.PACKAGE: 3}
    found = IssuedDocument.objects.filter(sha256=sha256).select_related("agreement__unit")
    return sorted(found, key=lambda issued: order.get(issued.kind, 9))
