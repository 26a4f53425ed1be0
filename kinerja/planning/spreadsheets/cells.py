"""Reading an uploaded workbook, shared by the DIPA and the IKU import.

The file as a whole is checked first (size, container, sheet, header row);
then each row is read cell by cell through `Line`, which notes every problem
under its Excel row number instead of stopping at the first. A problem of the
file as a whole raises ImportRejected at once.
"""

import dataclasses
import datetime
import io
import re
import warnings
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from kinerja.lib import values
from kinerja.lib.formatting import format_number, format_rupiah
from kinerja.lib.sheets import restore_formula_text
from kinerja.lib.uploads import UploadError, checked_zip
from kinerja.organisation.models import Unit
from kinerja.planning.models import Indicator
from kinerja.planning.targets import Target

MAX_FILE_BYTES = 5 * 1024 * 1024
# The sum of the uncompressed sizes of the parts of the .xlsx (a zip): a zip bomb
# of a few kilobytes can declare gigabytes (lib.uploads.checked_zip).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_PARTS = 1000
MAX_DATA_ROWS = 20_000
# The last row Excel knows. Reading stops there, so that a forged row number
# (r="999999999999") cannot make the reader fill in empty rows for ever; rows
# beyond it cannot come from a spreadsheet program and are not read.
EXCEL_LAST_ROW = 1_048_576
# Columns read to the right of the template's, to notice an unknown header.
EXTRA_COLUMNS = 5
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_AMOUNT = 10**15  # Rp 1 kuadriliun: well above any DIPA, below float precision loss
MAX_ORDER = 32767  # PositiveSmallIntegerField
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected .xlsx


# --- Results and errors ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowError:
    """One problem of an import: `row` is the 1-based Excel row, None for the file as a whole."""

    row: int | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        return _("Baris %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRejected(Exception):
    """The file was not imported; `errors` lists every problem found, file-level ones first."""

    SHOWN_IN_SUMMARY = 5

    def __init__(self, errors: list[RowError]):
        # Stable sort: within one row the errors keep the order of the columns.
        self.errors = sorted(errors, key=lambda error: (error.row is not None, error.row or 0))
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        head = _("Berkas ditolak, tidak ada data yang disimpan (%(count)s kesalahan).") % {
            "count": format_number(count, language=None)
        }
        shown = " ".join(str(error) for error in self.errors[: self.SHOWN_IN_SUMMARY])
        more = ""
        if count > self.SHOWN_IN_SUMMARY:
            more = " " + _("Dan %(count)s kesalahan lain.") % {
                "count": format_number(count - self.SHOWN_IN_SUMMARY, language=None)
            }
        return f"{head} {shown}{more}"


@dataclasses.dataclass
class ImportResult:
    """What an import wrote: `sets` DIPAs or IKU sets, `rows` allocations or IKU items."""

    sets: int
    rows: int


def rejected(message: str) -> ImportRejected:
    """The whole file refused for one reason."""
    return ImportRejected([RowError(None, message)])


# --- Reading a workbook ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Row:
    number: int  # the Excel row
    values: dict[str, object]  # by template column
    formats: dict[str, str]  # number format by template column


def read_rows(data: bytes, *, sheet: str, columns: Sequence[str]) -> list[Row]:
    """The data rows of `sheet` after checking the file and its header row.

    Raises ImportRejected for a problem of the file as a whole.
    """
    check_container(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, extensions); they do not matter here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to XML errors for a damaged file
        raise rejected(_("Berkas bukan .xlsx yang valid: berkas rusak atau tidak dapat dibaca.")) from error
    try:
        if sheet not in workbook.sheetnames:
            raise rejected(
                _("Lembar “%(sheet)s” tidak ditemukan. Gunakan template yang diunduh dari aplikasi.") % {"sheet": sheet}
            )
        rows = _sheet_rows(workbook[sheet], columns)
    except ImportRejected:
        raise
    except Exception as error:  # a damaged sheet fails while it is read, not when the workbook is opened
        message = _("Berkas bukan .xlsx yang valid: lembar “%(sheet)s” rusak atau tidak dapat dibaca.")
        raise rejected(message % {"sheet": sheet}) from error
    finally:
        workbook.close()
    if not rows:
        raise rejected(_("Berkas tidak berisi data: isi baris di bawah judul kolom."))
    return rows


def _sheet_rows(worksheet, columns: Sequence[str]) -> list[Row]:
    worksheet.reset_dimensions()  # the stored dimension may be wrong; read what is there
    lines = worksheet.iter_rows(min_row=1, max_row=EXCEL_LAST_ROW, max_col=len(columns) + EXTRA_COLUMNS)
    header = next(lines, ())
    check_header([cell.value for cell in header], columns)
    rows = []
    for number, cells in enumerate(lines, start=2):
        cells = (list(cells) + [None] * len(columns))[: len(columns)]
        values = [getattr(cell, "value", None) for cell in cells]
        if all(is_blank(value) for value in values):
            continue
        if len(rows) == MAX_DATA_ROWS:
            raise rejected(
                _("Berkas berisi lebih dari %(count)s baris data; bagi menjadi beberapa berkas.")
                % {"count": format_number(MAX_DATA_ROWS, language=None)}
            )
        rows.append(
            Row(
                number=number,
                values=dict(zip(columns, values, strict=True)),
                formats={
                    name: getattr(cell, "number_format", None) or "" for name, cell in zip(columns, cells, strict=True)
                },
            )
        )
    return rows


def check_container(data: bytes) -> None:
    """Refuse, before openpyxl sees it, anything that is not a plain, reasonably sized .xlsx."""
    if not data:
        raise rejected(_("Berkas kosong."))
    if len(data) > MAX_FILE_BYTES:
        size = format_number(Decimal(len(data)) / (1024 * 1024), places=1, language=None)
        raise rejected(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": size, "limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(OLE_SIGNATURE):
        raise rejected(
            _(
                "Berkas bukan .xlsx yang valid: berkas terkunci kata sandi atau berformat .xls lama. "
                "Simpan ulang sebagai Excel Workbook (.xlsx) tanpa kata sandi."
            )
        )
    if not data.startswith(b"PK"):
        raise rejected(_("Berkas bukan .xlsx yang valid: berkas rusak atau bukan berkas Excel."))
    try:
        names = checked_zip(data, max_inflated=MAX_UNCOMPRESSED_BYTES, max_parts=MAX_ZIP_PARTS)
    except UploadError as error:
        raise rejected(_("Berkas bukan .xlsx yang valid: %(problem)s") % {"problem": error}) from error
    if "[Content_Types].xml" not in names:
        raise rejected(_("Berkas bukan .xlsx yang valid: berkas ZIP ini bukan berkas Excel."))


def _normalised_header(value) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def check_header(found: list, columns: Sequence[str]) -> None:
    """Refuse a header row that is not exactly the template's (case and spacing aside)."""
    names = [" ".join(str(value).split()) if value is not None else "" for value in found]
    names += [""] * (len(columns) + EXTRA_COLUMNS - len(names))
    expected = [_normalised_header(name) for name in columns]
    if [_normalised_header(name) for name in names[: len(columns)]] == expected and not any(names[len(columns) :]):
        return
    present = {_normalised_header(name) for name in names if name}
    missing = [name for name in columns if _normalised_header(name) not in present]
    unknown = [name for name in names if name and _normalised_header(name) not in expected]
    problems = []
    if missing:
        problems.append(_("tidak ada kolom %(columns)s") % {"columns": _quoted(missing)})
    if unknown:
        problems.append(_("kolom tidak dikenal %(columns)s") % {"columns": _quoted(unknown)})
    if not problems:
        problems.append(_("urutan kolom berbeda"))
    raise rejected(
        _("Kolom tidak sesuai template: %(problems)s. Baris pertama harus berisi tepat: %(columns)s.")
        % {"problems": "; ".join(problems), "columns": " | ".join(columns)}
    )


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


# --- Reading cells --------------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text: numbers without a trailing `.0`, and the export's apostrophe taken off."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return _plain_text(str(value))


def _plain_text(value: str) -> str:
    # The apostrophe the export put before a formula-like text is taken off
    # before the spacing is tidied, so that a text starting with a tab or a
    # line break (which the tidying removes) still loses exactly that one.
    restored = restore_formula_text(value)
    if restored != value:
        return " ".join(restored.split())
    return restore_formula_text(" ".join(value.split()))


def year(value) -> int:
    written = text(value)
    if not re.fullmatch(r"\d+", written):
        raise CellError(_("Tahun “%(text)s” bukan angka.") % {"text": written})
    number = int(written)
    if not MIN_YEAR <= number <= MAX_YEAR:
        raise CellError(
            _("Tahun %(year)s di luar rentang %(low)s–%(high)s.") % {"year": number, "low": MIN_YEAR, "high": MAX_YEAR}
        )
    return number


def date(value) -> datetime.date:
    """A real Excel date, or a date written as text the way lib.values reads it
    (`2 Januari 2024`, `02-01-2024`, `2/1/2024`, `2024-01-02`)."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        day = values.parse_date(text(value))
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        bounds = {"year": day.year, "low": MIN_YEAR, "high": MAX_YEAR}
        raise CellError(_("Tahun %(year)s di luar rentang %(low)s–%(high)s.") % bounds)
    return day


def amount(value) -> int:
    """Whole rupiah: a number, or text as lib.values reads it (`5113999000`, `5.113.999.000,-`,
    `Rp. 5.113.999.000`, `Rp 5.113.999.000,00`)."""
    if isinstance(value, bool):
        raise CellError(_("Pagu “%(text)s” bukan angka.") % {"text": text(value)})
    if isinstance(value, int):
        rupiah = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("Pagu %(value)s harus bilangan bulat rupiah.") % {"value": repr(value)})
        rupiah = int(value)
    else:
        rupiah = values.parse_rupiah(text(value))
    if rupiah < 0:
        raise CellError(_("Pagu tidak boleh negatif (%(amount)s).") % {"amount": format_rupiah(rupiah, language=None)})
    if rupiah >= MAX_AMOUNT:
        raise CellError(
            _("Pagu %(amount)s melebihi batas %(limit)s.")
            % {"amount": format_rupiah(rupiah, language=None), "limit": format_rupiah(MAX_AMOUNT, language=None)}
        )
    return rupiah


def order(value) -> int:
    written = text(value)
    if not re.fullmatch(r"\d+", written) or int(written) > MAX_ORDER:
        raise CellError(_("Urutan “%(text)s” harus bilangan bulat 0–%(max)s.") % {"text": written, "max": MAX_ORDER})
    return int(written)


def target_text(value, number_format: str) -> str:
    """The text of a Target cell; a number formatted as a percentage (0,8 shown as 80%) is read as 80."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            number *= 100
        return format(number.normalize(), "f")
    return text(value)


def storable(target: Target) -> bool:
    """Whether the target fits the DecimalField(max_digits=20, decimal_places=4) that keeps it."""
    for value in (target.value, target.upper):
        if value is None:
            continue
        try:
            if value != value.quantize(Decimal("0.0001")) or abs(value) >= Decimal(10) ** 16:
                return False
        except InvalidOperation:
            return False
    return True


class Line:
    """One data row being checked: reads its cells and notes each problem under its row number."""

    def __init__(self, row: Row, errors: list[RowError]):
        self.row = row
        self.number = row.number
        self.ok = True
        self._errors = errors

    def error(self, message: str) -> None:
        self._errors.append(RowError(self.number, message))
        self.ok = False

    def raw(self, column: str):
        return self.row.values[column]

    def get(self, column: str, parse: Callable = text, *, required: bool = True, max_length: int | None = None):
        """The cell parsed, None when blank (a problem if `required`) or unreadable (always a problem)."""
        value = self.row.values[column]
        if is_blank(value):
            if required:
                self.error(_("%(column)s wajib diisi.") % {"column": column})
            return None
        try:
            result = parse(value)
        except CellError as problem:
            self.error(str(problem))
            return None
        except values.ValueRefused as problem:
            # lib.values names the text, not the column; two columns may hold dates.
            self.error(_("%(problem)s (kolom %(column)s).") % {"problem": str(problem).rstrip("."), "column": column})
            return None
        if max_length is not None and len(result) > max_length:
            self.error(
                _("%(column)s terlalu panjang (%(length)s karakter; paling banyak %(max)s).")
                % {"column": column, "length": len(result), "max": max_length}
            )
            return None
        return result


def known_indicator(line: Line, indicators: dict[str, Indicator]) -> Indicator | None:
    """The indicator the row's Kode Indikator names, from `indicators` (by code); None, with the
    row's error, for a code the catalogue does not have."""
    code = line.get("Kode Indikator")
    if code is None:
        return None
    indicator = indicators.get(code)
    if indicator is None:
        line.error(_("indikator “%(code)s” tidak dikenal.") % {"code": code})
    return indicator


class Context:
    """What every row is checked against: units, master data and what the user may change."""

    def __init__(self, can_edit: Callable[[Unit], bool]):
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.units_by_pk = {unit.pk: unit for unit in self.units.values()}
        self._can_edit = can_edit
        self._allowed: dict[int, bool] = {}

    def unit(self, line: Line) -> Unit | None:
        code = line.get("Kode Unit")
        if code is None:
            return None
        unit = self.units.get(code.lower())
        if unit is None:
            line.error(_("unit “%(code)s” tidak dikenal.") % {"code": code})
            return None
        if unit.pk not in self._allowed:
            self._allowed[unit.pk] = bool(self._can_edit(unit))
        if not self._allowed[unit.pk]:
            line.error(
                _("Anda tidak berwenang mengubah data unit “%(unit)s” (%(code)s).")
                % {"unit": unit.short_name, "code": unit.code}
            )
            return None
        return unit

    def parent(self, unit: Unit) -> Unit | None:
        return self.units_by_pk.get(unit.parent_id) if unit.parent_id else None

    def depth(self, unit: Unit) -> int:
        depth, parent_id = 0, unit.parent_id
        while parent_id is not None and depth < len(self.units_by_pk):
            depth += 1
            parent_id = self.units_by_pk[parent_id].parent_id
        return depth
