"""What the Rencana Aksi pages show, read from the database."""

from kinerja.actionplans.models import ActionPlan, Consent
from kinerja.agreements.models import Agreement, Row


def plan_of(agreement: Agreement) -> ActionPlan | None:
    return ActionPlan.objects.filter(agreement=agreement).first()


def rows_with_steps(plan: ActionPlan) -> list[dict]:
    """Every row of the plan's PK in order, with its steps (none for a row still without one)."""
    steps: dict[int, list] = {}
    for step in plan.steps.select_related("position__unit", "budget_line"):
        steps.setdefault(step.row_id, []).append(step)
    rows = Row.objects.filter(section__agreement_id=plan.agreement_id).select_related("section")
    return [{"row": row, "steps": steps.get(row.pk, [])} for row in rows.order_by("section__order", "order", "pk")]


def consents_by_party(plan: ActionPlan | None) -> dict[str, Consent]:
    return {consent.party: consent for consent in Consent.objects.filter(plan=plan)} if plan else {}
