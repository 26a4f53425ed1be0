"""PDF of an agreement through Typst.

The template reads the document as JSON data from sys.inputs: no text of the
document is ever turned into Typst source. Fonts come from the repository's
fonts folder only, so every machine prints the same document.
"""

import base64
import json
import logging
from pathlib import Path

import typst

from kinerja.documents.data import DATA_KEYWORD_PREFIX
from kinerja.documents.model import Document

DOCUMENTS_DIR = Path(__file__).resolve().parent
TEMPLATE = DOCUMENTS_DIR / "templates" / "documents" / "agreement.typ"
FONTS_DIR = DOCUMENTS_DIR / "fonts"

logger = logging.getLogger(__name__)


def compile_with_warnings(template: Path, data: dict) -> tuple[bytes, list[typst.TypstWarning]]:
    """Any of our Typst templates fed `data` as JSON; the PDF and Typst's warnings."""
    return typst.compile_with_warnings(
        str(template),
        root=str(template.parent),
        format="pdf",
        font_paths=[str(FONTS_DIR)],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def compile_template(name: str, data: dict) -> bytes:
    """The PDF of templates/documents/`name`, logging Typst's warnings."""
    pdf, warnings = compile_with_warnings(TEMPLATE.parent / name, data)
    for warning in warnings:
        logger.warning("Typst %s: %s", name, warning.message)
    return pdf


def render_pdf_with_warnings(document: Document) -> tuple[bytes, list[typst.TypstWarning]]:
    """The PDF and Typst's warnings (a warning means something was laid out wrongly)."""
    if document.get("data"):
        document = {**document, "data_keyword": data_keyword(document["data"])}
    return compile_with_warnings(TEMPLATE, document)


def data_keyword(data: dict) -> str:
    """The content as data in one keyword of the PDF: `kinerja-data:` and the JSON in URL-safe base64
    (a PDF joins its keywords with commas, which JSON has)."""
    return DATA_KEYWORD_PREFIX + base64.urlsafe_b64encode(json.dumps(data, ensure_ascii=False).encode()).decode()


def render_pdf(document: Document) -> bytes:
    pdf, warnings = render_pdf_with_warnings(document)
    for warning in warnings:
        logger.warning("Typst: %s (%s)", warning.message, document.get("filename", ""))
    return pdf


def signature_spaces(document: Document) -> list[dict]:
    """Where the document leaves room for signatures: page (from 1), x, y from the
    top left, width and height, in points, with the side ("left", "right"), in
    the order they appear."""
    found = typst.query(
        str(TEMPLATE),
        "<signature-space>",
        field="value",
        root=str(TEMPLATE.parent),
        font_paths=[str(FONTS_DIR)],
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(document, ensure_ascii=False)},
    )
    return json.loads(found) if isinstance(found, str) else found
