"""The RKT import: every (unit, year) of the file gets exactly the file's sections and rows.

Sections are matched by their order (Urutan Bagian) and rows by their order in
the section (Urutan Baris), so that a matched section or row keeps its id. A
line whose row columns are all empty stands for a section without rows. A
row's target follows the rule of the RKT page (work_plans.row_target): readable
for its indicator's kind and never negative.
"""

import dataclasses
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, Indicator, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.spreadsheets import cells
from kinerja.planning.spreadsheets.cells import ImportRejected, ImportResult, RowError
from kinerja.planning.spreadsheets.layout import RKT_COLUMNS, RKT_ROW_COLUMNS, RKT_SHEET
from kinerja.planning.targets import Target, TargetError
from kinerja.planning.work_plans import MEASURE_UNIT_LENGTH, OUTPUT_LENGTH, TITLE_LENGTH, row_target


@dataclasses.dataclass
class _RowLine:
    row: int  # the Excel row
    order: int
    output: str
    indicator: Indicator
    target: Target
    measure_unit: str


@dataclasses.dataclass
class _SectionLine:
    row: int  # the first Excel row of this section
    order: int
    title: str
    activity: Activity | None
    rows: dict[int, _RowLine] = dataclasses.field(default_factory=dict)  # by order


@dataclasses.dataclass
class _RktPlan:
    """One RKT of the file: its sections by order."""

    unit: Unit
    year: int
    sections: dict[int, _SectionLine] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class _Read:
    """The cells of one line, read; None where a cell is blank or wrong."""

    unit: Unit | None
    year: int | None
    section_order: int | None
    title: str | None
    activity: Activity | None
    section_only: bool
    row_order: int | None = None
    output: str = ""
    indicator: Indicator | None = None
    target: Target | None = None
    measure_unit: str = ""


def rkt_import(*, data: bytes, by, can_edit: Callable[[Unit], bool]) -> ImportResult:
    """Create or update the RKT of every (unit, year) in the file, with exactly the file's sections and rows.

    `can_edit(unit)` says whether `by` may change that unit's plan. Raises
    ImportRejected, having saved nothing, if anything in the file is wrong.
    """
    rows = cells.read_rows(data, sheet=RKT_SHEET, columns=RKT_COLUMNS)
    plans = _rkt_plans(rows, cells.Context(can_edit))
    try:
        with transaction.atomic():
            for plan in plans:
                _rkt_save(plan, by=by)
    except (ProtectedError, RestrictedError) as error:
        raise cells.rejected(_("Baris RKT lama masih dirujuk data lain sehingga tidak dapat diganti.")) from error
    except IntegrityError as error:
        raise cells.rejected(
            _("Data berubah selama impor (mungkin oleh pengguna lain); silakan impor ulang.")
        ) from error
    rows_count = sum(len(section.rows) for plan in plans for section in plan.sections.values())
    return ImportResult(sets=len(plans), rows=rows_count)


# --- Checking the rows ----------------------------------------------------------------------------------------


class _Reader:
    """Reads the lines of one file against the activities, the indicators and the lines before."""

    def __init__(self, context: cells.Context):
        self.context = context
        self.activities = {activity.code: activity for activity in Activity.objects.all()}
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        self.plans: dict[tuple[int, int], _RktPlan] = {}

    def read(self, line: cells.Line) -> _Read:
        unit = self.context.unit(line)
        year = line.get("Tahun", cells.year)
        section_order = line.get("Urutan Bagian", cells.order)
        activity_code = line.get("Kode Kegiatan", required=False)
        activity = None
        if activity_code is not None:
            activity = self.activities.get(activity_code)
            if activity is None:
                line.error(_("kegiatan “%(code)s” tidak dikenal.") % {"code": activity_code})
        title = line.get("Sasaran/Kegiatan", required=activity_code is None, max_length=TITLE_LENGTH)
        if title is None and activity is not None:
            title = activity.name[:TITLE_LENGTH]
        if all(cells.is_blank(line.raw(column)) for column in RKT_ROW_COLUMNS):
            return _Read(unit, year, section_order, title, activity, section_only=True)
        indicator = cells.known_indicator(line, self.indicators)
        return _Read(
            unit,
            year,
            section_order,
            title,
            activity,
            section_only=False,
            row_order=line.get("Urutan Baris", cells.order, required=False),
            output=line.get("Keluaran", required=False, max_length=OUTPUT_LENGTH) or "",
            indicator=indicator,
            target=self._target(line, indicator) if indicator is not None else None,
            measure_unit=line.get("Satuan", required=False, max_length=MEASURE_UNIT_LENGTH)
            or (indicator.measure_unit if indicator else ""),
        )

    def _target(self, line: cells.Line, indicator: Indicator) -> Target | None:
        text = cells.target_text(line.raw("Target"), line.row.formats["Target"])
        # A unit typed with the target must be the row's (its Satuan cell, read
        # as text here so that its own problems stay in its column's place).
        measure_unit = cells.text(line.raw("Satuan"))
        try:
            return row_target(indicator, text, measure_unit=measure_unit)
        except TargetError as problem:
            line.error(
                _("Target “%(text)s” untuk %(indicator)s: %(problem)s")
                % {"text": text, "indicator": indicator.code, "problem": str(problem).rstrip(".") + "."}
            )
            return None

    def add(self, line: cells.Line, read: _Read) -> None:
        """Put a line without problems into its plan and section, unless it contradicts an earlier line."""
        unit, year = read.unit, read.year
        plan = self.plans.setdefault((unit.pk, year), _RktPlan(unit, year))
        section = plan.sections.get(read.section_order)
        if section is None:
            section = plan.sections[read.section_order] = _SectionLine(
                line.number, read.section_order, read.title, read.activity
            )
        elif (section.title, section.activity) != (read.title, read.activity):
            line.error(
                _(
                    "Sasaran/Kegiatan atau Kode Kegiatan berbeda dengan baris %(row)s untuk bagian %(section)s "
                    "%(unit)s tahun %(year)s; satu bagian hanya punya satu judul dan satu kode kegiatan."
                )
                % {"row": section.row, "section": section.order, "unit": unit.short_name, "year": year}
            )
            return
        if not read.section_only:
            self._add_row(line, read, section)

    def _add_row(self, line: cells.Line, read: _Read, section: _SectionLine) -> None:
        order = read.row_order if read.row_order is not None else max(section.rows, default=0) + 1
        params = {"unit": read.unit.short_name, "year": read.year, "label": f"{section.order}.{order}"}
        if order in section.rows:
            line.error(
                _("baris ganda: baris %(label)s RKT %(unit)s tahun %(year)s sudah ada di baris %(row)s.")
                % (params | {"row": section.rows[order].row})
            )
            return
        twin = next((row for row in section.rows.values() if row.indicator.pk == read.indicator.pk), None)
        if twin is not None:
            line.error(
                _(
                    "baris ganda: indikator “%(indicator)s” sudah ada di bagian %(section)s RKT %(unit)s "
                    "tahun %(year)s, baris %(row)s."
                )
                % (params | {"indicator": read.indicator.code, "section": section.order, "row": twin.row})
            )
            return
        section.rows[order] = _RowLine(line.number, order, read.output, read.indicator, read.target, read.measure_unit)


def _rkt_plans(rows: list[cells.Row], context: cells.Context) -> list[_RktPlan]:
    errors: list[RowError] = []
    reader = _Reader(context)
    for row in rows:
        line = cells.Line(row, errors)
        read = reader.read(line)
        if line.ok:
            reader.add(line, read)
    if errors:
        raise ImportRejected(errors)
    return list(reader.plans.values())


# --- Saving ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0


def _first_by_order(objects) -> tuple[dict, list]:
    """The objects by order, the first (lowest id) of each order; and the others, which go."""
    kept, extra = {}, []
    for obj in sorted(objects, key=lambda obj: obj.pk):
        if obj.order in kept:
            extra.append(obj)
        else:
            kept[obj.order] = obj
    return kept, extra


def _rkt_save(plan: _RktPlan, *, by) -> WorkPlan:
    work_plan = WorkPlan.objects.select_for_update().filter(unit=plan.unit, year=plan.year).first()
    created = work_plan is None
    if created:
        work_plan = WorkPlan.objects.create(unit=plan.unit, year=plan.year)
    sections = list(work_plan.sections.prefetch_related("rows"))
    old_sizes = [len(sections), sum(len(section.rows.all()) for section in sections)]
    stored, stale = _first_by_order(sections)
    stale += [section for order, section in stored.items() if order not in plan.sections]
    counts = _Counts(deleted=sum(len(section.rows.all()) for section in stale))
    WorkPlanSection.objects.filter(pk__in=[section.pk for section in stale]).delete()
    for section_line in plan.sections.values():
        section = stored.get(section_line.order)
        if section is None:
            section = WorkPlanSection.objects.create(
                work_plan=work_plan, order=section_line.order, title=section_line.title, activity=section_line.activity
            )
        elif (section.title, section.activity_id) != (section_line.title, getattr(section_line.activity, "pk", None)):
            section.title, section.activity = section_line.title, section_line.activity
            section.save(update_fields=["title", "activity"])
        _rows_save(section, section_line, counts)
    new_sizes = [len(plan.sections), sum(len(section.rows) for section in plan.sections.values())]
    _rkt_record(plan, work_plan, created, counts, old_sizes, new_sizes, by=by)
    return work_plan


def _rows_save(section: WorkPlanSection, section_line: _SectionLine, counts: _Counts) -> None:
    # Update in place rather than delete and recreate: a row keeps its id.
    existing, extra = _first_by_order(section.rows.all())
    to_create, to_update = [], []
    for line in section_line.rows.values():
        row = existing.pop(line.order, None) or WorkPlanRow(section=section, order=line.order)
        before = (row.output, row.indicator_id, row.measure_unit, row.target)
        row.output, row.indicator, row.measure_unit = line.output, line.indicator, line.measure_unit
        row.set_target(line.target)
        if row.pk is None:
            to_create.append(row)
        elif before != (row.output, row.indicator_id, row.measure_unit, row.target):
            to_update.append(row)
    gone = extra + list(existing.values())
    WorkPlanRow.objects.filter(pk__in=[row.pk for row in gone]).delete()
    WorkPlanRow.objects.bulk_create(to_create)
    fields = ["output", "indicator", "measure_unit", "target_value", "target_upper", "target_grade"]
    WorkPlanRow.objects.bulk_update(to_update, fields)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    counts.deleted += len(gone)


def _rkt_record(plan: _RktPlan, work_plan: WorkPlan, created: bool, counts: _Counts, old_sizes, new_sizes, *, by):
    params = {"unit": plan.unit.short_name, "year": plan.year, "sections": new_sizes[0], "count": new_sizes[1]}
    if created:
        summary = gettext_noop("Impor RKT %(unit)s %(year)s: %(sections)s bagian, %(count)s indikator (RKT baru)")
    else:
        summary = gettext_noop(
            "Impor RKT %(unit)s %(year)s: %(sections)s bagian, %(count)s indikator "
            "(%(created)s baru, %(updated)s diubah, %(deleted)s dihapus)"
        )
        params |= dataclasses.asdict(counts)
    changes = {
        name: [str(old), str(new)]
        for name, old, new in zip(("sections", "rows"), old_sizes, new_sizes, strict=True)
        if old != new
    }
    record_change(
        obj=work_plan, action=Action.IMPORT, summary=summary, params=params, by=by, unit=plan.unit, changes=changes
    )
