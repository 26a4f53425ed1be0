"""One entry point for every output format of the document model."""

import hashlib
import json
import threading
from collections import OrderedDict
from importlib import import_module

from django.utils.translation import gettext as _

from kinerja.documents.model import Document

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# The last PDFs made, by their document's content: a scan is checked against the
# print just made for it (documents.scans), and a print is signed right after it
# is shown; the same document is not laid out twice.
_RECENT_PDFS: OrderedDict[str, bytes] = OrderedDict()
RECENT_PDFS = 16
_RECENT_LOCK = threading.Lock()


def render(document: Document, fmt: str) -> bytes:
    """`document` as PDF, DOCX or XLSX bytes."""
    if fmt not in FORMATS:
        raise ValueError(_("Format tidak dikenal: %(format)s") % {"format": fmt})
    if fmt == "pdf":
        return _pdf(document)
    # Each renderer pulls in a sizeable library; load only the one asked for.
    module = import_module(f"kinerja.documents.{fmt}")
    return getattr(module, f"render_{fmt}")(document)


def _pdf(document: Document) -> bytes:
    key = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    with _RECENT_LOCK:
        found = _RECENT_PDFS.get(key)
    if found is None:
        found = import_module("kinerja.documents.pdf").render_pdf(document)
    with _RECENT_LOCK:
        _RECENT_PDFS[key] = found
        _RECENT_PDFS.move_to_end(key)
        while len(_RECENT_PDFS) > RECENT_PDFS:
            _RECENT_PDFS.popitem(last=False)
    return found
