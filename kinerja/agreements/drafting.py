"""What a new draft takes from the plan: its parties, its sections and rows
(RKT, then the IKU the RKT does not carry) and its budget lines (DIPA).
Called by services.agreement_draft inside its transaction."""

import datetime
from collections import OrderedDict

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
