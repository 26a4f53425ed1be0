"""Next year from this year ("Salin dari tahun lalu").

For each plan object of a unit (Renstra yearly targets, IKU set, RKT, DIPA
allocations; the PK in agreements.rollover) `propose(kind, unit, year)` builds
what `year` would hold if it were copied from `year - 1`, line by line, each
line kept, changed, new or removed against last year, with the reason of a
change. Nothing is written until the operator has read that list and confirms
it: `apply` recomputes the proposal in its transaction and refuses when it is
no longer the one the operator read (`Proposal.fingerprint`). Nothing that
already exists is overwritten: the copy makes what is missing.

Where next year's values come from, in order: the Renstra target of `year`
(KPU's own IKU), the parent unit's IKU of `year` (a regional target is never
weaker than its parent's; an item the parent dropped is removed, one the parent
added is new), the unit's IKU of `year` (the RKT's targets and rows).
"""

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.formatting import format_date, format_rupiah
from kinerja.lib.i18n import rupiah
from kinerja.organisation.models import Unit
from kinerja.planning import selectors
from kinerja.planning.models import (
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
from kinerja.planning.targets import Target, weaker_than


class Change(TextChoices):
    KEPT = "kept", gettext_lazy("tetap")
    CHANGED = "changed", gettext_lazy("berubah")
    NEW = "new", gettext_lazy("baru")
    REMOVED = "removed", gettext_lazy("dihapus")


class CopyError(Exception):
    """The copy was refused; the message is for the user and nothing was written."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of the diff: what last year had (`before`) and what next year will have (`after`)."""

    change: str
    label: str
    before: str = ""
    after: str = ""
    note: str = ""
    group: str = ""  # the goal, section or party the line belongs to

    @property
    def change_label(self) -> str:
        return Change(self.change).label


@dataclasses.dataclass
class Proposal:
    """What copying `kind` of `unit` from `year - 1` into `year` would make.

    `refusal` says why it cannot be made (then `lines` may still show the
    comparison); `warnings` what the operator should know before confirming;
    `plan` is what `apply` writes, private to this module.
    """

    kind: str
    unit: Unit
    year: int
    title: str
    lines: list[Line] = dataclasses.field(default_factory=list)
    refusal: str = ""
    warnings: list[str] = dataclasses.field(default_factory=list)
    back_url: str = ""
    plan: object = None

    @property
    def last_year(self) -> int:
        return self.year - 1

    @property
    def counts(self) -> dict[str, int]:
        counts = {change.value: 0 for change in Change}
        for line in self.lines:
            counts[line.change] += 1
        return counts

    @property
    def fingerprint(self) -> str:
        """The lines as read: a confirm of another proposal than the one shown is refused."""
        data = [dataclasses.astuple(line) for line in self.lines] + [self.refusal]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]


def propose(kind: str, unit: Unit, year: int) -> Proposal:
    try:
        builder = PROPOSERS[kind][0]
    except KeyError:
        raise CopyError(_("Jenis rencana tidak dikenal.")) from None
    return builder(unit, year)


def apply(kind: str, unit: Unit, year: int, *, by, fingerprint: str, extra: dict | None = None):
    """Write the proposal that the operator read; raises CopyError (nothing written) otherwise."""
    builder, writer = PROPOSERS[kind]
    try:
        with transaction.atomic():
            # One copy at a time per unit: a double click waits here, then finds the first one's result.
            Unit.objects.select_for_update().get(pk=unit.pk)
            proposal = builder(unit, year)
            check_confirmable(proposal, fingerprint)
            return writer(proposal, by=by, **(extra or {}))
    except IntegrityError as error:
        raise CopyError(_("Data berubah selama penyalinan (mungkin oleh pengguna lain); tinjau ulang.")) from error


def check_confirmable(proposal: Proposal, fingerprint: str) -> None:
    if proposal.refusal:
        raise CopyError(proposal.refusal)
    if fingerprint != proposal.fingerprint:
        raise CopyError(_("Rencana berubah sejak Anda meninjau daftar ini (mungkin oleh pengguna lain); tinjau ulang."))


def summary_params(proposal: Proposal) -> dict:
    counts = proposal.counts
    return {
        "kept": counts[Change.KEPT],
        "changed": counts[Change.CHANGED],
        "new": counts[Change.NEW],
        "removed": counts[Change.REMOVED],
    }


def _money(amount: int | None) -> str:
    return format_rupiah(amount, language=None) if amount is not None else ""


def _plan_url(unit: Unit, year: int) -> str:
    return reverse("planning:unit", args=[unit.pk, year])


def _keepers(unit: Unit) -> str:
    return ", ".join(selectors.plan_keepers(unit)) or _("verifikator pusat")


# --- IKU --------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _NewItem:
    goal: str
    item: IkuItem | None  # last year's item, or None for one the parent added
    indicator_id: int
    target: Target
    source: IkuItem | None  # the parent's item of `year` it derives from


def renstra_targets(unit: Unit, year: int) -> dict[int, PlanTarget]:
    """The Renstra targets of `unit` for `year`, by indicator (KPU's own plan)."""
    plans = StrategicPlan.objects.filter(unit=unit, start_year__lte=year, end_year__gte=year)
    targets = PlanTarget.objects.filter(goal__plan__in=plans, year=year).select_related("indicator")
    return {target.indicator_id: target for target in targets}


def _iku(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "iku",
        unit,
        year,
        _("IKU %(unit)s %(year)s dari IKU %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=_plan_url(unit, year),
    )
    source = selectors.iku_set_of(unit, last)
    if source is None:
        proposal.refusal = _("IKU %(unit)s %(last)s tidak ada; tidak ada yang dapat disalin. Impor IKU %(year)s.") % {
            "unit": unit.short_name,
            "last": last,
            "year": year,
        }
        return proposal
    if selectors.iku_set_of(unit, year) is not None:
        proposal.refusal = _("IKU %(unit)s %(year)s sudah ada; ubah targetnya di halaman rencana.") % {
            "unit": unit.short_name,
            "year": year,
        }
        return proposal
    parent = unit.parent
    parent_set = IkuSet.objects.filter(unit=parent, year=year).first() if parent else None
    if parent is not None and parent_set is None and IkuSet.objects.filter(unit=parent, year=last).exists():
        proposal.refusal = _(
            "IKU %(parent)s %(year)s belum ditetapkan — %(who)s. IKU unit ini diturunkan darinya, "
            "jadi disalin sesudahnya."
        ) % {"parent": parent.short_name, "year": year, "who": _keepers(parent)}
        return proposal
    above = {item.indicator_id: item for item in selectors.items_of(parent_set)} if parent_set else {}
    renstra = renstra_targets(unit, year)
    planned: list[_NewItem] = []
    seen: set[int] = set()
    for item in selectors.items_of(source):
        indicator = item.indicator
        seen.add(item.indicator_id)
        measure = indicator.measure_unit
        parent_item = above.get(item.indicator_id)
        if parent_item is None and item.source is not None:
            parent_item = above.get(item.source.indicator_id)
        if item.source is not None and parent_set is not None and parent_item is None:
            proposal.lines.append(
                Line(
                    Change.REMOVED,
                    indicator.name,
                    before=item.target_display,
                    note=_("tidak ada lagi dalam IKU %(parent)s %(year)s")
                    % {"parent": parent.short_name, "year": year},
                    group=item.goal,
                )
            )
            continue
        target, note = item.target, ""
        in_renstra = renstra.get(item.indicator_id)
        if in_renstra is not None and not in_renstra.target.is_empty:
            target, note = in_renstra.target, _("target Renstra %(year)s") % {"year": year}
        same_above = above.get(item.indicator_id)
        if same_above is not None and weaker_than(
            target, same_above.target, polarity=indicator.polarity, scale=indicator.grade_scale
        ):
            target = same_above.target
            note = _("disamakan dengan target %(parent)s %(year)s") % {"parent": parent.short_name, "year": year}
        after = target.display(measure)
        change = Change.KEPT if after == item.target_display else Change.CHANGED
        proposal.lines.append(
            Line(change, indicator.name, before=item.target_display, after=after, note=note, group=item.goal)
        )
        planned.append(_NewItem(item.goal, item, item.indicator_id, target, parent_item))
    # New: what the parent added this year. An item the parent already had last
    # year and this unit did not take is left out again (a kab/kota takes only
    # some of its province's IKU).
    parent_before = set(
        IkuItem.objects.filter(iku_set__unit=parent, iku_set__year=last).values_list("indicator", flat=True)
    )
    for parent_item in above.values():
        if parent_item.indicator_id in seen or parent_item.indicator_id in parent_before:
            continue
        proposal.lines.append(
            Line(
                Change.NEW,
                parent_item.indicator.name,
                after=parent_item.target_display,
                note=_("baru dalam IKU %(parent)s %(year)s") % {"parent": parent.short_name, "year": year},
                group=parent_item.goal,
            )
        )
        planned.append(_NewItem(parent_item.goal, None, parent_item.indicator_id, parent_item.target, parent_item))
    proposal.warnings.append(
        _("IKU yang disalin belum ditetapkan: sesudah menyalin, catat nomor dan tanggal keputusannya.")
    )
    proposal.plan = planned
    return proposal


def _iku_write(proposal: Proposal, *, by) -> IkuSet:
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


# --- RKT --------------------------------------------------------------------------------------------------------


def _rkt(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "rkt",
        unit,
        year,
        _("RKT %(unit)s %(year)s dari RKT %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=_plan_url(unit, year),
    )
    source = selectors.work_plan_of(unit, last)
    if source is None:
        proposal.refusal = _("RKT %(unit)s %(last)s tidak ada; tidak ada yang dapat disalin.") % {
            "unit": unit.short_name,
            "last": last,
        }
        return proposal
    if WorkPlan.objects.filter(unit=unit, year=year).exists():
        proposal.refusal = _("RKT %(unit)s %(year)s sudah ada; ubah di halaman RKT.") % {
            "unit": unit.short_name,
            "year": year,
        }
        return proposal
    iku_now_set = selectors.iku_set_of(unit, year)
    iku_now = {item.indicator_id: item for item in selectors.items_of(iku_now_set)} if iku_now_set else {}
    iku_before = set(IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=last).values_list("indicator", flat=True))
    if iku_now_set is None and iku_before:
        proposal.warnings.append(
            _("IKU %(year)s belum ada: target RKT disalin apa adanya dari %(last)s; periksa sesudah IKU ditetapkan.")
            % {"year": year, "last": last}
        )
    sections: list[dict] = []
    covered: set[int] = set()
    for plan_section in source.sections.all():
        section = {"title": plan_section.title, "activity": plan_section.activity, "rows": []}
        for row in plan_section.rows.all():
            covered.add(row.indicator_id)
            label = row.indicator.name
            if iku_now_set is not None and row.indicator_id in iku_before and row.indicator_id not in iku_now:
                proposal.lines.append(
                    Line(
                        Change.REMOVED,
                        label,
                        before=row.target_display,
                        note=_("tidak ada lagi dalam IKU %(year)s") % {"year": year},
                        group=plan_section.title,
                    )
                )
                continue
            target, note = row.target, ""
            if row.indicator_id in iku_now and not iku_now[row.indicator_id].target.is_empty:
                target, note = iku_now[row.indicator_id].target, _("target IKU %(year)s") % {"year": year}
            after = target.display(row.measure_unit)
            change = Change.KEPT if after == row.target_display else Change.CHANGED
            proposal.lines.append(
                Line(change, label, before=row.target_display, after=after, note=note, group=plan_section.title)
            )
            section["rows"].append(
                {
                    "output": row.output,
                    "indicator_id": row.indicator_id,
                    "measure_unit": row.measure_unit,
                    "target": target,
                }
            )
        sections.append(section)
    for item in iku_now.values():
        if item.indicator_id in covered:
            continue
        proposal.lines.append(
            Line(
                Change.NEW,
                item.indicator.name,
                after=item.target_display,
                note=_("IKU %(year)s") % {"year": year},
                group=item.goal,
            )
        )
        section = next((s for s in sections if s["title"] == item.goal), None)
        if section is None:
            section = {"title": item.goal, "activity": None, "rows": []}
            sections.append(section)
        section["rows"].append(
            {
                "output": "",
                "indicator_id": item.indicator_id,
                "measure_unit": item.indicator.measure_unit,
                "target": item.target,
            }
        )
    proposal.plan = [section for section in sections if section["rows"]]
    return proposal


def _rkt_write(proposal: Proposal, *, by) -> WorkPlan:
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


# --- DIPA -------------------------------------------------------------------------------------------------------


def _dipa(unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "dipa",
        unit,
        year,
        _("Pagu DIPA %(unit)s %(year)s dari DIPA %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=_plan_url(unit, year),
    )
    source = selectors.dipa_of(unit, last)
    if source is None or not source.allocations.all():
        proposal.refusal = _("DIPA %(unit)s %(last)s tidak berisi pagu; tidak ada yang dapat disalin.") % {
            "unit": unit.short_name,
            "last": last,
        }
        return proposal
    existing = selectors.dipa_of(unit, year)
    if existing is not None and existing.allocations.all():
        proposal.refusal = _(
            "DIPA %(unit)s %(year)s sudah berisi pagu yang disahkan %(date)s; ubah lewat impor DIPA."
        ) % {"unit": unit.short_name, "year": year, "date": format_date(existing.ratified_on, language=None)}
        return proposal
    for allocation in source.allocations.all():
        label = (
            f"{allocation.activity.code} {allocation.activity.name}"
            if allocation.activity
            else f"{allocation.program.name} ({allocation.program.code})"
        )
        amount = _money(allocation.amount)
        proposal.lines.append(Line(Change.KEPT, label, before=amount, after=amount, group=allocation.program.code))
    proposal.warnings.append(
        _(
            "Pagu disalin dari DIPA %(last)s sebagai rancangan. Sesuaikan dengan DIPA %(year)s yang disahkan "
            "(ekspor, ubah, impor ulang) sebelum PK disusun."
        )
        % {"last": last, "year": year}
    )
    proposal.plan = {"existing": existing, "allocations": list(source.allocations.all())}
    return proposal


def needs_dipa_header(proposal: Proposal) -> bool:
    return proposal.kind == "dipa" and not proposal.refusal and proposal.plan["existing"] is None


def _dipa_write(proposal: Proposal, *, by, number: str = "", ratified_on: datetime.date | None = None) -> Dipa:
    dipa = proposal.plan["existing"]
    year = proposal.year
    if dipa is None:
        if ratified_on is None:
            raise CopyError(_("Isi tanggal pengesahan DIPA %(year)s.") % {"year": year})
        if ratified_on.year not in (year - 1, year):
            raise CopyError(
                _("Tanggal pengesahan DIPA %(year)s harus pada tahun %(last)s atau %(year)s.")
                % {"year": year, "last": year - 1}
            )
        dipa = Dipa(unit=proposal.unit, year=year, number=number, ratified_on=ratified_on)
        dipa.full_clean()
        dipa.save()
    DipaAllocation.objects.bulk_create(
        DipaAllocation(dipa=dipa, program=allocation.program, activity=allocation.activity, amount=allocation.amount)
        for allocation in proposal.plan["allocations"]
    )
    total = sum(allocation.amount for allocation in proposal.plan["allocations"])
    record_change(
        obj=dipa,
        action=Action.CREATE,
        summary=gettext_noop("Pagu DIPA %(unit)s %(year)s disalin dari %(last)s: %(count)s pagu, total %(total)s"),
        params={
            "unit": proposal.unit.short_name,
            "year": year,
            "last": proposal.last_year,
            "count": len(proposal.plan["allocations"]),
            "total": rupiah(total),
        },
        by=by,
        unit=proposal.unit,
    )
    return dipa


# --- Renstra yearly targets -------------------------------------------------------------------------------------


def _renstra(unit: Unit, year: int) -> Proposal:
    last = year - 1
    plan = StrategicPlan.objects.filter(unit=unit, start_year__lte=year, end_year__gte=year).first()
    proposal = Proposal(
        "renstra",
        unit,
        year,
        _("Target Renstra %(unit)s %(year)s dari target %(last)s")
        % {"unit": unit.short_name, "year": year, "last": last},
        back_url=plan.get_absolute_url() if plan else _plan_url(unit, year),
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
    missing = []
    for years in by_key.values():
        before, after = years.get(last), years.get(year)
        sample = before or after
        measure = sample.indicator.measure_unit
        label, group = sample.indicator.name, sample.goal.title
        if before is None:
            proposal.lines.append(Line(Change.NEW, label, after=after.target.display(measure), group=group))
        elif after is None or after.target.is_empty:
            proposal.lines.append(
                Line(
                    Change.KEPT,
                    label,
                    before=before.target.display(measure),
                    after=before.target.display(measure),
                    note=_("disalin"),
                    group=group,
                )
            )
            missing.append((before, after))
        else:
            shown_before, shown_after = before.target.display(measure), after.target.display(measure)
            change = Change.KEPT if shown_before == shown_after else Change.CHANGED
            proposal.lines.append(
                Line(
                    change,
                    label,
                    before=shown_before,
                    after=shown_after,
                    note=_("sudah ada, tidak ditimpa"),
                    group=group,
                )
            )
    if not missing:
        proposal.refusal = _("Semua target Renstra %(year)s sudah terisi; tidak ada yang disalin.") % {"year": year}
    proposal.plan = missing
    return proposal


def _renstra_write(proposal: Proposal, *, by) -> list[PlanTarget]:
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


PROPOSERS: dict[str, tuple[Callable, Callable]] = {
    "renstra": (_renstra, _renstra_write),
    "iku": (_iku, _iku_write),
    "rkt": (_rkt, _rkt_write),
    "dipa": (_dipa, _dipa_write),
}
