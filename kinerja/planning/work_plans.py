"""Changes to an RKT (WorkPlan) made on its page, and the target rule its import shares.

Each change is one service: it runs in one transaction, locks the plan so that
two editors number sections and rows one after the other, checks what it is
given and refuses with WorkPlanError, naming the row ("Baris 1.2 …"), having
changed nothing. Every change is recorded on the WorkPlan itself, so that the
unit's plan page lists it in its history (selectors.unit_history).

A row's target must read as a target of its indicator's kind (a number, a
range, a grade of its scale) and is never negative: the PK is drawn from the
RKT, and a PK refuses a negative target (agreements.targets). An empty target
may be saved while planning, as in the PK editor.
"""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action, ChangeRecord
from kinerja.audit.services import record_change
from kinerja.lib.text import clean_text
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, IkuItem, Indicator, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.targets import GRADES, Polarity, Target, TargetError, TargetKind

TITLE_LENGTH = WorkPlanSection._meta.get_field("title").max_length
OUTPUT_LENGTH = WorkPlanRow._meta.get_field("output").max_length
MEASURE_UNIT_LENGTH = WorkPlanRow._meta.get_field("measure_unit").max_length
_TARGET_FIELD = WorkPlanRow._meta.get_field("target_value")
MIN_YEAR, MAX_YEAR = 2000, 2100


class WorkPlanError(ValueError):
    """A change to an RKT refused; the message is for the user."""


# --- The rules ------------------------------------------------------------------------------------------------


def row_target(indicator: Indicator, text: str, *, measure_unit: str = "") -> Target:
    """`text` read as a target of `indicator`; raises TargetError with the reason for the user.

    The same rule for the page and the Excel import: readable for the
    indicator's kind, in the row's measure unit (`measure_unit`, else the
    indicator's) if one is typed, never negative, and small enough to be stored.
    """
    target = indicator.parse_target(text, measure_unit=measure_unit)
    values = [value for value in (target.value, target.upper) if value is not None]
    if any(value < 0 for value in values):
        raise TargetError(_("target tidak boleh negatif"))
    places = Decimal(10) ** -_TARGET_FIELD.decimal_places
    limit = Decimal(10) ** (_TARGET_FIELD.max_digits - _TARGET_FIELD.decimal_places)
    if any(value != value.quantize(places) or abs(value) >= limit for value in values):
        raise TargetError(_("target paling banyak 4 angka di belakang koma dan 16 angka di depannya"))
    return target


def target_example(indicator: Indicator | None) -> str:
    """What a target of `indicator` looks like, for a placeholder: `WTP`, `80–90`, `100`, `1`."""
    if indicator is None:
        return "1"
    if indicator.target_kind == TargetKind.GRADE:
        return GRADES.get(indicator.grade_scale, ("",))[0]
    if indicator.polarity == Polarity.RANGE:
        return "80–90"
    return "100" if indicator.target_kind == TargetKind.PERCENT else "1"


def row_label(row: WorkPlanRow) -> str:
    """How a row is named in messages: `2.3`, the third row of the second section."""
    return f"{row.section.order}.{row.order}"


# --- Reads for the page ---------------------------------------------------------------------------------------


def indicator_groups(unit: Unit, year: int) -> list[tuple[str, list[Indicator]]]:
    """The indicators a new row may take: the unit's IKU of `year` first, then every other indicator."""
    iku_ids = list(
        IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=year)
        .order_by("order", "pk")
        .values_list("indicator_id", flat=True)
    )
    by_id = Indicator.objects.in_bulk(iku_ids)
    own = [by_id[pk] for pk in iku_ids if pk in by_id]
    others = list(Indicator.objects.exclude(pk__in=iku_ids).order_by("code"))
    groups = []
    if own:
        groups.append((_("IKU %(unit)s %(year)s") % {"unit": unit.short_name, "year": year}, own))
    groups.append((_("Indikator lain") if own else _("Semua indikator"), others))
    return groups


def target_examples(work_plan: WorkPlan) -> dict[int, str]:
    """The placeholder of each row's target on the page, by indicator id."""
    return {
        row.indicator_id: target_example(row.indicator)
        for section in work_plan.sections.all()
        for row in section.rows.all()
    }


def activities() -> QuerySet[Activity]:
    """The activities a section may name by code."""
    return Activity.objects.order_by("code")


def work_plan_history(work_plan: WorkPlan, *, limit: int = 20) -> QuerySet[ChangeRecord]:
    """The latest changes of `work_plan`, newest first."""
    return ChangeRecord.objects.filter(object_type="planning.workplan", object_id=str(work_plan.pk)).select_related(
        "by"
    )[:limit]


# --- Changes --------------------------------------------------------------------------------------------------


def _locked(work_plan: WorkPlan) -> WorkPlan:
    return WorkPlan.objects.select_for_update().select_related("unit").get(pk=work_plan.pk)


def _current(queryset: QuerySet, pk: int):
    """The object as it is now, under the plan's lock; refused if someone deleted it a moment ago."""
    try:
        return queryset.get(pk=pk)
    except ObjectDoesNotExist:
        raise WorkPlanError(_("Bagian atau baris ini baru saja dihapus; muat ulang halaman.")) from None


def _record(work_plan: WorkPlan, action: Action, summary: str, params: dict, by, changes: dict | None = None):
    record_change(
        obj=work_plan,
        action=action,
        summary=summary,
        params={"unit": work_plan.unit.short_name, "year": work_plan.year, **params},
        by=by,
        unit=work_plan.unit,
        changes=changes,
    )


def _activity(code: str) -> Activity | None:
    code = clean_text(code, field=_("Kode kegiatan"), max_length=10, error=WorkPlanError)
    if not code:
        return None
    activity = Activity.objects.filter(code=code).first()
    if activity is None:
        raise WorkPlanError(_("Kode kegiatan “%(code)s” tidak dikenal.") % {"code": code})
    return activity


def _title(title: str, activity: Activity | None) -> str:
    """The section's title as typed; the activity's name when only a code is given."""
    title = clean_text(title, field=_("Sasaran/kegiatan"), max_length=TITLE_LENGTH, error=WorkPlanError)
    if not title and activity is not None:
        return activity.name[:TITLE_LENGTH]
    if not title:
        raise WorkPlanError(_("Sasaran/kegiatan wajib diisi."))
    return title


def _row_values(indicator: Indicator, label: str, *, output: str, target: str, measure_unit: str) -> dict:
    """The checked values of a row, or WorkPlanError naming the row."""
    output = clean_text(output, field=_("Keluaran"), max_length=OUTPUT_LENGTH, error=WorkPlanError)
    measure_unit = clean_text(measure_unit, field=_("Satuan"), max_length=MEASURE_UNIT_LENGTH, error=WorkPlanError)
    text = clean_text(target, field=_("Target"), max_length=40, error=WorkPlanError)
    try:
        parsed = row_target(indicator, text, measure_unit=measure_unit)
    except TargetError as problem:
        raise WorkPlanError(
            _("Baris %(row)s “%(indicator)s”: %(problem)s.")
            % {"row": label, "indicator": indicator.name, "problem": str(problem).rstrip(".")}
        ) from None
    return {"output": output, "measure_unit": measure_unit or indicator.measure_unit, "target": parsed}


@transaction.atomic
def work_plan_create(*, unit: Unit, year: int, by) -> WorkPlan:
    """Start the RKT of `unit` for `year`, empty; refused if it exists."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise WorkPlanError(
            _("Tahun %(year)s di luar rentang %(low)s–%(high)s.") % {"year": year, "low": MIN_YEAR, "high": MAX_YEAR}
        )
    exists = _("RKT %(unit)s tahun %(year)s sudah ada.") % {"unit": unit.short_name, "year": year}
    if WorkPlan.objects.filter(unit=unit, year=year).exists():
        raise WorkPlanError(exists)
    try:
        with transaction.atomic():
            work_plan = WorkPlan.objects.create(unit=unit, year=year)
    except IntegrityError:
        raise WorkPlanError(exists) from None  # created by someone else a moment ago
    _record(work_plan, Action.CREATE, gettext_noop("RKT %(unit)s %(year)s dibuat"), {}, by)
    return work_plan


@transaction.atomic
def work_plan_section_add(*, work_plan: WorkPlan, title: str, activity_code: str = "", by) -> WorkPlanSection:
    """Add a section (a goal, or an activity with its code) after the last one."""
    work_plan = _locked(work_plan)
    activity = _activity(activity_code)
    title = _title(title, activity)
    order = (work_plan.sections.aggregate(last=Max("order"))["last"] or 0) + 1
    section = WorkPlanSection.objects.create(work_plan=work_plan, order=order, title=title, activity=activity)
    _record(
        work_plan,
        Action.ADD,
        gettext_noop("RKT %(unit)s %(year)s: bagian %(section)s “%(title)s” ditambahkan"),
        {"section": order, "title": title[:80]},
        by,
        {"section": [None, f"{order}. {title}"]},
    )
    return section


@transaction.atomic
def work_plan_section_update(*, section: WorkPlanSection, title: str, activity_code: str = "", by) -> WorkPlanSection:
    """Rename a section or change its activity code."""
    work_plan = _locked(section.work_plan)
    section = _current(WorkPlanSection.objects.select_related("activity"), section.pk)
    activity = _activity(activity_code)
    title = _title(title, activity)
    changes = {}
    if section.title != title:
        changes["title"] = [section.title, title]
    if section.activity_id != (activity.pk if activity else None):
        changes["activity"] = [section.activity.code if section.activity else None, activity.code if activity else None]
    if changes:
        section.title, section.activity = title, activity
        section.save(update_fields=["title", "activity"])
        _record(
            work_plan,
            Action.UPDATE,
            gettext_noop("RKT %(unit)s %(year)s: bagian %(section)s diubah menjadi “%(title)s”"),
            {"section": section.order, "title": title[:80]},
            by,
            changes,
        )
    return section


@transaction.atomic
def work_plan_section_delete(*, section: WorkPlanSection, by) -> None:
    """Delete an empty section; the sections after it move up one place."""
    work_plan = _locked(section.work_plan)
    section = _current(WorkPlanSection.objects.all(), section.pk)
    count = section.rows.count()
    if count:
        raise WorkPlanError(
            _("Bagian %(section)s masih berisi %(count)s baris; hapus barisnya dulu.")
            % {"section": section.order, "count": count}
        )
    section.delete()
    work_plan.sections.filter(order__gt=section.order).update(order=F("order") - 1)
    _record(
        work_plan,
        Action.DELETE,
        gettext_noop("RKT %(unit)s %(year)s: bagian %(section)s “%(title)s” dihapus"),
        {"section": section.order, "title": section.title[:80]},
        by,
        {"section": [f"{section.order}. {section.title}", None]},
    )


@transaction.atomic
def work_plan_row_add(
    *, section: WorkPlanSection, indicator: Indicator, output: str = "", target: str = "", measure_unit: str = "", by
) -> WorkPlanRow:
    """Add a row to `section` after its last; an indicator appears once in a section.

    The measure unit defaults to the indicator's.
    """
    work_plan = _locked(section.work_plan)
    section = _current(WorkPlanSection.objects.all(), section.pk)
    order = (section.rows.aggregate(last=Max("order"))["last"] or 0) + 1
    label = f"{section.order}.{order}"
    twin = section.rows.filter(indicator=indicator).first()
    if twin is not None:
        raise WorkPlanError(
            _("Baris %(row)s: indikator “%(indicator)s” sudah ada di baris %(other)s.")
            % {"row": label, "indicator": indicator.name, "other": f"{section.order}.{twin.order}"}
        )
    values = _row_values(indicator, label, output=output, target=target, measure_unit=measure_unit)
    row = WorkPlanRow(
        section=section, order=order, indicator=indicator, output=values["output"], measure_unit=values["measure_unit"]
    )
    row.set_target(values["target"])
    row.save()
    _record(
        work_plan,
        Action.ADD,
        gettext_noop("RKT %(unit)s %(year)s: baris %(row)s “%(indicator)s” ditambahkan, target %(target)s"),
        {"row": label, "indicator": indicator.name[:120], "target": row.target_display or "—"},
        by,
        {"row": [None, f"{label} {indicator.code}"]},
    )
    return row


@transaction.atomic
def work_plan_row_update(*, row: WorkPlanRow, output: str, target: str, measure_unit: str, by) -> WorkPlanRow:
    """Change a row's output, target or measure unit."""
    work_plan = _locked(row.section.work_plan)
    row = _current(WorkPlanRow.objects.select_related("section", "indicator"), row.pk)
    label = row_label(row)
    values = _row_values(row.indicator, label, output=output, target=target, measure_unit=measure_unit)
    old_target = row.target_display
    before = {"output": row.output, "measure_unit": row.measure_unit}
    row.output, row.measure_unit = values["output"], values["measure_unit"]
    row.set_target(values["target"])
    changes = {field: [old, getattr(row, field)] for field, old in before.items() if old != getattr(row, field)}
    if old_target != row.target_display:
        changes["target"] = [old_target, row.target_display]
    if not changes:
        return row
    row.save(update_fields=["output", "measure_unit", "target_value", "target_upper", "target_grade"])
    params = {"row": label, "indicator": row.indicator.name[:120]}
    if "target" in changes:
        summary = gettext_noop("RKT %(unit)s %(year)s: target baris %(row)s “%(indicator)s”: %(old)s → %(new)s")
        params |= {"old": old_target or "—", "new": row.target_display or "—"}
        _record(work_plan, Action.UPDATE_TARGET, summary, params, by, changes)
    else:
        summary = gettext_noop("RKT %(unit)s %(year)s: baris %(row)s “%(indicator)s” diubah")
        _record(work_plan, Action.UPDATE, summary, params, by, changes)
    return row


@transaction.atomic
def work_plan_row_delete(*, row: WorkPlanRow, by) -> None:
    """Delete a row; the rows after it in its section move up one place."""
    work_plan = _locked(row.section.work_plan)
    row = _current(WorkPlanRow.objects.select_related("section", "indicator"), row.pk)
    label = row_label(row)
    row.delete()
    row.section.rows.filter(order__gt=row.order).update(order=F("order") - 1)
    _record(
        work_plan,
        Action.DELETE,
        gettext_noop("RKT %(unit)s %(year)s: baris %(row)s “%(indicator)s” dihapus"),
        {"row": label, "indicator": row.indicator.name[:120]},
        by,
        {"row": [f"{label} {row.indicator.code} {row.target_display}".strip(), None]},
    )
