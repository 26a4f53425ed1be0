"""Writing the DIPA, IKU and RKT workbooks: the templates to fill in, and the exports.

An export uses the template's sheet and columns, so that it can be corrected
and imported again. Text that a spreadsheet would run as a formula is written
with a leading apostrophe (`lib.sheets.neutralise_formula`), which the import
takes off again.
"""

import dataclasses
import datetime
import io
from collections.abc import Iterable, Sequence

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.lib.sheets import neutralise_formula
from kinerja.organisation.models import Unit
from kinerja.planning.models import (
    Activity,
    Dipa,
    DipaAllocation,
    IkuItem,
    IkuSet,
    Indicator,
    Program,
    WorkPlan,
    WorkPlanRow,
    WorkPlanSection,
)
from kinerja.planning.spreadsheets.layout import (
    DATE_FORMAT,
    DIPA_COLUMNS,
    DIPA_SHEET,
    DIPA_WIDTHS,
    IKU_COLUMNS,
    IKU_SHEET,
    IKU_WIDTHS,
    INDICATORS_SHEET,
    PROGRAMS_SHEET,
    RKT_COLUMNS,
    RKT_SHEET,
    RKT_WIDTHS,
    UNITS_SHEET,
)
from kinerja.planning.targets import GRADES, Polarity, TargetKind

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="7A1F1F")
EXAMPLE_FONT = Font(italic=True, color="808080")


@dataclasses.dataclass
class _Sheet:
    title: str
    columns: Sequence[str]
    widths: Sequence[int]
    rows: Iterable[Sequence]
    example: bool = False  # the rows are examples, shown in grey italics


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


def rkt_template() -> bytes:
    """An empty RKT sheet with one example row, and the lists of units, activities and indicators."""
    today = timezone.localdate()
    unit = Unit.objects.order_by("sort_key").first()
    activity = Activity.objects.order_by("code").first()
    indicator = Indicator.objects.order_by("code").first()
    example = [
        unit.code if unit else "kpu",
        unit.name if unit else "Komisi Pemilihan Umum",
        today.year,
        1,
        activity.name if activity else "Perencanaan Program dan Anggaran",
        activity.code if activity else "6709",
        1,
        "Perencanaan dan Penganggaran Pemilu",
        indicator.code if indicator else "IKU-01",
        indicator.name if indicator else "Persentase dokumen perencanaan yang tersusun tepat waktu",
        _example_target(indicator),
        indicator.measure_unit if indicator else "Lembaga",
    ]
    return _workbook(
        [
            _Sheet(RKT_SHEET, RKT_COLUMNS, RKT_WIDTHS, [example], example=True),
            _units_sheet(),
            _Sheet(
                PROGRAMS_SHEET,
                ("Kode Program", "Nama Program", "Kode Kegiatan", "Nama Kegiatan"),
                (14, 60, 14, 70),
                _program_rows(),
            ),
            _Sheet(
                INDICATORS_SHEET,
                ("Kode Indikator", "Nama Indikator", "Satuan", "Jenis Target", "Skala Predikat", "Polaritas"),
                (16, 70, 12, 20, 40, 26),
                _indicator_rows(),
            ),
        ]
    )


def rkt_export(work_plans: QuerySet[WorkPlan]) -> bytes:
    """The rows of `work_plans`, one line each, in the template's layout.

    A section without rows has a line of its own with the row columns empty; an
    RKT without any section has no line. The target is written without its
    measure unit (which has its own column) so that it reads back as the same target.
    """
    sections = (
        WorkPlanSection.objects.filter(work_plan__in=work_plans)
        .select_related("work_plan__unit", "activity")
        .prefetch_related(
            Prefetch("rows", queryset=WorkPlanRow.objects.select_related("indicator").order_by("order", "pk"))
        )
        .order_by("work_plan__unit__sort_key", "work_plan__year", "order", "pk")
    )
    return _workbook([_Sheet(RKT_SHEET, RKT_COLUMNS, RKT_WIDTHS, _rkt_rows(sections))])


def _rkt_rows(sections: Iterable[WorkPlanSection]) -> Iterable[list]:
    for section in sections:
        unit = section.work_plan.unit
        head = [
            unit.code,
            unit.name,
            section.work_plan.year,
            section.order,
            section.title,
            section.activity.code if section.activity else None,
        ]
        rows = section.rows.all()
        if not rows:
            yield head + [None] * 6
        for row in rows:
            yield head + [
                row.order,
                row.output,
                row.indicator.code,
                row.indicator.name,
                row.target.display(),
                row.measure_unit,
            ]


def _example_target(indicator: Indicator | None) -> str:
    if indicator is None:
        return "100"
    if indicator.target_kind == TargetKind.GRADE:
        return GRADES.get(indicator.grade_scale, ("",))[0]
    if indicator.polarity == Polarity.RANGE:
        return "80–90"
    return "100" if indicator.target_kind == TargetKind.PERCENT else "1"


def _units_sheet() -> _Sheet:
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
