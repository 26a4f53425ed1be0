"""Who may see and edit an agreement: every view that takes an id comes here.

Seeing follows the unit (organisation.access): anyone else gets 404. Editing a
draft is for the unit's operator and pimpinan, and for admins and central
verifiers (planning.access.can_edit_plan); a province verifier reads only (403).
"""

from django.shortcuts import get_object_or_404

from kinerja.agreements import selectors
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section
from kinerja.organisation.access import visible_units
from kinerja.planning.access import can_edit_plan, require_edit


def get_agreement_for_user(user, agreement_id: int, *, content: bool = False) -> Agreement:
    queryset = Agreement.objects.filter(unit__in=visible_units(user))
    queryset = selectors.with_content(queryset) if content else queryset.select_related("unit")
    return get_object_or_404(queryset, pk=agreement_id)


def get_section_for_user(user, section_id: int) -> Section:
    return get_object_or_404(
        Section.objects.select_related("agreement__unit"), pk=section_id, agreement__unit__in=visible_units(user)
    )


def get_row_for_user(user, row_id: int) -> Row:
    return get_object_or_404(
        Row.objects.select_related("section__agreement__unit"),
        pk=row_id,
        section__agreement__unit__in=visible_units(user),
    )


def get_budget_line_for_user(user, line_id: int) -> BudgetLine:
    return get_object_or_404(
        BudgetLine.objects.select_related("agreement__unit"), pk=line_id, agreement__unit__in=visible_units(user)
    )


def can_edit(user, agreement: Agreement) -> bool:
    return can_edit_plan(user, agreement.unit)


def require_editor(user, agreement: Agreement) -> None:
    require_edit(user, agreement.unit)
