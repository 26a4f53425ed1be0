"""Reads of the plan: the cascade check, review status, a unit's plan for a year."""

import dataclasses
import datetime

from django.db.models import Prefetch, QuerySet

from kinerja.organisation.models import Unit, UnitKind
from kinerja.planning.models import Dipa, DipaAllocation, IkuItem, IkuSet, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.targets import weaker_than


@dataclasses.dataclass(frozen=True)
class CascadeFinding:
    """A regional target below the parent's target for the same indicator."""

    item: IkuItem
    parent_item: IkuItem

    @property
    def message(self) -> str:
        return (
            f"Baris {self.item.order} “{self.item.indicator.name}”: target {self.item.target_display} "
            f"di bawah target {self.parent_item.iku_set.unit.short_name} {self.parent_item.target_display}."
        )


def items_of(iku_set: IkuSet) -> QuerySet[IkuItem]:
    return iku_set.items.select_related("indicator", "source__indicator", "source__iku_set__unit")


def cascade_findings(iku_set: IkuSet) -> list[CascadeFinding]:
    """Every item of `iku_set` whose target asks less than the item it derives from.

    Only items derived from the same indicator are compared: a derived but
    different indicator may be measured on another basis.
    """
    findings = []
    for item in items_of(iku_set):
        parent = item.source
        if parent is None or parent.indicator_id != item.indicator_id:
            continue
        indicator = item.indicator
        if weaker_than(item.target, parent.target, polarity=indicator.polarity, scale=indicator.grade_scale):
            findings.append(CascadeFinding(item=item, parent_item=parent))
    return findings


def parent_iku_set(iku_set: IkuSet) -> IkuSet | None:
    """The IKU set of the unit one level up in the cascade, same year."""
    parent_unit = iku_set.unit.parent
    if parent_unit is None:
        return None
    return IkuSet.objects.filter(unit=parent_unit, year=iku_set.year).first()


def overdue_reviews(today: datetime.date) -> QuerySet[IkuSet]:
    """IKU sets whose periodic review date has passed, oldest first."""
    return (
        IkuSet.objects.filter(review_due__lt=today)
        .select_related("unit", "decree")
        .order_by("review_due", "unit__sort_key")
    )


def regency_iku_status(province: Unit, year: int) -> list[dict]:
    """For each kab/kota of a province: its IKU set for `year`, decree and findings count."""
    regencies = Unit.objects.filter(province=province, kind=UnitKind.REGENCY).order_by("sort_key")
    sets = {
        iku_set.unit_id: iku_set
        for iku_set in IkuSet.objects.filter(unit__in=regencies, year=year).select_related("decree")
    }
    rows = []
    for unit in regencies:
        iku_set = sets.get(unit.pk)
        rows.append(
            {
                "unit": unit,
                "iku_set": iku_set,
                "findings": len(cascade_findings(iku_set)) if iku_set else 0,
            }
        )
    return rows


def dipa_of(unit: Unit, year: int) -> Dipa | None:
    return (
        Dipa.objects.filter(unit=unit, year=year)
        .prefetch_related(
            Prefetch("allocations", queryset=DipaAllocation.objects.select_related("program", "activity"))
        )
        .first()
    )


def work_plan_of(unit: Unit, year: int) -> WorkPlan | None:
    return (
        WorkPlan.objects.filter(unit=unit, year=year)
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=WorkPlanSection.objects.select_related("activity").prefetch_related(
                    Prefetch("rows", queryset=WorkPlanRow.objects.select_related("indicator"))
                ),
            )
        )
        .first()
    )


def dipa_summary(unit: Unit, year: int) -> Dipa | None:
    """A unit's DIPA for a year with its total as `allocated`, in one query."""
    from django.db.models import Sum

    return Dipa.objects.filter(unit=unit, year=year).annotate(allocated=Sum("allocations__amount")).first()


def iku_items(unit: Unit, year: int) -> list[IkuItem]:
    """The IKU of a unit for a year, with their indicators, in one query."""
    return list(
        IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=year)
        .select_related("indicator", "iku_set__unit")
        .order_by("order", "pk")
    )
