"""Next year's PK from this year's ("Salin dari tahun lalu"), reviewed before it is made.

The sections, rows and budget of last year's PK (its latest version) are the
starting point; next year's plan corrects them: a row's target becomes the
target of the same indicator in the RKT, else the IKU, of the new year; a row
whose indicator the new plan dropped is removed; an indicator the new plan
carries and last year's PK did not is added; the budget is the new DIPA's, one
line per program; the parties are the officials in office. Every such
difference is a line of the list the operator reads before confirming
(planning.rollover.Proposal); nothing is copied silently.
"""

import dataclasses

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements import drafting, texts
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section, Status
from kinerja.agreements.services import officials_date, statement_texts
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.organisation.models import Unit
from kinerja.planning import selectors as planning_selectors
from kinerja.planning.models import IkuItem, WorkPlanRow
from kinerja.planning.rollover import Change, CopyError, Line, Proposal, check_confirmable, money, summary_params


@dataclasses.dataclass
class _PlannedRow:
    output: str
    letter: str
    indicator_id: int | None
    indicator_text: str
    target: str
    measure_unit: str


@dataclasses.dataclass
class _PlannedSection:
    title: str
    code: str = ""
    activity_id: int | None = None
    rows: list[_PlannedRow] = dataclasses.field(default_factory=list)
    seen: set[int] = dataclasses.field(default_factory=set)  # the indicators of last year's section


def _shown(target: str, measure_unit: str) -> str:
    return f"{target} {measure_unit}".strip()


def _plan_rows(unit: Unit, year: int) -> tuple[dict[int, tuple], bool]:
    """The targets of `year`'s plan by indicator: (target text, measure unit, where, goal or section title),
    the RKT first, then the IKU; and whether the unit has any plan of `year`."""
    rows: dict[int, tuple] = {}
    plan_rows = WorkPlanRow.objects.filter(section__work_plan__unit=unit, section__work_plan__year=year)
    for row in plan_rows.select_related("indicator", "section").order_by("section__order", "order"):
        rows.setdefault(
            row.indicator_id,
            (row.target.display(), row.measure_unit, _("target RKT %(year)s") % {"year": year}, row.section.title, row),
        )
    items = IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=year).select_related("indicator")
    for item in items.order_by("order", "pk"):
        rows.setdefault(
            item.indicator_id,
            (
                item.target.display(),
                item.indicator.measure_unit,
                _("target IKU %(year)s") % {"year": year},
                item.goal,
                item,
            ),
        )
    return rows, bool(rows)


def _planned_indicators(unit: Unit, year: int) -> set[int]:
    rkt = WorkPlanRow.objects.filter(section__work_plan__unit=unit, section__work_plan__year=year)
    iku = IkuItem.objects.filter(iku_set__unit=unit, iku_set__year=year)
    return set(rkt.values_list("indicator", flat=True)) | set(iku.values_list("indicator", flat=True))


def source_agreement(unit: Unit, year: int) -> Agreement | None:
    """Last year's PK to copy: its latest version that left the draft, else its latest version."""
    versions = Agreement.objects.filter(unit=unit, year=year).order_by("-version")
    return versions.exclude(status=Status.DRAFT).first() or versions.first()


def propose(kind: str, unit: Unit, year: int) -> Proposal:
    last = year - 1
    proposal = Proposal(
        "pk",
        unit,
        year,
        _("PK %(unit)s %(year)s dari PK %(last)s") % {"unit": unit.short_name, "year": year, "last": last},
        back_url=reverse("agreements:list"),
    )
    existing = Agreement.objects.filter(unit=unit, year=year).order_by("-version").first()
    if existing is not None:
        proposal.refusal = _("%(agreement)s sudah ada; buka dan ubah PK itu.") % {"agreement": existing}
        proposal.back_url = existing.get_absolute_url()
        return proposal
    source = source_agreement(unit, last)
    if source is None:
        proposal.refusal = _("PK %(unit)s %(last)s tidak ada; tidak ada yang dapat disalin. Gunakan “Susun PK”.") % {
            "unit": unit.short_name,
            "last": last,
        }
        return proposal
    if source.status == Status.DRAFT:
        proposal.warnings.append(
            _("%(agreement)s masih draf; yang disalin adalah isinya saat ini.") % {"agreement": source}
        )
    plan, has_plan = _plan_rows(unit, year)
    before = _planned_indicators(unit, last)
    if not has_plan:
        proposal.warnings.append(
            _("IKU dan RKT %(year)s belum ada: target disalin dari PK %(last)s apa adanya; periksa sebelum final.")
            % {"year": year, "last": last}
        )
    sections = [
        _carry_section(proposal, section, plan, has_plan, before)
        for section in source.sections.prefetch_related("rows")
    ]
    _add_planned(proposal, sections, plan)
    budget = _budget(proposal, source, unit, year)
    parties = _parties(proposal, source, unit, year)
    proposal.plan = {"sections": [s for s in sections if s.rows], "budget": budget, "parties": parties}
    return proposal


def _carry_section(proposal: Proposal, section: Section, plan: dict, has_plan: bool, before: set) -> _PlannedSection:
    """Last year's section in the new PK, each row with the new plan's target, or removed."""
    planned = _PlannedSection(section.title, section.code, section.activity_id)
    group = f"{section.number}. {section.title}" if section.number else section.title
    year, last = proposal.year, proposal.last_year
    for row in section.rows.all():
        old = _shown(row.target, row.measure_unit)
        in_plan = plan.get(row.indicator_id) if row.indicator_id else None
        if row.indicator_id is not None:
            planned.seen.add(row.indicator_id)
        if in_plan is None and has_plan and row.indicator_id in before:
            note = _("tidak ada lagi dalam IKU/RKT %(year)s") % {"year": year}
            proposal.lines.append(Line(Change.REMOVED, row.indicator_text, before=old, note=note, group=group))
            continue
        target, measure, note = row.target, row.measure_unit, ""
        if in_plan is not None:
            target, measure, note = in_plan[0], in_plan[1] or row.measure_unit, in_plan[2]
        elif has_plan:
            note = _("tidak ada dalam rencana %(year)s; target %(last)s, periksa") % {"year": year, "last": last}
        new = _shown(target, measure)
        change = Change.KEPT if new == old else Change.CHANGED
        proposal.lines.append(Line(change, row.indicator_text, before=old, after=new, note=note, group=group))
        planned.rows.append(_PlannedRow(row.output, row.letter, row.indicator_id, row.indicator_text, target, measure))
    return planned


def _add_planned(proposal: Proposal, sections: list[_PlannedSection], plan: dict) -> None:
    """The new plan's indicators that last year's PK did not carry, in the section of their goal."""
    seen = set().union(*(section.seen for section in sections)) if sections else set()
    for indicator_id, (target, measure, where, title, origin) in plan.items():
        if indicator_id in seen:
            continue
        name = origin.indicator.name
        proposal.lines.append(Line(Change.NEW, name, after=_shown(target, measure), note=where, group=title))
        planned = next((s for s in sections if s.title == title), None)
        if planned is None:
            planned = _PlannedSection(title)
            sections.append(planned)
        planned.rows.append(_PlannedRow(getattr(origin, "output", ""), "", indicator_id, name, target, measure))


def _budget(proposal: Proposal, source: Agreement, unit: Unit, year: int) -> list[tuple]:
    """The budget lines of the new PK: the new DIPA's program totals; none when there is no DIPA yet."""
    group = _("Anggaran")
    dipa = planning_selectors.dipa_of(unit, year)
    totals: dict[str, list] = {}
    if dipa is not None:
        for allocation in dipa.allocations.all():
            line = totals.setdefault(allocation.program.code, [allocation.program, 0])
            line[1] += allocation.amount
    old = {line.program_code or line.program_name: line for line in source.budget_lines.all()}
    planned = []
    for key, line in old.items():
        before = money(line.amount)
        if dipa is None:
            proposal.lines.append(
                Line(
                    Change.CHANGED,
                    line.program_name,
                    before=before,
                    after="",
                    note=_("DIPA %(year)s belum ada: anggaran dikosongkan") % {"year": year},
                    group=group,
                )
            )
            planned.append((line.program_id, line.program_name, line.program_code, None))
        elif key not in totals:
            proposal.lines.append(
                Line(
                    Change.REMOVED,
                    line.program_name,
                    before=before,
                    note=_("tidak ada dalam DIPA %(year)s") % {"year": year},
                    group=group,
                )
            )
    for code, (program, amount) in totals.items():
        after = money(amount)
        if code in old:
            before = money(old[code].amount)
            change = Change.KEPT if before == after else Change.CHANGED
        else:
            before, change = "", Change.NEW
        proposal.lines.append(
            Line(
                change, program.name, before=before, after=after, note=_("DIPA %(year)s") % {"year": year}, group=group
            )
        )
        planned.append((program.pk, program.name, program.code, amount))
    return planned


def _parties(proposal: Proposal, source: Agreement, unit: Unit, year: int) -> dict:
    parties = drafting.parties(unit, officials_date(year))
    group = _("Para pihak")
    sides = [(_("Pihak Pertama"), "first_party")]
    if parties["has_second_party"]:
        sides.append((_("Pihak Kedua"), "second_party"))
    for label, side in sides:
        before = ", ".join(p for p in (getattr(source, f"{side}_name"), getattr(source, f"{side}_position")) if p)
        after = ", ".join(p for p in (parties[f"{side}_name"], parties[f"{side}_position"]) if p)
        note = _("pejabat yang menjabat") if after else _("belum ada pejabat tercatat; isi di PK")
        proposal.lines.append(
            Line(
                Change.KEPT if before == after else Change.CHANGED,
                label,
                before=before,
                after=after,
                note=note,
                group=group,
            )
        )
    return parties


def apply(kind: str, unit: Unit, year: int, *, by, fingerprint: str, extra: dict | None = None) -> Agreement:
    """Make the PK the operator read; raises CopyError (nothing written) otherwise."""
    with transaction.atomic():
        # One draft at a time per unit, as agreement_draft: a double click waits, then is refused.
        Unit.objects.select_for_update().get(pk=unit.pk)
        proposal = propose(kind, unit, year)
        check_confirmable(proposal, fingerprint)
        plan = proposal.plan
        agreement = Agreement.objects.create(
            unit=unit,
            year=year,
            opening=texts.OPENING,
            paragraphs=statement_texts(unit),
            **plan["parties"],
            signed_place=unit.place,
            created_by=by,
        )
        _write_sections(agreement, plan["sections"])
        BudgetLine.objects.bulk_create(
            BudgetLine(
                agreement=agreement,
                order=order,
                program_id=program_id,
                program_name=name,
                program_code=code,
                amount=amount,
            )
            for order, (program_id, name, code, amount) in enumerate(plan["budget"], start=1)
        )
        record_change(
            obj=agreement,
            within=agreement,
            action=Action.CREATE,
            summary=gettext_noop(
                "%(agreement)s disalin dari PK %(last)s: %(kept)s tetap, %(changed)s berubah, "
                "%(new)s baru, %(removed)s dihapus"
            ),
            params={"agreement": str(agreement), "last": proposal.last_year} | summary_params(proposal),
            by=by,
        )
    return agreement


def _write_sections(agreement: Agreement, sections: list[_PlannedSection]) -> None:
    for order, planned in enumerate(sections, start=1):
        section = Section.objects.create(
            agreement=agreement,
            order=order,
            number=str(order),
            code=planned.code,
            title=planned.title,
            activity_id=planned.activity_id,
        )
        Row.objects.bulk_create(
            Row(
                section=section,
                order=row_order,
                letter=row.letter,
                output=row.output,
                indicator_id=row.indicator_id,
                indicator_text=row.indicator_text,
                target=row.target,
                measure_unit=row.measure_unit,
            )
            for row_order, row in enumerate(planned.rows, start=1)
        )


__all__ = ["CopyError", "apply", "propose", "source_agreement"]
