"""The documents app's answers to what the agreement app announces."""

from kinerja.documents import registry
from kinerja.documents.models import IssuedKind


def record_signed_document(sender, *, scan, agreement, data, **kwargs) -> None:
    """A signed document was stored: it is now a file the app issues as this PK's signed version."""
    registry.record(kind=IssuedKind.SIGNED, data=data, agreement=agreement, sha256=scan.sha256, pages=scan.pages)
