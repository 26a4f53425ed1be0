"""The Renstra's missing yearly targets of a year from the year before, within one Renstra: a
year that already has a target keeps it; the first year of a Renstra is set in it, not copied."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.organisation.models import Unit
from kinerja.planning.models import PlanTarget, StrategicPlan
from kinerja.planning.rollover._base import Change, Line, Proposal, plan_url


def propose(unit: Unit, year: int) -> Proposal:
    last = year - 1
    plan = StrategicPlan.objects.filter(unit=unit, start_year__lte=year, end_year__gte=year).first()
    proposal = Proposal(
        "renstra",
        unit,
        year,
        _("Target Renstra %(unit)s %(year)s dari target %(last)s")
        % {"unit": unit.short_name, "year": year, "last": last},
        back_url=plan.get_absolute_url() if plan else plan_url(unit, year),
    )
    if plan is None:
        proposal.refusal = _("Tidak ada Renstra %(unit)s yang mencakup tahun %(year)s.") % {
            "unit": unit.short_name,
            "year": year,
        }
        return proposal
    if plan.start_year == year:
        proposal.refusal = _(
            "%(year)s adalah tahun pertama %(plan)s; targetnya ditetapkan dalam Renstra itu, bukan disalin "
            "dari Renstra sebelumnya."
        ) % {"year": year, "plan": plan}
        return proposal
    targets = PlanTarget.objects.filter(goal__plan=plan, year__in=(last, year)).select_related("goal", "indicator")
    by_key: dict[tuple[int, int], dict[int, PlanTarget]] = {}
    for target in targets.order_by("goal__number", "indicator__code"):
        by_key.setdefault((target.goal_id, target.indicator_id), {})[target.year] = target
    missing = [pair for pair in (_line(proposal, years) for years in by_key.values()) if pair is not None]
    if not missing:
        proposal.refusal = _("Semua target Renstra %(year)s sudah terisi; tidak ada yang disalin.") % {"year": year}
    proposal.plan = missing
    return proposal


def _line(proposal: Proposal, years: dict[int, PlanTarget]) -> tuple | None:
    """The line of one indicator of one goal; (last year's, this year's) when this year's is to be filled."""
    before, after = years.get(proposal.last_year), years.get(proposal.year)
    sample = before or after
    measure = sample.indicator.measure_unit
    label, group = sample.indicator.name, sample.goal.title
    if before is None:
        proposal.lines.append(Line(Change.NEW, label, after=after.target.display(measure), group=group))
        return None
    shown = before.target.display(measure)
    if after is None or after.target.is_empty:
        proposal.lines.append(Line(Change.KEPT, label, before=shown, after=shown, note=_("disalin"), group=group))
        return before, after
    now = after.target.display(measure)
    change = Change.KEPT if shown == now else Change.CHANGED
    note = _("sudah ada, tidak ditimpa")
    proposal.lines.append(Line(change, label, before=shown, after=now, note=note, group=group))
    return None


def write(proposal: Proposal, *, by) -> list[PlanTarget]:
    written = []
    for before, after in proposal.plan:
        target = after or PlanTarget(goal=before.goal, indicator=before.indicator, year=proposal.year)
        target.set_target(before.target)
        target.save()
        written.append(target)
    plan = proposal.plan[0][0].goal.plan
    record_change(
        obj=plan,
        action=Action.CREATE,
        summary=gettext_noop("Target Renstra %(year)s disalin dari %(last)s: %(count)s target"),
        params={"year": proposal.year, "last": proposal.last_year, "count": len(written)},
        by=by,
        unit=proposal.unit,
    )
    return written
