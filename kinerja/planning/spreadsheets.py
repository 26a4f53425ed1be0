"""Excel (.xlsx) templates, exports and imports of DIPA allocations and IKU sets.

An import is all-or-nothing: the whole file is read and checked first, every
problem is collected with its Excel row number and a reason in Indonesian, and
only a file without any problem is written, in one transaction. Nothing is
saved from a rejected file.

Exports and imports use the same sheet and columns, so an exported file can be
corrected and imported again: export → import → export gives the same cells.
Text that a spreadsheet would run as a formula (= + - @) is exported with a
leading apostrophe, which the import takes off again.
"""

import dataclasses
import datetime
import io
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError, QuerySet, RestrictedError
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.audit.models import Action
from kinerja.audit.services import diff, record_change
from kinerja.lib.formatting import format_rupiah, group_thousands
from kinerja.lib.uploads import UploadError, checked_zip
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, Decree, Dipa, DipaAllocation, IkuItem, IkuSet, Indicator, Program
from kinerja.planning.targets import GRADES, Polarity, Target, TargetError, TargetKind, weaker_than

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
DATE_FORMAT = "DD-MM-YYYY"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and every password-protected .xlsx

NOT_XLSX = "Berkas bukan .xlsx yang valid"

DIPA_SHEET = "DIPA"
DIPA_COLUMNS = (
    "Kode Unit",
    "Nama Unit",
    "Tahun",
    "Nomor DIPA",
    "Tanggal Pengesahan",
    "Kode Program",
    "Nama Program",
    "Kode Kegiatan",
    "Nama Kegiatan",
    "Pagu (Rp)",
)
DIPA_WIDTHS = (20, 45, 8, 34, 20, 14, 50, 14, 60, 20)

IKU_SHEET = "IKU"
IKU_COLUMNS = (
    "Kode Unit",
    "Nama Unit",
    "Tahun",
    "Nomor Keputusan",
    "Tanggal Keputusan",
    "Jadwal Reviu",
    "Urutan",
    "Sasaran Strategis",
    "Kode Indikator",
    "Nama Indikator",
    "Target",
    "Kode Indikator Induk",
)
IKU_WIDTHS = (20, 45, 8, 36, 18, 16, 8, 60, 16, 60, 14, 20)

UNITS_SHEET = "Daftar Unit"
PROGRAMS_SHEET = "Daftar Program & Kegiatan"
INDICATORS_SHEET = "Daftar Indikator"

_FORMULA_START = re.compile(r"'*[=+\-@]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@]")


# --- Results and errors ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class RowError:
    """One problem of an import: `row` is the 1-based Excel row, None for the file as a whole."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.row is None else f"Baris {self.row}: {self.message}"


class ImportRejected(Exception):
    """The file was not imported; `errors` lists every problem found, file-level ones first."""

    SHOWN_IN_SUMMARY = 5

    def __init__(self, errors: list[RowError]):
        # Stable sort: within one row the errors keep the order of the columns.
        self.errors = sorted(errors, key=lambda error: (error.row is not None, error.row or 0))
        super().__init__(self._summary())

    def _summary(self) -> str:
        count = len(self.errors)
        shown = " ".join(str(error) for error in self.errors[: self.SHOWN_IN_SUMMARY])
        more = f" Dan {count - self.SHOWN_IN_SUMMARY} kesalahan lain." if count > self.SHOWN_IN_SUMMARY else ""
        return f"Berkas ditolak, tidak ada data yang disimpan ({count} kesalahan). {shown}{more}"


@dataclasses.dataclass
class ImportResult:
    """What an import wrote: `sets` DIPAs or IKU sets, `rows` allocations or IKU items."""

    sets: int
    rows: int


def _rejected(message: str) -> ImportRejected:
    return ImportRejected([RowError(None, message)])


# --- Templates and exports ------------------------------------------------------------------------------------


def dipa_template() -> bytes:
    """An empty DIPA sheet with one example row, and the lists of units, programs and activities."""
    today = timezone.localdate()
    unit = Unit.objects.order_by("sort_key").first()
    program = Program.objects.order_by("code").first()
    activity = program.activities.order_by("code").first() if program else None
    example = [
        unit.code if unit else "kpu",
        unit.name if unit else "Komisi Pemilihan Umum",
        today.year,
        f"SP DIPA-076.01.1.000000/{today.year}",
        datetime.date(today.year - 1, 11, 24),
        program.code if program else "076.01.CQ",
        program.name if program else "Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi",
        activity.code if activity else "6709",
        activity.name if activity else "Perencanaan Program dan Anggaran",
        5_113_999_000,
    ]
    return _workbook(
        [
            _Sheet(DIPA_SHEET, DIPA_COLUMNS, DIPA_WIDTHS, [example], example=True),
            _units_sheet(),
            _Sheet(
                PROGRAMS_SHEET,
                ("Kode Program", "Nama Program", "Kode Kegiatan", "Nama Kegiatan"),
                (14, 60, 14, 70),
                _program_rows(),
            ),
        ]
    )


def dipa_export(dipas: QuerySet[Dipa]) -> bytes:
    """The allocations of `dipas`, one row each, in the template's layout.

    A DIPA without any allocation has no row (the sheet has no place for it).
    """
    allocations = (
        DipaAllocation.objects.filter(dipa__in=dipas)
        .select_related("dipa__unit", "program", "activity")
        .order_by("dipa__unit__sort_key", "dipa__year", "program__code", F("activity__code").asc(nulls_first=True))
    )
    rows = (
        [
            allocation.dipa.unit.code,
            allocation.dipa.unit.name,
            allocation.dipa.year,
            allocation.dipa.number,
            allocation.dipa.ratified_on,
            allocation.program.code,
            allocation.program.name,
            allocation.activity.code if allocation.activity else None,
            allocation.activity.name if allocation.activity else None,
            int(allocation.amount),
        ]
        for allocation in allocations
    )
    return _workbook([_Sheet(DIPA_SHEET, DIPA_COLUMNS, DIPA_WIDTHS, rows)])


def iku_template() -> bytes:
    """An empty IKU sheet with one example row, and the lists of units and indicators."""
    today = timezone.localdate()
    unit = Unit.objects.order_by("sort_key").first()
    indicator = Indicator.objects.order_by("code").first()
    example = [
        unit.code if unit else "kpu",
        unit.name if unit else "Komisi Pemilihan Umum",
        today.year,
        f"1/PR.01-Kpt/01/{today.year}",
        datetime.date(today.year - 1, 12, 15),
        datetime.date(today.year, 6, 30),
        1,
        "Meningkatnya kualitas perencanaan dan penganggaran",
        indicator.code if indicator else "IKU-01",
        indicator.name if indicator else "Persentase dokumen perencanaan yang tersusun tepat waktu",
        _example_target(indicator),
        None,
    ]
    return _workbook(
        [
            _Sheet(IKU_SHEET, IKU_COLUMNS, IKU_WIDTHS, [example], example=True),
            _units_sheet(),
            _Sheet(
                INDICATORS_SHEET,
                ("Kode Indikator", "Nama Indikator", "Satuan", "Jenis Target", "Skala Predikat", "Polaritas"),
                (16, 70, 12, 20, 40, 26),
                _indicator_rows(),
            ),
        ]
    )


def iku_export(iku_sets: QuerySet[IkuSet]) -> bytes:
    """The items of `iku_sets`, one row each, in the template's layout.

    The target is written without its measure unit so that it reads back as the
    same target. A set without any item has no row.
    """
    items = (
        IkuItem.objects.filter(iku_set__in=iku_sets)
        .select_related("iku_set__unit", "iku_set__decree", "indicator", "source__indicator")
        .order_by("iku_set__unit__sort_key", "iku_set__year", "order", "pk")
    )
    rows = (
        [
            item.iku_set.unit.code,
            item.iku_set.unit.name,
            item.iku_set.year,
            item.iku_set.decree.number if item.iku_set.decree else None,
            item.iku_set.decree.issued_on if item.iku_set.decree else None,
            item.iku_set.review_due,
            item.order,
            item.goal,
            item.indicator.code,
            item.indicator.name,
            item.target.display(),
            item.source.indicator.code if item.source else None,
        ]
        for item in items
    )
    return _workbook([_Sheet(IKU_SHEET, IKU_COLUMNS, IKU_WIDTHS, rows)])


def _example_target(indicator: Indicator | None) -> str:
    if indicator is None:
        return "100"
    if indicator.target_kind == TargetKind.GRADE:
        return GRADES.get(indicator.grade_scale, ("",))[0]
    if indicator.polarity == Polarity.RANGE:
        return "80–90"
    return "100" if indicator.target_kind == TargetKind.PERCENT else "1"


def _units_sheet() -> "_Sheet":
    rows = Unit.objects.order_by("sort_key").values_list("code", "name")
    return _Sheet(UNITS_SHEET, ("Kode Unit", "Nama Unit"), (24, 80), rows)


def _program_rows() -> Iterable[list]:
    # The program's own line first: a row with the program and no activity is a
    # program-level allocation.
    for program in Program.objects.order_by("code").prefetch_related("activities"):
        yield [program.code, program.name, None, None]
        for activity in sorted(program.activities.all(), key=lambda activity: activity.code):
            yield [program.code, program.name, activity.code, activity.name]


def _indicator_rows() -> Iterable[list]:
    for indicator in Indicator.objects.order_by("code"):
        yield [
            indicator.code,
            indicator.name,
            indicator.measure_unit,
            str(indicator.get_target_kind_display()),
            str(indicator.get_grade_scale_display()) if indicator.grade_scale else None,
            str(indicator.get_polarity_display()),
        ]


@dataclasses.dataclass
class _Sheet:
    title: str
    columns: Sequence[str]
    widths: Sequence[int]
    rows: Iterable[Sequence]
    example: bool = False  # the rows are examples, shown in grey italics


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="7A1F1F")
EXAMPLE_FONT = Font(italic=True, color="808080")


def _workbook(sheets: list[_Sheet]) -> bytes:
    # Write-only mode: an export of 20,000 rows stays small in memory.
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.title)
        for index, width in enumerate(sheet.widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
        worksheet.append([_header_cell(worksheet, name) for name in sheet.columns])
        for row in sheet.rows:
            worksheet.append([_cell(worksheet, value, example=sheet.example) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(worksheet, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=name)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def _cell(worksheet, value, *, example: bool = False) -> WriteOnlyCell:
    if isinstance(value, str):
        value = neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None
    elif isinstance(value, datetime.datetime):
        value = value.date()
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    if example:
        cell.font = EXAMPLE_FONT
    return cell


def neutralise_formula(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Text that already starts with apostrophes before such a character gets one
    more, so that taking exactly one off on import always gives the original.
    """
    return "'" + text if _FORMULA_START.match(text) else text


def restore_formula_text(text: str) -> str:
    """The inverse of `neutralise_formula`."""
    return text[1:] if _ESCAPED_FORMULA.match(text) else text


# --- Reading a workbook ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Row:
    number: int  # the Excel row
    values: dict[str, object]  # by template column
    formats: dict[str, str]  # number format by template column


def _read_rows(data: bytes, *, sheet: str, columns: Sequence[str]) -> list[_Row]:
    """The data rows of `sheet` after checking the file and its header row.

    Raises ImportRejected for a problem of the file as a whole.
    """
    _check_container(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, extensions); they do not matter here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from KeyError to XML errors for a damaged file
        raise _rejected(f"{NOT_XLSX}: berkas rusak atau tidak dapat dibaca.") from error
    try:
        if sheet not in workbook.sheetnames:
            raise _rejected(f"Lembar “{sheet}” tidak ditemukan. Gunakan template yang diunduh dari aplikasi.")
        worksheet = workbook[sheet]
        worksheet.reset_dimensions()  # the stored dimension may be wrong; read what is there
        lines = worksheet.iter_rows(min_row=1, max_row=EXCEL_LAST_ROW, max_col=len(columns) + EXTRA_COLUMNS)
        header = next(lines, ())
        _check_header([cell.value for cell in header], columns)
        rows = []
        for number, cells in enumerate(lines, start=2):
            cells = (list(cells) + [None] * len(columns))[: len(columns)]
            values = [getattr(cell, "value", None) for cell in cells]
            if all(_is_blank(value) for value in values):
                continue
            if len(rows) == MAX_DATA_ROWS:
                raise _rejected(
                    f"Berkas berisi lebih dari {group_thousands(MAX_DATA_ROWS)} baris data; "
                    "bagi menjadi beberapa berkas."
                )
            rows.append(
                _Row(
                    number=number,
                    values=dict(zip(columns, values, strict=True)),
                    formats={
                        name: getattr(cell, "number_format", None) or ""
                        for name, cell in zip(columns, cells, strict=True)
                    },
                )
            )
    except ImportRejected:
        raise
    except Exception as error:  # a damaged sheet fails while it is read, not when the workbook is opened
        raise _rejected(f"{NOT_XLSX}: lembar “{sheet}” rusak atau tidak dapat dibaca.") from error
    finally:
        workbook.close()
    if not rows:
        raise _rejected("Berkas tidak berisi data: isi baris di bawah judul kolom.")
    return rows


def _check_container(data: bytes) -> None:
    """Refuse, before openpyxl sees it, anything that is not a plain, reasonably sized .xlsx."""
    if not data:
        raise _rejected("Berkas kosong.")
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / (1024 * 1024):.1f}".replace(".", ",")
        raise _rejected(f"Berkas terlalu besar ({size} MB); batasnya {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if data.startswith(OLE_SIGNATURE):
        raise _rejected(
            f"{NOT_XLSX}: berkas terkunci kata sandi atau berformat .xls lama. "
            "Simpan ulang sebagai Excel Workbook (.xlsx) tanpa kata sandi."
        )
    if not data.startswith(b"PK"):
        raise _rejected(f"{NOT_XLSX}: berkas rusak atau bukan berkas Excel.")
    try:
        names = checked_zip(data, max_inflated=MAX_UNCOMPRESSED_BYTES, max_parts=MAX_ZIP_PARTS)
    except UploadError as error:
        raise _rejected(f"{NOT_XLSX}: {error}") from error
    if "[Content_Types].xml" not in names:
        raise _rejected(f"{NOT_XLSX}: berkas ZIP ini bukan berkas Excel.")


def _normalised_header(value) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _check_header(found: list, columns: Sequence[str]) -> None:
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
        problems.append("tidak ada kolom " + ", ".join(f"“{name}”" for name in missing))
    if unknown:
        problems.append("kolom tidak dikenal " + ", ".join(f"“{name}”" for name in unknown))
    if not problems:
        problems.append("urutan kolom berbeda")
    raise _rejected(
        f"Kolom tidak sesuai template: {'; '.join(problems)}. Baris pertama harus berisi tepat: {' | '.join(columns)}."
    )


# --- Reading cells --------------------------------------------------------------------------------------------


class _CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
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
    return restore_formula_text(" ".join(str(value).split()))


def _year(value) -> int:
    text = _text(value)
    if not re.fullmatch(r"\d+", text):
        raise _CellError(f"Tahun “{text}” bukan angka.")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _CellError(f"Tahun {year} di luar rentang {MIN_YEAR}–{MAX_YEAR}.")
    return year


_DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("day", "month", "year")),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("year", "month", "day")),
)


def _date(value) -> datetime.date:
    """A real Excel date, or text as dd-mm-yyyy (also with / or .) or yyyy-mm-dd."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            try:
                day = datetime.date(parts["year"], parts["month"], parts["day"])
            except ValueError:
                break
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                break
            return day
    raise _CellError(f"tanggal “{text}” tidak valid; tulis sebagai tanggal Excel atau dd-mm-yyyy.")


def _amount(value) -> int:
    """Whole rupiah: a number, or text such as `5113999000`, `5.113.999.000` or `Rp 5.113.999.000,00`."""
    if isinstance(value, bool):
        raise _CellError(f"Pagu “{_text(value)}” bukan angka.")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise _CellError(f"Pagu {value!r} harus bilangan bulat rupiah.")
        amount = int(value)
    else:
        text = _text(value)
        compact = re.sub(r"\s+", "", re.sub(r"^rp\.?", "", text.strip(), flags=re.IGNORECASE))
        match = re.fullmatch(r"(-?)(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)(?:[.,]0+)?", compact)
        if not match:
            raise _CellError(f"Pagu “{text}” bukan angka.")
        amount = int(match.group(2).replace(".", "").replace(",", ""))
        if match.group(1):
            amount = -amount
    if amount < 0:
        raise _CellError(f"Pagu tidak boleh negatif ({format_rupiah(amount)}).")
    if amount >= MAX_AMOUNT:
        raise _CellError(f"Pagu {format_rupiah(amount)} melebihi batas {format_rupiah(MAX_AMOUNT)}.")
    return amount


def _order(value) -> int:
    text = _text(value)
    if not re.fullmatch(r"\d+", text) or int(text) > MAX_ORDER:
        raise _CellError(f"Urutan “{text}” harus bilangan bulat 0–{MAX_ORDER}.")
    return int(text)


def _target_text(value, number_format: str) -> str:
    """The text of a Target cell; a number formatted as a percentage (0,8 shown as 80%) is read as 80."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            number *= 100
        return format(number.normalize(), "f")
    return _text(value)


def _storable(target: Target) -> bool:
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


class _Line:
    """One data row being checked: reads its cells and notes each problem under its row number."""

    def __init__(self, row: _Row, errors: list[RowError]):
        self.row = row
        self.number = row.number
        self.ok = True
        self._errors = errors

    def error(self, message: str) -> None:
        self._errors.append(RowError(self.number, message))
        self.ok = False

    def raw(self, column: str):
        return self.row.values[column]

    def get(self, column: str, parse: Callable = _text, *, required: bool = True, max_length: int | None = None):
        """The cell parsed, None when blank (a problem if `required`) or unreadable (always a problem)."""
        value = self.row.values[column]
        if _is_blank(value):
            if required:
                self.error(f"{column} wajib diisi.")
            return None
        try:
            result = parse(value)
        except _CellError as problem:
            self.error(str(problem))
            return None
        if max_length is not None and len(result) > max_length:
            self.error(f"{column} terlalu panjang ({len(result)} karakter; paling banyak {max_length}).")
            return None
        return result


class _Context:
    """What every row is checked against: units, master data and what the user may change."""

    def __init__(self, can_edit: Callable[[Unit], bool]):
        self.units = {unit.code: unit for unit in Unit.objects.all()}
        self.units_by_pk = {unit.pk: unit for unit in self.units.values()}
        self._can_edit = can_edit
        self._allowed: dict[int, bool] = {}

    def unit(self, line: _Line) -> Unit | None:
        code = line.get("Kode Unit")
        if code is None:
            return None
        unit = self.units.get(code.lower())
        if unit is None:
            line.error(f"unit “{code}” tidak dikenal.")
            return None
        if unit.pk not in self._allowed:
            self._allowed[unit.pk] = bool(self._can_edit(unit))
        if not self._allowed[unit.pk]:
            line.error(f"Anda tidak berwenang mengubah data unit “{unit.short_name}” ({unit.code}).")
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


# --- DIPA import ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _DipaPlan:
    """One DIPA of the file: its header and its allocations by (program id, activity id)."""

    unit: Unit
    year: int
    number: str
    ratified_on: datetime.date
    row: int  # the first row of this DIPA
    allocations: dict[tuple[int, int | None], tuple[int, Program, Activity | None, int]] = dataclasses.field(
        default_factory=dict
    )


def dipa_import(*, data: bytes, by, can_edit: Callable[[Unit], bool]) -> ImportResult:
    """Create or update the DIPA of every (unit, year) in the file and replace its allocations.

    `can_edit(unit)` says whether `by` may change that unit's plan. Raises
    ImportRejected, having saved nothing, if anything in the file is wrong.
    """
    rows = _read_rows(data, sheet=DIPA_SHEET, columns=DIPA_COLUMNS)
    plans = _dipa_plans(rows, _Context(can_edit))
    try:
        with transaction.atomic():
            for plan in plans:
                _dipa_save(plan, by=by)
    except (ProtectedError, RestrictedError) as error:
        raise _rejected("Pagu DIPA lama masih dirujuk data lain sehingga tidak dapat diganti.") from error
    except IntegrityError as error:
        raise _rejected("Data berubah selama impor (mungkin oleh pengguna lain); silakan impor ulang.") from error
    return ImportResult(sets=len(plans), rows=sum(len(plan.allocations) for plan in plans))


def _dipa_plans(rows: list[_Row], context: _Context) -> list[_DipaPlan]:
    errors: list[RowError] = []
    programs = {program.code: program for program in Program.objects.all()}
    activities = {activity.code: activity for activity in Activity.objects.select_related("program")}
    plans: dict[tuple[int, int], _DipaPlan] = {}
    for row in rows:
        line = _Line(row, errors)
        unit = context.unit(line)
        year = line.get("Tahun", _year)
        number = line.get("Nomor DIPA", required=False, max_length=Dipa._meta.get_field("number").max_length) or ""
        ratified_on = line.get("Tanggal Pengesahan", _date)
        program = activity = None
        program_code = line.get("Kode Program")
        if program_code is not None:
            program = programs.get(program_code)
            if program is None:
                line.error(f"program “{program_code}” tidak dikenal.")
        activity_code = line.get("Kode Kegiatan", required=False)
        if activity_code is not None:
            activity = activities.get(activity_code)
            if activity is None:
                line.error(f"kegiatan “{activity_code}” tidak dikenal.")
            elif program is not None and activity.program_id != program.pk:
                line.error(
                    f"kegiatan “{activity.code}” bukan bagian dari program “{program.code}” "
                    f"(kegiatan ini termasuk program “{activity.program.code}”)."
                )
        amount = line.get("Pagu (Rp)", _amount)
        if not line.ok:
            continue

        plan = plans.get((unit.pk, year))
        if plan is None:
            plan = plans[(unit.pk, year)] = _DipaPlan(unit, year, number, ratified_on, row.number)
        elif (plan.number, plan.ratified_on) != (number, ratified_on):
            line.error(
                f"Nomor DIPA/Tanggal Pengesahan berbeda dengan baris {plan.row} "
                f"untuk {unit.short_name} tahun {year}; satu DIPA hanya punya satu nomor dan tanggal."
            )
            continue
        key = (program.pk, activity.pk if activity else None)
        if key in plan.allocations:
            what = f"kegiatan {activity.code}" if activity else f"program {program.code} (tingkat program)"
            line.error(
                f"baris ganda: pagu {what} untuk {unit.short_name} tahun {year} "
                f"sudah ada di baris {plan.allocations[key][0]}."
            )
            continue
        plan.allocations[key] = (row.number, program, activity, amount)
    if errors:
        raise ImportRejected(errors)
    return list(plans.values())


def _dipa_save(plan: _DipaPlan, *, by) -> Dipa:
    dipa = Dipa.objects.select_for_update().filter(unit=plan.unit, year=plan.year).first()
    created = dipa is None
    if created:
        dipa = Dipa(unit=plan.unit, year=plan.year, number=plan.number, ratified_on=plan.ratified_on)
        changes = {}
    else:
        changes = diff(dipa, {"number": plan.number, "ratified_on": plan.ratified_on})
        dipa.number, dipa.ratified_on = plan.number, plan.ratified_on
    dipa.full_clean()
    dipa.save()

    existing = {(allocation.program_id, allocation.activity_id): allocation for allocation in dipa.allocations.all()}
    old_total = sum(allocation.amount for allocation in existing.values())
    to_create, to_update = [], []
    for key, (_row, program, activity, amount) in plan.allocations.items():
        # Update in place rather than delete and recreate: an allocation keeps
        # its id for anything that refers to it.
        allocation = existing.pop(key, None)
        if allocation is None:
            to_create.append(DipaAllocation(dipa=dipa, program=program, activity=activity, amount=amount))
        elif allocation.amount != amount:
            allocation.amount = amount
            to_update.append(allocation)
    DipaAllocation.objects.filter(pk__in=[allocation.pk for allocation in existing.values()]).delete()
    DipaAllocation.objects.bulk_create(to_create)
    DipaAllocation.objects.bulk_update(to_update, ["amount"])

    new_total = sum(amount for _row, _program, _activity, amount in plan.allocations.values())
    if new_total != old_total:
        changes["total"] = [str(old_total), str(new_total)]
    state = "DIPA baru" if created else f"{len(to_create)} baru, {len(to_update)} diubah, {len(existing)} dihapus"
    record_change(
        obj=dipa,
        action=Action.IMPORT,
        summary=(
            f"Impor DIPA {plan.unit.short_name} {plan.year}: {len(plan.allocations)} pagu, "
            f"total {format_rupiah(new_total)} ({state})"
        ),
        by=by,
        unit=plan.unit,
        changes=changes,
    )
    return dipa


# --- IKU import -----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _IkuLine:
    row: int
    order: int
    goal: str
    indicator: Indicator
    target: Target
    parent_indicator: Indicator | None


@dataclasses.dataclass
class _IkuPlan:
    """One IKU set of the file: its decree, review date and items by indicator id."""

    unit: Unit
    year: int
    decree_number: str
    decree_date: datetime.date | None
    review_due: datetime.date | None
    row: int  # the first row of this set
    items: dict[int, _IkuLine] = dataclasses.field(default_factory=dict)
    stale: list[IkuItem] = dataclasses.field(default_factory=list)  # items to delete, found while checking


def iku_import(*, data: bytes, by, can_edit: Callable[[Unit], bool]) -> ImportResult:
    """Create or update the IKU set of every (unit, year) in the file, with exactly the file's items.

    Items are matched by indicator: a matched item keeps its id (and the items
    derived from it), an item missing from the file is deleted unless an IKU of
    a child unit is derived from it. Raises ImportRejected, having saved
    nothing, if anything in the file is wrong.
    """
    rows = _read_rows(data, sheet=IKU_SHEET, columns=IKU_COLUMNS)
    context = _Context(can_edit)
    plans, parent_items = _iku_plans(rows, context)
    try:
        with transaction.atomic():
            _iku_save(plans, parent_items, context, by=by)
    except (ProtectedError, RestrictedError) as error:
        raise _rejected("IKU yang akan dihapus masih dirujuk data lain sehingga impor dibatalkan.") from error
    except IntegrityError as error:
        raise _rejected("Data berubah selama impor (mungkin oleh pengguna lain); silakan impor ulang.") from error
    return ImportResult(sets=len(plans), rows=sum(len(plan.items) for plan in plans))


def _iku_plans(rows: list[_Row], context: _Context) -> tuple[list[_IkuPlan], dict[tuple[int, int, int], int]]:
    """The sets of the file, checked; and the ids of the parent items in the database they derive from."""
    errors: list[RowError] = []
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    plans: dict[tuple[int, int], _IkuPlan] = {}
    decrees: dict[tuple[int, str], tuple[datetime.date, int]] = {}  # (unit, number) -> (date, first row)
    number_length = Decree._meta.get_field("number").max_length
    goal_length = IkuItem._meta.get_field("goal").max_length
    for row in rows:
        line = _Line(row, errors)
        unit = context.unit(line)
        year = line.get("Tahun", _year)
        decree_number = line.get("Nomor Keputusan", required=False, max_length=number_length) or ""
        decree_date = line.get("Tanggal Keputusan", _date, required=False)
        if decree_number and decree_date is None and _is_blank(line.raw("Tanggal Keputusan")):
            line.error("Tanggal Keputusan wajib diisi bila Nomor Keputusan diisi.")
        if decree_date is not None and not decree_number:
            line.error("Nomor Keputusan wajib diisi bila Tanggal Keputusan diisi.")
        review_due = line.get("Jadwal Reviu", _date, required=False)
        order = line.get("Urutan", _order, required=False)
        goal = line.get("Sasaran Strategis", max_length=goal_length)
        indicator = target = parent_indicator = None
        indicator_code = line.get("Kode Indikator")
        if indicator_code is not None:
            indicator = indicators.get(indicator_code)
            if indicator is None:
                line.error(f"indikator “{indicator_code}” tidak dikenal.")
        if indicator is not None:
            text = _target_text(line.raw("Target"), line.row.formats["Target"])
            try:
                target = indicator.parse_target(text)
            except TargetError as problem:
                line.error(f"Target “{text}” untuk {indicator.code}: {problem}")
            else:
                if not _storable(target):
                    line.error(f"Target “{text}”: paling banyak 4 angka di belakang koma dan 16 angka di depannya.")
        parent_code = line.get("Kode Indikator Induk", required=False)
        if parent_code is not None:
            parent_indicator = indicators.get(parent_code)
            if parent_indicator is None:
                line.error(f"indikator induk “{parent_code}” tidak dikenal.")
            elif unit is not None and context.parent(unit) is None:
                line.error(f"{unit.short_name} tidak punya unit induk; kosongkan Kode Indikator Induk.")
        if not line.ok:
            continue

        if decree_number:
            first = decrees.setdefault((unit.pk, decree_number), (decree_date, row.number))
            if first[0] != decree_date:
                line.error(
                    f"Keputusan “{decree_number}” bertanggal lain di baris {first[1]}; "
                    "satu keputusan hanya punya satu tanggal."
                )
                continue
        plan = plans.get((unit.pk, year))
        if plan is None:
            plan = plans[(unit.pk, year)] = _IkuPlan(unit, year, decree_number, decree_date, review_due, row.number)
        elif (plan.decree_number, plan.decree_date, plan.review_due) != (decree_number, decree_date, review_due):
            line.error(
                f"Nomor/Tanggal Keputusan atau Jadwal Reviu berbeda dengan baris {plan.row} "
                f"untuk {unit.short_name} tahun {year}; satu set IKU hanya punya satu keputusan."
            )
            continue
        if indicator.pk in plan.items:
            line.error(
                f"baris ganda: indikator “{indicator.code}” untuk {unit.short_name} tahun {year} "
                f"sudah ada di baris {plan.items[indicator.pk].row}."
            )
            continue
        plan.items[indicator.pk] = _IkuLine(
            row=row.number,
            order=order if order is not None else len(plan.items) + 1,
            goal=goal,
            indicator=indicator,
            target=target,
            parent_indicator=parent_indicator,
        )

    parent_items = _check_parents(plans, context, errors)
    _check_deletions(plans, errors)
    if errors:
        raise ImportRejected(errors)
    return list(plans.values()), parent_items


def _check_parents(
    plans: dict[tuple[int, int], _IkuPlan], context: _Context, errors: list[RowError]
) -> dict[tuple[int, int, int], int]:
    """Every parent indicator must be in the parent unit's IKU set of the same year.

    When the file holds that set too, the file's version is the one that counts,
    since it replaces what is stored.
    """
    wanted = {
        (plan.unit.parent_id, plan.year)
        for plan in plans.values()
        if any(item.parent_indicator for item in plan.items.values())
    }
    stored_keys = wanted - plans.keys()
    parent_items: dict[tuple[int, int, int], int] = {}
    stored_targets: dict[tuple[int, int, int], Target] = {}
    if stored_keys:
        stored = IkuItem.objects.filter(
            iku_set__unit_id__in={unit_id for unit_id, _year in stored_keys},
            iku_set__year__in={year for _unit_id, year in stored_keys},
        ).values_list(
            "iku_set__unit_id", "iku_set__year", "indicator_id", "pk", "target_value", "target_upper", "target_grade"
        )
        parent_items = {}
        for unit_id, year, indicator_id, pk, value, upper, grade in stored:
            if (unit_id, year) in stored_keys:
                parent_items[(unit_id, year, indicator_id)] = pk
                stored_targets[(unit_id, year, indicator_id)] = Target(value=value, upper=upper, grade=grade)
    for plan in plans.values():
        parent = context.parent(plan.unit)
        for item in plan.items.values():
            if item.parent_indicator is None:
                continue
            parent_plan = plans.get((parent.pk, plan.year))
            if parent_plan is not None:
                present = item.parent_indicator.pk in parent_plan.items
            else:
                present = (parent.pk, plan.year, item.parent_indicator.pk) in parent_items
            if not present:
                errors.append(
                    RowError(
                        item.row,
                        f"indikator induk “{item.parent_indicator.code}” tidak ada dalam IKU "
                        f"{parent.short_name} tahun {plan.year}.",
                    )
                )
                continue
            if item.parent_indicator.pk != item.indicator.pk:
                continue
            # A regional target may not be below its parent's for the same indicator.
            if parent_plan is not None:
                parent_target = parent_plan.items[item.parent_indicator.pk].target
            else:
                parent_target = stored_targets[(parent.pk, plan.year, item.parent_indicator.pk)]
            indicator = item.indicator
            if weaker_than(item.target, parent_target, polarity=indicator.polarity, scale=indicator.grade_scale):
                errors.append(
                    RowError(
                        item.row,
                        f"target {item.target.display(indicator.measure_unit)} untuk “{indicator.name}” di bawah "
                        f"target {parent.short_name} {parent_target.display(indicator.measure_unit)}.",
                    )
                )
    return parent_items


def _check_deletions(plans: dict[tuple[int, int], _IkuPlan], errors: list[RowError]) -> None:
    """Note the stored items the file drops, and refuse to drop one that a child unit's IKU derives from.

    A derived item in a set that the file also replaces is left to that set's
    rows: either it is dropped too, or it now names another parent indicator
    (which `_check_parents` has checked).
    """
    if not plans:
        return
    stored_sets = IkuSet.objects.filter(
        unit_id__in={unit_id for unit_id, _year in plans}, year__in={year for _unit_id, year in plans}
    )
    for item in IkuItem.objects.filter(iku_set__in=stored_sets).select_related("iku_set", "indicator"):
        plan = plans.get((item.iku_set.unit_id, item.iku_set.year))
        if plan is not None and item.indicator_id not in plan.items:
            plan.stale.append(item)
    stale = [item for plan in plans.values() for item in plan.stale]
    derived = IkuItem.objects.filter(source__in=stale).select_related(
        "iku_set__unit", "source__indicator", "source__iku_set__unit"
    )
    for child in derived.order_by("iku_set__unit__sort_key", "pk"):
        if (child.iku_set.unit_id, child.iku_set.year) in plans:
            continue
        source = child.source
        errors.append(
            RowError(
                None,
                f"IKU “{source.indicator.code} {source.indicator.name}” {source.iku_set.unit.short_name} "
                f"tahun {source.iku_set.year} tidak dapat dihapus karena masih diturunkan ke IKU "
                f"{child.iku_set.unit.short_name} ({child.iku_set.unit.code}). "
                "Ubah dulu IKU unit tersebut, atau sertakan indikator ini dalam berkas.",
            )
        )


def _iku_save(plans: list[_IkuPlan], parent_items: dict[tuple[int, int, int], int], context: _Context, *, by) -> None:
    # Parents first, so that a child's item can point to the parent item just
    # written; deletions children first, so that no parent item is deleted while
    # a child item of the file still points to it.
    by_depth = sorted(plans, key=lambda plan: (context.depth(plan.unit), plan.unit.sort_key, plan.year))
    known_items = dict(parent_items)
    summaries = {}
    for plan in by_depth:
        iku_set, changes, counts = _iku_set_save(plan, known_items)
        summaries[id(plan)] = (iku_set, changes, counts)
    for plan in reversed(by_depth):
        IkuItem.objects.filter(pk__in=[item.pk for item in plan.stale]).delete()
    for plan in by_depth:
        iku_set, changes, (created, updated) = summaries[id(plan)]
        record_change(
            obj=iku_set,
            action=Action.IMPORT,
            summary=(
                f"Impor IKU {plan.unit.short_name} {plan.year}: {len(plan.items)} indikator "
                f"({created} baru, {updated} diubah, {len(plan.stale)} dihapus)"
            ),
            by=by,
            unit=plan.unit,
            changes=changes,
        )


def _iku_set_save(plan: _IkuPlan, known_items: dict[tuple[int, int, int], int]) -> tuple[IkuSet, dict, tuple[int, int]]:
    changes = {}
    decree = None
    if plan.decree_number:
        decree, created = Decree.objects.get_or_create(
            unit=plan.unit, number=plan.decree_number, defaults={"issued_on": plan.decree_date}
        )
        if not created and decree.issued_on != plan.decree_date:
            changes["decree_issued_on"] = [str(decree.issued_on), str(plan.decree_date)]
            decree.issued_on = plan.decree_date
            decree.save(update_fields=["issued_on"])
    iku_set, _created = IkuSet.objects.get_or_create(unit=plan.unit, year=plan.year)
    changes |= diff(iku_set, {"decree_id": decree.pk if decree else None, "review_due": plan.review_due})
    iku_set.decree, iku_set.review_due = decree, plan.review_due
    iku_set.save(update_fields=["decree", "review_due"])

    parent_id = plan.unit.parent_id
    existing = {item.indicator_id: item for item in iku_set.items.all()}
    to_create, to_update = [], []
    fields = ["order", "goal", "target_value", "target_upper", "target_grade", "source"]
    for line in plan.items.values():
        source_id = known_items[(parent_id, plan.year, line.parent_indicator.pk)] if line.parent_indicator else None
        item = existing.get(line.indicator.pk) or IkuItem(iku_set=iku_set, indicator=line.indicator)
        before = [getattr(item, name) for name in ("order", "goal", "target", "source_id")]
        item.order, item.goal, item.source_id = line.order, line.goal, source_id
        item.set_target(line.target)
        if item.pk is None:
            to_create.append(item)
        elif before != [item.order, item.goal, item.target, item.source_id]:
            to_update.append(item)
    IkuItem.objects.bulk_create(to_create)
    IkuItem.objects.bulk_update(to_update, fields)
    # Read the ids back rather than trust bulk_create to have set them on every database.
    for indicator_id, pk in iku_set.items.values_list("indicator_id", "pk"):
        known_items[(plan.unit.pk, plan.year, indicator_id)] = pk
    return iku_set, changes, (len(to_create), len(to_update))
