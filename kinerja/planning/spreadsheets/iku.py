"""The IKU import: every (unit, year) of the file gets exactly the file's items.

Items are matched by indicator, so that a matched item keeps its id and the
items derived from it in the IKU of the units below.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import diff, record_change
from kinerja.organisation.models import Unit
from kinerja.planning.models import Decree, IkuItem, IkuSet, Indicator
from kinerja.planning.selectors import plan_keepers
from kinerja.planning.spreadsheets import cells
from kinerja.planning.spreadsheets.cells import ImportRejected, ImportResult, RowError
from kinerja.planning.spreadsheets.layout import IKU_COLUMNS, IKU_SHEET
from kinerja.planning.targets import Target, TargetError, weaker_phrase, weaker_than

# (unit id, year, indicator id) -> the id of the stored item, or its target.
ItemKey = tuple[int, int, int]


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


@dataclasses.dataclass
class _Read:
    """The cells of one row, read; None where a cell is blank or wrong."""

    unit: Unit | None
    year: int | None
    decree_number: str
    decree_date: datetime.date | None
    review_due: datetime.date | None
    order: int | None
    goal: str | None
    indicator: Indicator | None
    target: Target | None
    parent_indicator: Indicator | None


def iku_import(*, data: bytes, by, can_edit: Callable[[Unit], bool]) -> ImportResult:
    """Create or update the IKU set of every (unit, year) in the file, with exactly the file's items.

    Items are matched by indicator: a matched item keeps its id (and the items
    derived from it), an item missing from the file is deleted unless an IKU of
    a child unit is derived from it. Raises ImportRejected, having saved
    nothing, if anything in the file is wrong.
    """
    rows = cells.read_rows(data, sheet=IKU_SHEET, columns=IKU_COLUMNS)
    context = cells.Context(can_edit)
    plans, parent_items = _iku_plans(rows, context)
    try:
        with transaction.atomic():
            _iku_save(plans, parent_items, context, by=by)
    except (ProtectedError, RestrictedError) as error:
        raise cells.rejected(_("IKU yang akan dihapus masih dirujuk data lain sehingga impor dibatalkan.")) from error
    except IntegrityError as error:
        raise cells.rejected(
            _("Data berubah selama impor (mungkin oleh pengguna lain); silakan impor ulang.")
        ) from error
    return ImportResult(sets=len(plans), rows=sum(len(plan.items) for plan in plans))


# --- Checking the rows ----------------------------------------------------------------------------------------


class _Reader:
    """Reads the rows of one file against the indicators and what was read before."""

    def __init__(self, context: cells.Context):
        self.context = context
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        self.number_length = Decree._meta.get_field("number").max_length
        self.goal_length = IkuItem._meta.get_field("goal").max_length
        self.plans: dict[tuple[int, int], _IkuPlan] = {}
        self.decrees: dict[tuple[int, str], tuple[datetime.date, int]] = {}  # (unit, number) -> (date, first row)

    def read(self, line: cells.Line) -> _Read:
        unit = self.context.unit(line)
        year = line.get("Tahun", cells.year)
        decree_number = line.get("Nomor Keputusan", required=False, max_length=self.number_length) or ""
        decree_date = line.get("Tanggal Keputusan", cells.date, required=False)
        if decree_number and decree_date is None and cells.is_blank(line.raw("Tanggal Keputusan")):
            line.error(_("Tanggal Keputusan wajib diisi bila Nomor Keputusan diisi."))
        if decree_date is not None and not decree_number:
            line.error(_("Nomor Keputusan wajib diisi bila Tanggal Keputusan diisi."))
        review_due = line.get("Jadwal Reviu", cells.date, required=False)
        order = line.get("Urutan", cells.order, required=False)
        goal = line.get("Sasaran Strategis", max_length=self.goal_length)
        indicator = cells.known_indicator(line, self.indicators)
        target = self._target(line, indicator) if indicator is not None else None
        parent_indicator = self._parent_indicator(line, unit)
        return _Read(
            unit, year, decree_number, decree_date, review_due, order, goal, indicator, target, parent_indicator
        )

    def _target(self, line: cells.Line, indicator: Indicator) -> Target | None:
        text = cells.target_text(line.raw("Target"), line.row.formats["Target"])
        try:
            target = indicator.parse_target(text)
        except TargetError as problem:
            line.error(
                _("Target “%(text)s” untuk %(indicator)s: %(problem)s")
                % {"text": text, "indicator": indicator.code, "problem": problem}
            )
            return None
        if not cells.storable(target):
            line.error(
                _("Target “%(text)s”: paling banyak 4 angka di belakang koma dan 16 angka di depannya.")
                % {"text": text}
            )
        return target

    def _parent_indicator(self, line: cells.Line, unit: Unit | None) -> Indicator | None:
        code = line.get("Kode Indikator Induk", required=False)
        if code is None:
            return None
        indicator = self.indicators.get(code)
        if indicator is None:
            line.error(_("indikator induk “%(code)s” tidak dikenal.") % {"code": code})
        elif unit is not None and self.context.parent(unit) is None:
            line.error(
                _("%(unit)s tidak punya unit induk; kosongkan Kode Indikator Induk.") % {"unit": unit.short_name}
            )
        return indicator

    def add(self, line: cells.Line, read: _Read) -> None:
        """Put a row without problems into its set, unless it contradicts an earlier row."""
        unit, year, indicator = read.unit, read.year, read.indicator
        if read.decree_number:
            first = self.decrees.setdefault((unit.pk, read.decree_number), (read.decree_date, line.number))
            if first[0] != read.decree_date:
                line.error(
                    _(
                        "Keputusan “%(number)s” bertanggal lain di baris %(row)s; "
                        "satu keputusan hanya punya satu tanggal."
                    )
                    % {"number": read.decree_number, "row": first[1]}
                )
                return
        plan = self.plans.get((unit.pk, year))
        decree = (read.decree_number, read.decree_date, read.review_due)
        if plan is None:
            plan = self.plans[(unit.pk, year)] = _IkuPlan(unit, year, *decree, line.number)
        elif (plan.decree_number, plan.decree_date, plan.review_due) != decree:
            line.error(
                _(
                    "Nomor/Tanggal Keputusan atau Jadwal Reviu berbeda dengan baris %(row)s untuk %(unit)s "
                    "tahun %(year)s; satu set IKU hanya punya satu keputusan."
                )
                % {"row": plan.row, "unit": unit.short_name, "year": year}
            )
            return
        if indicator.pk in plan.items:
            line.error(
                _("baris ganda: indikator “%(indicator)s” untuk %(unit)s tahun %(year)s sudah ada di baris %(row)s.")
                % {
                    "indicator": indicator.code,
                    "unit": unit.short_name,
                    "year": year,
                    "row": plan.items[indicator.pk].row,
                }
            )
            return
        plan.items[indicator.pk] = _IkuLine(
            row=line.number,
            order=read.order if read.order is not None else len(plan.items) + 1,
            goal=read.goal,
            indicator=indicator,
            target=read.target,
            parent_indicator=read.parent_indicator,
        )


def _iku_plans(rows: list[cells.Row], context: cells.Context) -> tuple[list[_IkuPlan], dict[ItemKey, int]]:
    """The sets of the file, checked; and the ids of the parent items in the database they derive from."""
    errors: list[RowError] = []
    reader = _Reader(context)
    for row in rows:
        line = cells.Line(row, errors)
        read = reader.read(line)
        if line.ok:
            reader.add(line, read)
    parent_items = _check_parents(reader.plans, context, errors)
    _check_deletions(reader.plans, errors)
    if errors:
        raise ImportRejected(errors)
    return list(reader.plans.values()), parent_items


def _stored_parents(stored_keys: set[tuple[int, int]]) -> tuple[dict[ItemKey, int], dict[ItemKey, Target]]:
    """The stored items of the sets `stored_keys` (unit id, year): their ids and their targets."""
    parent_items: dict[ItemKey, int] = {}
    stored_targets: dict[ItemKey, Target] = {}
    if not stored_keys:
        return parent_items, stored_targets
    stored = IkuItem.objects.filter(
        iku_set__unit_id__in={unit_id for unit_id, _year in stored_keys},
        iku_set__year__in={year for _unit_id, year in stored_keys},
    ).values_list(
        "iku_set__unit_id", "iku_set__year", "indicator_id", "pk", "target_value", "target_upper", "target_grade"
    )
    for unit_id, year, indicator_id, pk, value, upper, grade in stored:
        if (unit_id, year) in stored_keys:
            parent_items[(unit_id, year, indicator_id)] = pk
            stored_targets[(unit_id, year, indicator_id)] = Target(value=value, upper=upper, grade=grade)
    return parent_items, stored_targets


def _check_parents(
    plans: dict[tuple[int, int], _IkuPlan], context: cells.Context, errors: list[RowError]
) -> dict[ItemKey, int]:
    """Every parent indicator must be in the parent unit's IKU set of the same year.

    When the file holds that set too, the file's version is the one that counts,
    since it replaces what is stored.
    """
    wanted = {(context.parent(plan.unit).pk, plan.year) for plan in plans.values() if context.parent(plan.unit)}
    stored = _Above(wanted - plans.keys())
    for plan in plans.values():
        parent = context.parent(plan.unit)
        if parent is None:
            continue
        parent_plan = plans.get((parent.pk, plan.year))
        for item in plan.items.values():
            if item.parent_indicator is None:
                # The same indicator in the parent's IKU holds this row to its target, named or not.
                present, parent_target = stored.find(parent, plan.year, item.indicator.pk, parent_plan)
                if present:
                    item.parent_indicator = item.indicator
                    _check_not_weaker(item, parent, parent_target, errors)
                continue
            present, parent_target = stored.find(parent, plan.year, item.parent_indicator.pk, parent_plan)
            if not present:
                errors.append(RowError(item.row, stored.missing(item, parent, plan.year, parent_plan)))
            elif item.parent_indicator.pk == item.indicator.pk:
                _check_not_weaker(item, parent, parent_target, errors)
    return stored.items


class _Above:
    """The parents' stored IKU of the sets the file does not replace: their items, targets and which sets exist."""

    def __init__(self, keys: set[tuple[int, int]]):
        self.items, self.targets = _stored_parents(keys)
        units, years = {unit_id for unit_id, _year in keys}, {year for _unit_id, year in keys}
        self.sets = set(IkuSet.objects.filter(unit_id__in=units, year__in=years).values_list("unit_id", "year"))

    def find(self, parent: Unit, year: int, indicator_id: int, parent_plan) -> tuple[bool, Target | None]:
        """(present, target) of `indicator_id` in the parent's IKU of the year: the file's, else the stored."""
        if parent_plan is not None:
            found = parent_plan.items.get(indicator_id)
            return found is not None, getattr(found, "target", None)
        key = (parent.pk, year, indicator_id)
        return key in self.items, self.targets.get(key)

    def missing(self, item: _IkuLine, parent: Unit, year: int, parent_plan) -> str:
        """Why a row's parent indicator is not there: the parent has no IKU for the year yet (and who sets it),
        or its IKU does not hold that indicator."""
        if parent_plan is None and (parent.pk, year) not in self.sets:
            keepers = ", ".join(plan_keepers(parent)) or _("verifikator pusat")
            return _(
                "IKU %(unit)s tahun %(year)s belum ditetapkan; IKU unit ini diturunkan darinya, jadi tetapkan dulu "
                "IKU %(unit)s (oleh %(keepers)s), lalu impor lagi."
            ) % {"unit": parent.short_name, "year": year, "keepers": keepers}
        return _("indikator induk “%(indicator)s” tidak ada dalam IKU %(unit)s tahun %(year)s.") % {
            "indicator": item.parent_indicator.code,
            "unit": parent.short_name,
            "year": year,
        }


def _check_not_weaker(item: _IkuLine, parent: Unit, parent_target: Target, errors: list[RowError]) -> None:
    """A regional target may not be below its parent's for the same indicator."""
    indicator = item.indicator
    if weaker_than(item.target, parent_target, polarity=indicator.polarity, scale=indicator.grade_scale):
        errors.append(
            RowError(
                item.row,
                _("target %(target)s untuk “%(indicator)s” %(weaker)s target %(unit)s %(parent_target)s.")
                % {
                    "target": item.target.display(indicator.measure_unit),
                    "indicator": indicator.name,
                    "weaker": weaker_phrase(indicator.polarity),
                    "unit": parent.short_name,
                    "parent_target": parent_target.display(indicator.measure_unit),
                },
            )
        )


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
        message = _(
            "IKU “%(indicator)s” %(unit)s tahun %(year)s tidak dapat dihapus karena masih diturunkan ke IKU "
            "%(child_unit)s (%(child_code)s). Ubah dulu IKU unit tersebut, atau sertakan indikator ini dalam berkas."
        )
        params = {
            "indicator": f"{source.indicator.code} {source.indicator.name}",
            "unit": source.iku_set.unit.short_name,
            "year": source.iku_set.year,
            "child_unit": child.iku_set.unit.short_name,
            "child_code": child.iku_set.unit.code,
        }
        errors.append(RowError(None, message % params))


# --- Saving ---------------------------------------------------------------------------------------------------


def _iku_save(plans: list[_IkuPlan], parent_items: dict[ItemKey, int], context: cells.Context, *, by) -> None:
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
            summary=gettext_noop(
                "Impor IKU %(unit)s %(year)s: %(count)s indikator "
                "(%(created)s baru, %(updated)s diubah, %(deleted)s dihapus)"
            ),
            params={
                "unit": plan.unit.short_name,
                "year": plan.year,
                "count": len(plan.items),
                "created": created,
                "updated": updated,
                "deleted": len(plan.stale),
            },
            by=by,
            unit=plan.unit,
            changes=changes,
        )


def _iku_set_save(plan: _IkuPlan, known_items: dict[ItemKey, int]) -> tuple[IkuSet, dict, tuple[int, int]]:
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
