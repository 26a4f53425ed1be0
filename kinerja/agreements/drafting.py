"""What a new draft takes from the plan: its parties, its sections and rows
(RKT, then the IKU the RKT does not carry) and its budget lines (DIPA).
Called by services.agreement_draft inside its transaction.

`plan_sources` says, honestly, what a draft could take from the plan and what
is missing, with where to set it: the draft's message and the editor show it."""

import datetime
from collections import OrderedDict

from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement, BudgetLine, Row, Section
from kinerja.organisation.models import Unit
from kinerja.organisation.selectors import signatory_for, superior_for
from kinerja.planning import selectors as planning_selectors
from kinerja.planning.models import IkuSet, Program


def parties(unit: Unit, on: datetime.date) -> dict:
    """The parties of a new draft: the officials in office on `on`."""
    first = signatory_for(unit=unit, on=on)
    second = superior_for(unit=unit, on=on) if unit.has_superior else None
    return {
        "first_party_name": first.person.name if first else "",
        "first_party_position": first.position.title if first else "",
        "first_party_acting": first.acting if first else "",
        "has_second_party": unit.has_superior,
        "second_party_name": second.person.name if second else "",
        "second_party_position": second.position.title if second else "",
        "second_party_acting": second.acting if second else "",
    }


def sections_from_work_plan(agreement: Agreement) -> set[int]:
    """One section per RKT section, its rows from the RKT; returns the indicators covered."""
    covered: set[int] = set()
    work_plan = planning_selectors.work_plan_of(agreement.unit, agreement.year)
    if not work_plan:
        return covered
    for section_order, plan_section in enumerate(work_plan.sections.all(), start=1):
        section = Section.objects.create(
            agreement=agreement,
            order=section_order,
            number=str(section_order),
            code=plan_section.activity.code if plan_section.activity else "",
            title=plan_section.title,
            activity=plan_section.activity,
        )
        for row_order, plan_row in enumerate(plan_section.rows.all(), start=1):
            covered.add(plan_row.indicator_id)
            Row.objects.create(
                section=section,
                order=row_order,
                letter=chr(ord("a") + row_order - 1) if plan_row.output else "",
                output=plan_row.output,
                indicator=plan_row.indicator,
                indicator_text=plan_row.indicator.name,
                target=plan_row.target.display(),
                measure_unit=plan_row.measure_unit,
            )
    return covered


def sections_from_iku(agreement: Agreement, covered: set[int]) -> None:
    """The unit's IKU that the RKT does not carry, in sections by strategic goal after the RKT's."""
    iku_set = IkuSet.objects.filter(unit=agreement.unit, year=agreement.year).first()
    if not iku_set:
        return
    by_goal: OrderedDict[str, list] = OrderedDict()
    for item in planning_selectors.items_of(iku_set):
        if item.indicator_id not in covered:
            by_goal.setdefault(item.goal, []).append(item)
    section_order = agreement.sections.count()
    for goal, items in by_goal.items():
        section_order += 1
        section = Section.objects.create(
            agreement=agreement, order=section_order, number=str(section_order), title=goal
        )
        for row_order, item in enumerate(items, start=1):
            Row.objects.create(
                section=section,
                order=row_order,
                indicator=item.indicator,
                indicator_text=item.indicator.name,
                target=item.target.display(),
                measure_unit=item.indicator.measure_unit,
            )


def budget_from_dipa(agreement: Agreement) -> None:
    """One budget line per program of the unit's DIPA, with the program's total."""
    dipa = planning_selectors.dipa_of(agreement.unit, agreement.year)
    if not dipa:
        return
    totals: OrderedDict[int, int] = OrderedDict()
    programs: dict[int, Program] = {}
    for allocation in dipa.allocations.all():
        totals[allocation.program_id] = totals.get(allocation.program_id, 0) + allocation.amount
        programs[allocation.program_id] = allocation.program
    for order, (program_id, amount) in enumerate(totals.items(), start=1):
        program = programs[program_id]
        BudgetLine.objects.create(
            agreement=agreement,
            order=order,
            program=program,
            program_name=program.name,
            program_code=program.code,
            amount=amount,
        )


def plan_sources(agreement: Agreement) -> list[dict]:
    """Each source of a draft: {"label", "ready", "detail", "url"}; `url` is where a missing one is set."""
    unit, year = agreement.unit, agreement.year
    plan_url = reverse("planning:unit", args=[unit.pk, year])
    work_plan = planning_selectors.work_plan_of(unit, year)
    iku_set = IkuSet.objects.filter(unit=unit, year=year).first()
    dipa = planning_selectors.dipa_of(unit, year)
    rkt_rows = sum(section.rows.count() for section in work_plan.sections.all()) if work_plan else 0
    iku_rows = iku_set.items.count() if iku_set else 0
    programs = len({a.program_id for a in dipa.allocations.all()}) if dipa else 0
    first = bool(agreement.first_party_name.strip())
    second = not agreement.has_second_party or bool(agreement.second_party_name.strip())
    sources = [
        (_("RKT %(year)s") % {"year": year}, rkt_rows > 0, _("%(n)s indikator") % {"n": rkt_rows}, plan_url),
        (_("IKU %(year)s") % {"year": year}, iku_rows > 0, _("%(n)s indikator") % {"n": iku_rows}, plan_url),
        (_("DIPA %(year)s") % {"year": year}, programs > 0, _("%(n)s program") % {"n": programs}, plan_url),
        (_("Pihak Pertama"), first, agreement.first_party_name, unit.get_absolute_url()),
    ]
    if agreement.has_second_party:
        superior = unit.parent.get_absolute_url() if unit.parent_id else unit.get_absolute_url()
        sources.append((_("Pihak Kedua"), second, agreement.second_party_name, superior))
    return [
        {"label": label, "ready": ready, "detail": detail if ready else _("belum ada"), "url": url}
        for label, ready, detail, url in sources
    ]
