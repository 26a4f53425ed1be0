"""One reader of a whole PK, whatever it comes in: Kinerja's own XLSX, DOCX or PDF, a Word
file as offices write it, a PDF with a text layer, or plain text (another OCR's output).

`read(data, filename)` gives the reading in the shape of the seed's structured
reading (`kinerja/demo/data/kpu-kota-sorong-2024.json`): `first_party`,
`second_party` (name, position), `signed_place`, `signed_date` (ISO),
`sections` (no, code, title, rows: letter, output, indicator, target, unit) and
`budget` (program, code, amount or None), plus `year`, `source` (what the file
was), and `uncertain`: the paths of the fields the reader is not sure of (e.g.
`sections.3.code`), each with its reason in `notes`.

Kinerja's own exports carry their content as data (documents.data): the reading
is that data, and what the file prints is read too and compared; a difference
is flagged, never settled silently.
"""

import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from rapidfuzz import fuzz, process

from kinerja.intake import columnless, corrections, grid, layout, ocr, statement
from kinerja.intake.readers import embedded, office, pdf
from kinerja.lib.uploads import UploadError, checked_pdf, checked_zip
from kinerja.planning.models import Activity, Program

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024


class ReadError(ValueError):
    """The file cannot be read as a PK; the message is for the user and nothing is stored."""


def empty() -> dict:
    return {
        "year": None,
        "first_party": None,
        "second_party": None,
        "signed_place": "",
        "signed_date": None,
        "sections": [],
        "budget": [],
        "uncertain": [],
        "notes": {},
        "source": "",
    }


def flag(reading: dict, path: str, note: str) -> None:
    if path not in reading["uncertain"]:
        reading["uncertain"].append(path)
    reading["notes"].setdefault(path, note)


def kind_of(data: bytes, filename: str) -> str:
    """What the file is, by its content (the name only tells plain text apart)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            return "unknown"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return "unknown"
    if data[:3] == b"\xff\xd8\xff" or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if filename.lower().endswith(".txt"):
        return "text"
    return "unknown"


def checked_kind(data: bytes, filename: str) -> str:
    """What the file is (kind_of); ReadError for one too large or of a kind no reader takes."""
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(_("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    kind = kind_of(data, filename)
    if kind == "unknown":
        raise ReadError(
            _("Berkas “%(name)s” tidak dikenal: kirim PDF, DOCX, XLSX, JPEG, PNG atau teks (.txt).")
            % {"name": filename or "?"}
        )
    return kind


def read(data: bytes, filename: str = "", *, progress=None, part: int = 1) -> dict:
    """The reading of the PK in `data`; raises ReadError for a file that is not one. A text may hold
    several PKs one after the other (the guideline's example holds two): `part` says which, from 1, and
    the reading's `parts` how many there are."""
    kind = checked_kind(data, filename)
    try:
        if kind == "pdf":
            return _from_pdf(data, progress)
        if kind == "docx":
            return _from_docx(data)
        if kind == "xlsx":
            return _from_xlsx(data)
        if kind == "text":
            texts = agreements_in_text(_decoded(data))
            if not 1 <= part <= len(texts):
                raise ReadError(
                    _("Berkas ini memuat %(count)s PK; tidak ada PK ke-%(part)s.") % {"count": len(texts), "part": part}
                )
            return from_text(texts[part - 1], source="text") | {"parts": len(texts)}
        return _from_scan(data, filename, progress)
    except UploadError as error:
        raise ReadError(str(error)) from error


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(_("Berkas teks tidak terbaca (bukan UTF-8)."))


def from_lines(lines: list[str], rows: list[list], source: str, *, checks: dict | None = None) -> dict:
    """The reading of a document given as its lines of text and the rows of its tables.

    `checks` (OCR): by row index, the notes of the corrections proposed in that row's cells and the
    row's lowest confidence; the fields read from a row are flagged and carry that confidence.
    """
    reading = empty()
    reading["source"] = source
    reading["year"] = statement.year(lines)
    found = statement.parties(lines) or statement.signers(rows)
    if found:
        reading["first_party"] = {"name": found[0]["name"], "position": found[0]["position"]}
    if len(found) > 1:
        reading["second_party"] = {"name": found[1]["name"], "position": found[1]["position"]}
    reading["signed_place"], reading["signed_date"] = statement.place_and_date(lines)
    cleaned = [[grid.clean(cell) for cell in row] for row in rows]
    if checks is None:
        reading["sections"] = grid.sections_from_rows(cleaned)
    else:
        reading["sections"] = _checked_sections(reading, grid.sections_from_rows(cleaned, sources=True), checks)
    reading["budget"] = statement.budget(lines)
    _flag_missing(reading)
    return reading


ACTIVITY_TITLE_SCORE = 90  # below, a title OCR read is not the activity's name as the catalogue has it
LOW_CONFIDENCE = 60  # below this (Tesseract's 0–100), what OCR read is uncertain


def _checked_sections(reading: dict, sections: list[dict], checks: dict) -> list[dict]:
    """The sections of an OCR'd table: each field with its row's confidence, flagged when a correction
    was proposed in its cell or the confidence is low; a number OCR could not read follows the one before."""
    reading["confidence"] = {}
    fields_of = {"no": ("no",), "goal": ("code", "title"), "target": ("target", "unit")}
    for s, section in enumerate(sections):
        notes, confidence = checks.get(section.pop("source"), ({}, 100.0))
        for field in ("no", "code", "title"):
            reading["confidence"][f"sections.{s}.{field}"] = confidence
            if confidence < LOW_CONFIDENCE and section[field]:
                flag(reading, f"sections.{s}.{field}", _low_confidence(confidence))
        for role, note in notes.items():
            for field in fields_of.get(role, ()):
                flag(reading, f"sections.{s}.{field}", note)
        _check_number(reading, sections, s)
        for r, row in enumerate(section["rows"]):
            notes, confidence = checks.get(row.pop("source"), ({}, 100.0))
            row_fields = {"no": (), "goal": ("letter", "output"), "output": ("letter", "output")}
            row_fields |= {"indicator": ("letter", "indicator"), "target": ("target", "unit")}
            for field in ROW_FIELDS:
                path = f"sections.{s}.rows.{r}.{field}"
                reading["confidence"][path] = confidence
                if confidence < LOW_CONFIDENCE:
                    flag(reading, path, _low_confidence(confidence))
            for role, note in notes.items():
                for field in row_fields.get(role, ()):
                    flag(reading, f"sections.{s}.rows.{r}.{field}", note)
    return sections


def _low_confidence(confidence: float) -> str:
    return _("OCR kurang yakin (%(confidence)s dari 100).") % {"confidence": round(confidence)}


def from_text(text: str, *, source: str) -> dict:
    """Plain text: the statement and the budget lines, and the attachment's table by its columns where
    they are separated (tabs, "|" or runs of spaces). A text that lost its columns (another OCR read the
    lines straight across the table) has its table read against the catalogue (intake.columnless)."""
    lines = text.splitlines()
    rows = [re.split(r"\t+|\s*\|\s*|\s{3,}", line.strip()) for line in lines]
    reading = from_lines(lines, rows, source)
    table = _table_lines(lines)
    if reading["sections"] or table is None:
        return reading
    reading["uncertain"] = [path for path in reading["uncertain"] if path != "sections"]
    reading["notes"].pop("sections", None)
    reading["sections"] = columnless.read_table(table, columnless.vocabulary())
    for s, section in enumerate(reading["sections"]):
        for field, note in section.pop("_flags").items():
            flag(reading, f"sections.{s}.{field}", note)
        for r, row in enumerate(section["rows"]):
            for field, note in row.pop("_flags").items():
                flag(reading, f"sections.{s}.rows.{r}.{field}", note)
            for private in [key for key in row if key.startswith("_")]:
                del row[private]
    for b, line in enumerate(reading["budget"]):
        if line["amount"] is not None:
            flag(reading, f"budget.{b}.amount", _("Jumlah dibaca oleh OCR; periksa."))
    _flag_missing(reading)
    return reading


def _table_lines(lines: list[str]) -> list[str] | None:
    """The lines of the attachment's table: below its header (a line naming INDIKATOR and TARGET), down to
    the budget or the place and date; None without such a header."""
    start = next(
        (i for i, line in enumerate(lines) if re.search(r"INDIKATOR", line, re.I) and re.search(r"TARGET", line, re.I)),
        None,
    )
    if start is None:
        return None
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if (
            statement.budget_line(lines[i])
            or re.match(r"^\s*Program\b.*=", lines[i])
            or statement.place_and_date([lines[i]])[1]
        ):
            end = i
            break
    return [line for line in lines[start + 1 : end] if line.strip()]


_STATEMENT_START = re.compile(r"^\s*PERJANJIAN\s+KINERJA\s+TAHUN\s+\d{4}\s*$", re.I)


def agreements_in_text(text: str) -> list[str]:
    """The PKs a text holds, each from its statement's heading ("PERJANJIAN KINERJA TAHUN 2024" with
    the parties' "Nama :" below it before any table) to the next; the whole text when it holds none so."""
    lines = text.splitlines()
    starts = []
    for i, line in enumerate(lines):
        if not _STATEMENT_START.match(line):
            continue
        for below in lines[i + 1 : i + 25]:
            if re.search(r"INDIKATOR", below, re.I):
                break
            if re.match(r"^\s*Nama\s*[:：]", below, re.I):
                starts.append(i)
                break
    if len(starts) < 2:
        return [text]
    starts[0] = 0  # what stands above the first heading (the letterhead) is the first PK's
    return ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)], strict=True)]


def _flag_missing(reading: dict) -> None:
    if reading["first_party"] is None:
        flag(reading, "first_party", _("Pihak Pertama tidak terbaca."))
    for side in ("first_party", "second_party"):
        if reading[side] and not reading[side]["position"]:
            flag(reading, f"{side}.position", _("Jabatan tidak tercetak di berkas; isi saat meninjau."))
    if reading["signed_date"] is None:
        flag(reading, "signed_date", _("Tempat dan tanggal penandatanganan tidak terbaca."))
    if not reading["sections"]:
        flag(reading, "sections", _("Tabel lampiran (INDIKATOR KINERJA, TARGET) tidak ditemukan."))
    for s, section in enumerate(reading["sections"]):
        for r, row in enumerate(section["rows"]):
            if row["target"] and not row["unit"]:
                flag(reading, f"sections.{s}.rows.{r}.unit", _("Satuan tidak tercetak di berkas; isi saat meninjau."))


def _from_pdf(data: bytes, progress=None) -> dict:
    pages, _sha256 = checked_pdf(data, max_bytes=MAX_FILE_BYTES)
    try:
        carried = embedded.from_pdf(PdfReader(io.BytesIO(data)))
    except PdfReadError:
        carried = None
    lines, rows, chars = pdf.text_and_tables(data)
    if not pdf.has_text(chars, pages):
        return _from_scan(data, "scan.pdf", progress)
    return _with_carried(from_lines(lines, rows, "pdf"), carried)


def _from_docx(data: bytes) -> dict:
    checked_zip(data, max_inflated=MAX_UNCOMPRESSED_BYTES)
    try:
        lines, tables = office.word_blocks(data)
    except Exception as error:  # python-docx raises anything from KeyError to XML errors for a damaged file
        raise ReadError(_("Berkas Word rusak atau tidak dapat dibaca.")) from error
    # The attachment's tables only (those with the targets' header, which Word repeats on each page's
    # piece of a table): the statement's and the signatures' tables are read as lines.
    rows = [row for table in tables if any(grid.header_roles(row) for row in table) for row in table]
    return _with_carried(from_lines(lines, rows, "docx"), embedded.from_docx(data))


def _from_xlsx(data: bytes) -> dict:
    checked_zip(data, max_inflated=MAX_UNCOMPRESSED_BYTES)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything for a damaged file
        raise ReadError(_("Berkas Excel rusak atau tidak dapat dibaca.")) from error
    try:
        carried = embedded.from_xlsx(workbook)
        lines, tables = office.sheet_rows(workbook)
    finally:
        workbook.close()
    rows = [row for table in tables for row in table]
    return _with_carried(from_lines(lines, rows, "xlsx"), carried)


def _from_scan(data: bytes, filename: str, progress) -> dict:
    """A scan (an image-only PDF, JPEG or PNG): OCR page by page, the table from where its words stand."""
    pages = ocr.read(data, filename, progress, refine=layout.refined)
    lines = [line for page in pages for line in page.text.splitlines()]
    found = layout.table(pages)
    rows: list[list[str]] = []
    checks: dict[int, tuple[dict, float]] = {}
    if found is not None:
        for index, (row, confidence) in enumerate(zip(found.rows, found.confidence, strict=True)):
            fixed, notes = (row, {}) if index == 0 else corrections.row_cells(row, found.roles)
            rows.append(fixed)
            checks[index] = (notes, confidence)
    reading = from_lines(lines, rows, "scan", checks=checks)
    reading["pages"] = len(pages)
    _check_budget_codes(reading)
    check_activity_codes(reading)
    return reading


def check_activity_codes(reading: dict) -> None:
    """A section's activity code and title as OCR read them, against the catalogue of activities: an
    unknown code is flagged; a title nearly the activity's name is corrected to it, and one further off
    is flagged with the name proposed. A title without a code (a commission's goal) nearly an
    activity's name is corrected to it too. Every correction is flagged."""
    activities = dict(Activity.objects.values_list("code", "name"))
    choices = {key: value.casefold() for key, value in activities.items()}
    for s, section in enumerate(reading["sections"]):
        code, title = section["code"], section["title"]
        if code and code not in activities:
            flag(reading, f"sections.{s}.code", _("Kode kegiatan “%(code)s” tidak ada di katalog.") % {"code": code})
            flag(reading, f"sections.{s}.title", _("Kode kegiatannya tidak dikenal; periksa judulnya."))
            continue
        if code:
            name, score = activities[code], fuzz.ratio(title.casefold(), activities[code].casefold())
        elif title and activities:
            _text, score, nearest = process.extractOne(title.casefold(), choices, scorer=fuzz.ratio)
            name = activities[nearest]
        else:
            continue
        if name == title:
            continue
        if score >= ACTIVITY_TITLE_SCORE:
            flag(reading, f"sections.{s}.title", _("terbaca “%(text)s”") % {"text": title})
            section["title"] = name
        elif code:
            flag(
                reading,
                f"sections.{s}.title",
                _("Kegiatan %(code)s di katalog: “%(name)s”.") % {"code": code, "name": name},
            )


def _check_number(reading: dict, sections: list[dict], s: int) -> None:
    """A section's number against the one before: one not read is filled in by the sequence, one read
    with a stray digit ("21" after 1, for "2.") is corrected, any other break is flagged."""
    section, path = sections[s], f"sections.{s}.no"
    expected = str(int(sections[s - 1]["no"]) + 1) if s and sections[s - 1]["no"].isdigit() else "1" if not s else ""
    if not section["no"] and expected:
        section["no"] = expected
        flag(reading, path, _("Nomor tidak terbaca; diisi menurut urutan."))
    elif expected and section["no"] != expected:
        if section["no"].startswith(expected):
            flag(reading, path, _("terbaca “%(text)s”") % {"text": section["no"]})
            section["no"] = expected
        else:
            flag(reading, path, _("Nomor tidak berurutan."))


def _check_budget_codes(reading: dict) -> None:
    """A program code OCR read that no program has is replaced by the nearest one, flagged."""
    codes = list(Program.objects.values_list("code", flat=True))
    for b, line in enumerate(reading["budget"]):
        if line["code"] and line["code"] not in codes and codes:
            nearest, score, _index = process.extractOne(line["code"], codes, scorer=fuzz.ratio)
            if score >= 75:
                flag(reading, f"budget.{b}.code", _("terbaca “%(text)s”") % {"text": line["code"]})
                line["code"] = nearest
        if line["amount"] is not None:
            flag(reading, f"budget.{b}.amount", _("Jumlah dibaca oleh OCR; periksa."))


# --- Kinerja's own exports -----------------------------------------------------------------------------------

_FIELDS = ("letter", "output", "indicator", "target", "unit")


def _with_carried(printed: dict, carried: dict | None) -> dict:
    """The data an export of Kinerja carries, checked against what it prints; `printed` when there is none."""
    if carried is None:
        return printed
    reading = empty()
    reading["source"] = printed["source"] + "-kinerja"
    reading["year"] = carried.get("year")
    for side in ("first_party", "second_party"):
        party = carried.get(side)
        reading[side] = {"name": party["name"], "position": party["position"]} if party else None
    reading["signed_place"] = carried.get("signed_place", "")
    reading["signed_date"] = carried.get("signed_date")
    reading["sections"] = [
        {
            "no": section["no"],
            "code": section["code"],
            "title": section["title"],
            "rows": [{field: row.get(field, "") for field in _FIELDS} for row in section["rows"]],
        }
        for section in carried.get("sections", [])
    ]
    reading["budget"] = [
        {"program": line["program"], "code": line["code"], "amount": line["amount"]}
        for line in carried.get("budget", [])
    ]
    _compare_printed(reading, printed)
    return reading


def _same(carried, printed) -> bool:
    """Equal as printed: case and spacing aside (names and posts print in capitals; a long word
    breaks over two lines, after a slash, where the print has room)."""
    return re.sub(r"\s+", "", str(carried or "")).casefold() == re.sub(r"\s+", "", str(printed or "")).casefold()


def _compare_printed(reading: dict, printed: dict) -> None:
    note = _("Berbeda dengan yang tercetak di berkas: %(printed)s")
    for side in ("first_party", "second_party"):
        mine, theirs = reading[side], printed[side]
        if mine and theirs:
            for field in ("name", "position"):
                if theirs[field] and not _same(mine[field], theirs[field]):  # an unprinted post is no difference
                    flag(reading, f"{side}.{field}", note % {"printed": theirs[field]})
    if printed["signed_date"] and printed["signed_date"] != reading["signed_date"]:
        flag(reading, "signed_date", note % {"printed": printed["signed_date"]})
    if printed["sections"]:
        for s, (mine, theirs) in enumerate(zip(reading["sections"], printed["sections"], strict=False)):
            for field in ("no", "code", "title"):
                if not _same(mine[field], theirs[field]):
                    flag(reading, f"sections.{s}.{field}", note % {"printed": theirs[field]})
            for r, (row, shown) in enumerate(zip(mine["rows"], theirs["rows"], strict=False)):
                for field in ("indicator", "target"):
                    if not _same(row[field], shown[field]):
                        flag(reading, f"sections.{s}.rows.{r}.{field}", note % {"printed": shown[field]})
        if len(reading["sections"]) != len(printed["sections"]):
            flag(reading, "sections", _("Jumlah bagian berbeda dengan yang tercetak di berkas."))
    for b, (line, shown) in enumerate(zip(reading["budget"], printed["budget"], strict=False)):
        if line["amount"] != shown["amount"]:
            flag(reading, f"budget.{b}.amount", note % {"printed": shown["amount"]})


# --- Comparing readings --------------------------------------------------------------------------------------

ROW_FIELDS = ("letter", "output", "indicator", "target", "unit")


def fields(reading: dict) -> dict[str, object]:
    """Every field of a reading by its path (`first_party.name`, `sections.3.code`,
    `sections.3.rows.0.target`, `budget.1.amount`); a missing row field reads as ""."""
    flat: dict[str, object] = {}
    for side in ("first_party", "second_party"):
        party = reading.get(side) or {}
        for field in ("name", "position"):
            flat[f"{side}.{field}"] = party.get(field, "") if party else None
    flat["signed_place"] = reading.get("signed_place", "")
    flat["signed_date"] = reading.get("signed_date")
    for s, section in enumerate(reading.get("sections", [])):
        for field in ("no", "code", "title"):
            flat[f"sections.{s}.{field}"] = section.get(field, "")
        for r, row in enumerate(section.get("rows", [])):
            for field in ROW_FIELDS:
                flat[f"sections.{s}.rows.{r}.{field}"] = row.get(field, "")
    for b, line in enumerate(reading.get("budget", [])):
        for field in ("program", "code", "amount"):
            flat[f"budget.{b}.{field}"] = line.get(field)
    return flat


def differences(reading: dict, expected: dict) -> tuple[int, list[str]]:
    """How many fields of `expected` there are, and the paths where `reading` differs from it."""
    mine, theirs = fields(reading), fields(expected)
    return len(theirs), sorted(path for path, value in theirs.items() if mine.get(path) != value)
