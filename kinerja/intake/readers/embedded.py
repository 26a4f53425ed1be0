"""The content as data that Kinerja's own exports carry (documents.data): a keyword of
a PDF, the part of a DOCX, the very hidden sheet of an XLSX. None when the file has none, or
when what it carries is not Kinerja's format."""

import base64
import io
import json
import zipfile

from pypdf import PdfReader

from kinerja.documents.data import ATTACHMENT_NAME, DATA_KEYWORD_PREFIX, DATA_RELATIONSHIP, FORMAT, SHEET_NAME

MAX_DATA_BYTES = 5 * 1024 * 1024


def _checked(text: str | bytes) -> dict | None:
    if len(text) > MAX_DATA_BYTES:
        return None
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def from_pdf(reader: PdfReader) -> dict | None:
    """The keyword `kinerja-data:<base64 JSON>` of the PDF's document information."""
    try:
        keywords = str((reader.metadata or {}).get("/Keywords", ""))
    except Exception:  # a damaged information dictionary: the printed content is read instead
        return None
    for keyword in keywords.split(","):
        keyword = keyword.strip()
        if keyword.startswith(DATA_KEYWORD_PREFIX) and len(keyword) <= MAX_DATA_BYTES * 2:
            try:
                return _checked(base64.urlsafe_b64decode(keyword.removeprefix(DATA_KEYWORD_PREFIX)))
            except ValueError:
                return None
    return None


def from_docx(data: bytes) -> dict | None:
    """The part the document relates to with Kinerja's relationship type, read from the zip itself."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        try:
            rels = package.read("word/_rels/document.xml.rels").decode("utf-8", "replace")
        except KeyError:
            return None
        if DATA_RELATIONSHIP not in rels:
            return None
        name = f"kinerja/{ATTACHMENT_NAME}"
        if name not in package.namelist() or package.getinfo(name).file_size > MAX_DATA_BYTES:
            return None
        return _checked(package.read(name))


def from_xlsx(workbook) -> dict | None:
    if SHEET_NAME not in workbook.sheetnames:
        return None
    sheet = workbook[SHEET_NAME]
    text = "".join(str(row[0] or "") for row in sheet.iter_rows(min_col=1, max_col=1, values_only=True))
    return _checked(text)
