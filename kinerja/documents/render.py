"""One entry point for every output format of the document model."""

from importlib import import_module

from django.utils.translation import gettext as _

from kinerja.documents.model import Document

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render(document: Document, fmt: str) -> bytes:
    """`document` as PDF, DOCX or XLSX bytes."""
    if fmt not in FORMATS:
        raise ValueError(_("Format tidak dikenal: %(format)s") % {"format": fmt})
    # Each renderer pulls in a sizeable library; load only the one asked for.
    module = import_module(f"kinerja.documents.{fmt}")
    return getattr(module, f"render_{fmt}")(document)
