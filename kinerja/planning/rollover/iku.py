"""The IKU set of next year from this year's: each target from the Renstra of the year (KPU's own
IKU), never weaker than the parent's new IKU; an item the parent dropped is removed, one the
parent added this year is new."""

import dataclasses

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.organisation.models import Unit
from kinerja.planning import selectors
from kinerja.planning.models import IkuItem, IkuSet, PlanTarget, StrategicPlan
from kinerja.planning.rollover._base import Change, Line, Proposal, keepers, plan_url, summary_params
from kinerja.planning.targets import Target, weaker_than


@dataclasses.dataclass
class _NewItem:
    goal: str
    indicator_id: int
    target: Target
    source: IkuItem | None  # the parent's item of the new year it derives from


@dataclasses.dataclass
class _Above:
    """The parent unit and its IKU set of the new year, by indicator."""

    unit: Unit | None
    items: dict[int, IkuItem]
    year: int

    @property
    def name(self) -> dict:
        return {"parent": self.unit.short_name if self.unit else "", "year": self.year}


def renstra_targets(unit: Unit, year: int) -> dict[int, PlanTarget]:
    """The Renstra targets of `unit` for `year`, by indicator (KPU's own plan)."""
    plans = StrategicPlan.objects.filter(unit=unit, start_year__lte=year, end_year__gte=year)
    targets = PlanTarget.objects.filter(goal__plan__in=plans, year=year).select_related("indicator")
    return {target.indicator_id: target for target in targets}


def _refusal(unit: Unit, year: int, source: IkuSet | None) -> str:
    params = {"unit": unit.short_name, "year": year, "last": year - 1}
    if source is None:
        return _("IKU %(unit)s %(last)s tidak ada; tidak ada yang dapat disalin. Impor IKU %(year)s.") % params
    if selectors.iku_set_of(unit, year) is not None:
        return _("IKU %(unit)s %(year)s sudah ada; ubah targetnya di halaman rencana.") % params
    parent = unit.parent
    if (
        parent is not None
        and not IkuSet.objects.filter(unit=parent, year=year).exists()
        and IkuSet.objects.filter(unit=parent, year=year - 1).exists()
    ):
        return _(
            "IKU %(parent)s %(year)s belum ditetapkan — %(who)s. IKU unit ini diturunkan darinya, "
            "jadi disalin sesudahnya."
        ) % {"parent": parent.short_name, "year": year, "who": keepers(parent)}
    return ""


def propose(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "iku",
        unit,
        year,
        _("IKU %(unit)s %(year)s dari IKU %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=plan_url(unit, year),
    )
    source = selectors.iku_set_of(unit, last)
    proposal.refusal = _refusal(unit, year, source)
    if proposal.refusal:
        return proposal
    parent_set = IkuSet.objects.filter(unit=unit.parent, year=year).first() if unit.parent else None
    above = _Above(unit.parent, {i.indicator_id: i for i in selectors.items_of(parent_set)} if parent_set else {}, year)
    renstra = renstra_targets(unit, year)
    planned: list[_NewItem] = []
    for item in selectors.items_of(source):
        carried = _carry(proposal, item, above, renstra, parent_set is not None)
        if carried is not None:
            planned.append(carried)
    planned += _added_by_parent(proposal, source, above)
    proposal.warnings.append(
        _("IKU yang disalin belum ditetapkan: sesudah menyalin, catat nomor dan tanggal keputusannya.")
    )
    proposal.plan = planned
    return proposal


def _carry(proposal: Proposal, item: IkuItem, above: _Above, renstra: dict, parent_has_set: bool) -> _NewItem | None:
    """Last year's `item` in the new year, with its line; None (a removed line) when the parent dropped it."""
    indicator = item.indicator
    parent_item = above.items.get(item.indicator_id)
    if parent_item is None and item.source is not None:
        parent_item = above.items.get(item.source.indicator_id)
    if item.source is not None and parent_has_set and parent_item is None:
        note = _("tidak ada lagi dalam IKU %(parent)s %(year)s") % above.name
        proposal.lines.append(
            Line(Change.REMOVED, indicator.name, before=item.target_display, note=note, group=item.goal)
        )
        return None
    target, note = item.target, ""
    in_renstra = renstra.get(item.indicator_id)
    if in_renstra is not None and not in_renstra.target.is_empty:
        target, note = in_renstra.target, _("target Renstra %(year)s") % {"year": proposal.year}
    same = above.items.get(item.indicator_id)
    if same is not None and weaker_than(target, same.target, polarity=indicator.polarity, scale=indicator.grade_scale):
        target, note = same.target, _("disamakan dengan target %(parent)s %(year)s") % above.name
    after = target.display(indicator.measure_unit)
    change = Change.KEPT if after == item.target_display else Change.CHANGED
    proposal.lines.append(
        Line(change, indicator.name, before=item.target_display, after=after, note=note, group=item.goal)
    )
    return _NewItem(item.goal, item.indicator_id, target, parent_item)


def _added_by_parent(proposal: Proposal, source: IkuSet, above: _Above) -> list[_NewItem]:
    """What the parent added this year. An item the parent already had last year and this unit
    did not take is left out again (a kab/kota takes only some of its province's IKU)."""
    taken = set(source.items.values_list("indicator", flat=True))
    before = set(
        IkuItem.objects.filter(iku_set__unit=above.unit, iku_set__year=above.year - 1).values_list(
            "indicator", flat=True
        )
    )
    added = []
    for parent_item in above.items.values():
        if parent_item.indicator_id in taken | before:
            continue
        note = _("baru dalam IKU %(parent)s %(year)s") % above.name
        proposal.lines.append(
            Line(
                Change.NEW,
                parent_item.indicator.name,
                after=parent_item.target_display,
                note=note,
                group=parent_item.goal,
            )
        )
        added.append(_NewItem(parent_item.goal, parent_item.indicator_id, parent_item.target, parent_item))
    return added


def write(proposal: Proposal, *, by) -> IkuSet:
    iku_set = IkuSet.objects.create(unit=proposal.unit, year=proposal.year)
    items = []
    for order, planned in enumerate(proposal.plan, start=1):
        item = IkuItem(
            iku_set=iku_set, order=order, goal=planned.goal, indicator_id=planned.indicator_id, source=planned.source
        )
        item.set_target(planned.target)
        items.append(item)
    IkuItem.objects.bulk_create(items)
    record_change(
        obj=iku_set,
        action=Action.CREATE,
        summary=gettext_noop(
            "IKU %(unit)s %(year)s disalin dari %(last)s: %(kept)s tetap, %(changed)s berubah, "
            "%(new)s baru, %(removed)s dihapus"
        ),
        params={"unit": proposal.unit.short_name, "year": proposal.year, "last": proposal.last_year}
        | summary_params(proposal),
        by=by,
        unit=proposal.unit,
    )
    return iku_set
