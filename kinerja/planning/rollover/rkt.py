"""The RKT of next year from this year's: each row's target from the unit's IKU of the new year;
a row whose IKU the new year dropped is removed; an IKU of the new year without a row is added
in the section of its goal."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.organisation.models import Unit
from kinerja.planning import selectors
from kinerja.planning.models import IkuItem, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.rollover._base import Change, Line, Proposal, plan_url, summary_params


def _refusal(unit: Unit, year: int, source: WorkPlan | None) -> str:
    params = {"unit": unit.short_name, "year": year, "last": year - 1}
    if source is None:
        return _("RKT %(unit)s %(last)s tidak ada; tidak ada yang dapat disalin.") % params
    if WorkPlan.objects.filter(unit=unit, year=year).exists():
        return _("RKT %(unit)s %(year)s sudah ada; ubah di halaman RKT.") % params
    return ""


def propose(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "rkt",
        unit,
        year,
        _("RKT %(unit)s %(year)s dari RKT %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=plan_url(unit, year),
    )
    source = selectors.work_plan_of(unit, last)
    proposal.refusal = _refusal(unit, year, source)
    if proposal.refusal:
        return proposal
    iku_set = selectors.iku_set_of(unit, year)
    iku_now = {item.indicator_id: item for item in selectors.items_of(iku_set)} if iku_set else {}
    iku_before = set(IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=last).values_list("indicator", flat=True))
    if iku_set is None and iku_before:
        proposal.warnings.append(
            _("IKU %(year)s belum ada: target RKT disalin apa adanya dari %(last)s; periksa sesudah IKU ditetapkan.")
            % {"year": year, "last": last}
        )
    dropped = iku_before - set(iku_now) if iku_set is not None else set()
    sections = [_carry_section(proposal, section, iku_now, dropped) for section in source.sections.all()]
    _add_new_iku(proposal, sections, iku_now)
    proposal.plan = [section for section in sections if section["rows"]]
    return proposal


def _carry_section(proposal: Proposal, plan_section: WorkPlanSection, iku_now: dict, dropped: set[int]) -> dict:
    """Last year's section in the new year, with a line per row."""
    section = {"title": plan_section.title, "activity": plan_section.activity, "rows": []}
    group = plan_section.title
    for row in plan_section.rows.all():
        label = row.indicator.name
        if row.indicator_id in dropped:
            note = _("tidak ada lagi dalam IKU %(year)s") % {"year": proposal.year}
            proposal.lines.append(Line(Change.REMOVED, label, before=row.target_display, note=note, group=group))
            continue
        target, note = row.target, ""
        item = iku_now.get(row.indicator_id)
        if item is not None and not item.target.is_empty:
            target, note = item.target, _("target IKU %(year)s") % {"year": proposal.year}
        after = target.display(row.measure_unit)
        change = Change.KEPT if after == row.target_display else Change.CHANGED
        proposal.lines.append(Line(change, label, before=row.target_display, after=after, note=note, group=group))
        section["rows"].append(
            {"output": row.output, "indicator_id": row.indicator_id, "measure_unit": row.measure_unit, "target": target}
        )
    section["covered"] = {row.indicator_id for row in plan_section.rows.all()}
    return section


def _add_new_iku(proposal: Proposal, sections: list[dict], iku_now: dict) -> None:
    """The new year's IKU that no row carries, in the section of its goal (a new one if none)."""
    covered = set().union(*(section["covered"] for section in sections)) if sections else set()
    for item in iku_now.values():
        if item.indicator_id in covered:
            continue
        note = _("IKU %(year)s") % {"year": proposal.year}
        proposal.lines.append(
            Line(Change.NEW, item.indicator.name, after=item.target_display, note=note, group=item.goal)
        )
        section = next((s for s in sections if s["title"] == item.goal), None)
        if section is None:
            section = {"title": item.goal, "activity": None, "rows": [], "covered": set()}
            sections.append(section)
        section["rows"].append(
            {
                "output": "",
                "indicator_id": item.indicator_id,
                "measure_unit": item.indicator.measure_unit,
                "target": item.target,
            }
        )


def write(proposal: Proposal, *, by) -> WorkPlan:
    work_plan = WorkPlan.objects.create(unit=proposal.unit, year=proposal.year)
    rows = []
    for order, planned in enumerate(proposal.plan, start=1):
        section = WorkPlanSection.objects.create(
            work_plan=work_plan, order=order, title=planned["title"], activity=planned["activity"]
        )
        for row_order, row in enumerate(planned["rows"], start=1):
            plan_row = WorkPlanRow(
                section=section,
                order=row_order,
                output=row["output"],
                indicator_id=row["indicator_id"],
                measure_unit=row["measure_unit"],
            )
            plan_row.set_target(row["target"])
            rows.append(plan_row)
    WorkPlanRow.objects.bulk_create(rows)
    record_change(
        obj=work_plan,
        action=Action.CREATE,
        summary=gettext_noop(
            "RKT %(unit)s %(year)s disalin dari %(last)s: %(kept)s tetap, %(changed)s berubah, "
            "%(new)s baru, %(removed)s dihapus"
        ),
        params={"unit": proposal.unit.short_name, "year": proposal.year, "last": proposal.last_year}
        | summary_params(proposal),
        by=by,
        unit=proposal.unit,
    )
    return work_plan
