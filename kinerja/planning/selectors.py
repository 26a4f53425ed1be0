"""Reads of the plan: the cascade check, review status, a unit's plan for a year."""

import dataclasses
import datetime

from django.db.models import Max, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.models import ChangeRecord
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Membership, Role, Unit, UnitKind
from kinerja.planning.models import (
    Decree,
    Dipa,
    DipaAllocation,
    IkuItem,
    IkuSet,
    PlanTarget,
    StrategicPlan,
    WorkPlan,
    WorkPlanRow,
    WorkPlanSection,
)
from kinerja.planning.targets import weaker_phrase, weaker_than


@dataclasses.dataclass(frozen=True)
class CascadeFinding:
    """A regional target below the parent's target for the same indicator."""

    item: IkuItem
    parent_item: IkuItem

    @property
    def message(self) -> str:
        return _("Baris %(order)s “%(indicator)s”: target %(target)s %(weaker)s target %(unit)s %(parent_target)s.") % {
            "order": self.item.order,
            "indicator": self.item.indicator.name,
            "target": self.item.target_display,
            "weaker": weaker_phrase(self.item.indicator.polarity),
            "unit": self.parent_item.iku_set.unit.short_name,
            "parent_target": self.parent_item.target_display,
        }


def items_of(iku_set: IkuSet) -> QuerySet[IkuItem]:
    return iku_set.items.select_related("indicator", "source__indicator", "source__iku_set__unit")


def cascade_findings(iku_set: IkuSet) -> list[CascadeFinding]:
    """Every item of `iku_set` whose target asks less than the item it derives from.

    Only items derived from the same indicator are compared: a derived but
    different indicator may be measured on another basis.
    """
    findings = []
    above = _items_above(iku_set)
    for item in items_of(iku_set):
        parent = item.source if item.source is not None and item.source.indicator_id == item.indicator_id else None
        parent = parent or above.get(item.indicator_id)
        if parent is None:
            continue
        indicator = item.indicator
        if weaker_than(item.target, parent.target, polarity=indicator.polarity, scale=indicator.grade_scale):
            findings.append(CascadeFinding(item=item, parent_item=parent))
    return findings


def _items_above(iku_set: IkuSet) -> dict[int, IkuItem]:
    """The items of the parent unit's IKU set of the same year, by indicator."""
    parent = parent_iku_set(iku_set)
    if parent is None:
        return {}
    return {item.indicator_id: item for item in items_of(parent)}


def same_indicator_above(item: IkuItem) -> IkuItem | None:
    """The item a regional item is held to: its source when that is the same indicator, else the
    parent unit's item of the same indicator and year (whether or not the item names it)."""
    if item.source is not None and item.source.indicator_id == item.indicator_id:
        return item.source
    return _items_above(item.iku_set).get(item.indicator_id)


def plan_years(current: int | None = None) -> list[int]:
    """The years a plan page's selector offers, newest first: every year with a plan, the
    default year, next year (to start it) and `current` (the year shown)."""
    years = set(IkuSet.objects.values_list("year", flat=True).distinct())
    years |= set(Dipa.objects.values_list("year", flat=True).distinct())
    years |= set(WorkPlan.objects.values_list("year", flat=True).distinct())
    base = default_year()
    years |= {base, base + 1} | ({current} if current else set())
    return sorted(years, reverse=True)


def last_year_plans(unit: Unit, year: int) -> dict[str, bool]:
    """Which of `unit`'s plans of `year - 1` exist, so that its plan page for `year` offers to copy them."""
    last = year - 1
    return {
        "iku": IkuSet.objects.filter(unit=unit, year=last).exists(),
        "dipa": DipaAllocation.objects.filter(dipa__unit=unit, dipa__year=last).exists(),
        "rkt": WorkPlan.objects.filter(unit=unit, year=last).exists(),
    }


def parent_plan_state(unit: Unit, year: int) -> dict | None:
    """What `unit`'s plan for `year` waits for from the unit above: its IKU set, and who sets it; None at the top."""
    parent = unit.parent
    if parent is None:
        return None
    return {
        "unit": parent,
        "iku_set": iku_set_of(parent, year),
        "keepers": plan_keepers(parent),
        "url": reverse("planning:unit", args=[parent.pk, year]),
    }


def plan_keepers(unit: Unit, *, at_most: int = 3) -> list[str]:
    """The user names of those who set `unit`'s plan: its operators and pimpinan, or, when it has
    none, KPU's central verifiers (who may set any unit's plan)."""
    own = Membership.objects.filter(unit=unit, role__in=(Role.OPERATOR, Role.LEADER))
    central = Membership.objects.filter(role=Role.CENTRAL_VERIFIER)
    for members in (own, central):
        names = list(members.order_by("user__username").values_list("user__username", flat=True).distinct())
        if names:
            return names[:at_most]
    return []


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
    return Dipa.objects.filter(unit=unit, year=year).annotate(allocated=Sum("allocations__amount")).first()


def iku_items(unit: Unit, year: int) -> list[IkuItem]:
    """The IKU of a unit for a year, with their indicators, in one query."""
    return list(
        IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=year)
        .select_related("indicator", "iku_set__unit")
        .order_by("order", "pk")
    )


def default_year() -> int:
    """The year every page opens on when none is asked: the latest year with a
    plan (an IKU set or a DIPA), else this year. A PK is drawn up from its plan,
    so a single early draft of a later year does not move every page."""
    latest = max(IkuSet.objects.aggregate(m=Max("year"))["m"] or 0, Dipa.objects.aggregate(m=Max("year"))["m"] or 0)
    return latest or timezone.localdate().year


def iku_set_of(unit: Unit, year: int) -> IkuSet | None:
    return IkuSet.objects.filter(unit=unit, year=year).select_related("decree").first()


def memberships_by_unit(user) -> list[Membership]:
    """The user's roles, in the order of the units."""
    return sorted(organisation_access.memberships_of(user), key=lambda membership: membership.unit.sort_key)


def provinces_verified_by(user) -> QuerySet[Unit]:
    return Unit.objects.filter(pk__in=organisation_access.verified_province_ids(user))


def national_overview(today: datetime.date) -> dict:
    """What a central verifier or an admin sees first: Renstra, national IKU and decrees, overdue reviews."""
    overdue = overdue_reviews(today)
    return {
        "plans": StrategicPlan.objects.select_related("unit"),
        "national_sets": IkuSet.objects.filter(unit__kind=UnitKind.KPU).select_related("decree"),
        "overdue": overdue[:200],
        "overdue_count": overdue.count(),
        "decrees": Decree.objects.filter(unit__kind=UnitKind.KPU).select_related("unit")[:50],
    }


def renstra_goals(plan: StrategicPlan) -> list[dict]:
    """The goals of a Renstra, each with its indicators and their targets per year of the plan."""
    goals = []
    for goal in plan.goals.prefetch_related("targets__indicator"):
        by_indicator: dict = {}
        for target in goal.targets.all():
            by_indicator.setdefault(target.indicator, {})[target.year] = target.target.display(
                target.indicator.measure_unit
            )
        goals.append(
            {
                "goal": goal,
                "indicators": [
                    {"indicator": indicator, "targets": [targets.get(year, "") for year in plan.years]}
                    for indicator, targets in by_indicator.items()
                ],
            }
        )
    return goals


def renstra_years_to_fill(plan: StrategicPlan) -> list[int]:
    """The years of a Renstra after its first that lack a target the year before has."""
    have: dict[int, set] = {year: set() for year in plan.years}
    for goal_id, indicator_id, year in PlanTarget.objects.filter(goal__plan=plan).values_list(
        "goal", "indicator", "year"
    ):
        if year in have:
            have[year].add((goal_id, indicator_id))
    return [year for year in plan.years[1:] if have[year - 1] - have[year]]


def unit_history(unit: Unit, year: int, *, limit: int = 20) -> QuerySet[ChangeRecord]:
    """The latest changes of the unit's plan for `year` (its IKU set and items, decree, DIPA, RKT), newest first."""
    iku_sets = IkuSet.objects.filter(unit=unit, year=year)
    objects = {
        "planning.ikuset": iku_sets.values_list("pk", flat=True),
        "planning.ikuitem": IkuItem.objects.filter(iku_set__in=iku_sets).values_list("pk", flat=True),
        "planning.decree": iku_sets.exclude(decree=None).values_list("decree_id", flat=True),
        "planning.dipa": Dipa.objects.filter(unit=unit, year=year).values_list("pk", flat=True),
        "planning.workplan": WorkPlan.objects.filter(unit=unit, year=year).values_list("pk", flat=True),
    }
    wanted = Q(pk__in=[])
    for object_type, ids in objects.items():
        wanted |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    return ChangeRecord.objects.filter(wanted, unit=unit).select_related("by")[:limit]
