"""The demo's Rencana Aksi: Kota Sorong's two PKs of 2024 each with its plan, drawn up and agreed through
the same services a user's clicks call. The secretariat's steps of an activity take their budget from
the activity's program line in the PK, shared evenly (to the thousand) among its steps; a program whose
amount the PK leaves blank gives none."""

from django.contrib.auth import get_user_model

from kinerja.actionplans.models import ActionPlan
from kinerja.actionplans.services import StepInput, plan_agree, plan_draft, step_save
from kinerja.agreements.models import Agreement
from kinerja.signatures.services import parties_of

UNITS = ("kpu-96.71", "sekretariat-96.71")
SIGNERS = {
    "kpu-96.71": {"first": "ketua.sorong"},
    "sekretariat-96.71": {"first": "sekretaris.sorong", "second": "ketua.sorong"},
}


def actionplans_demo_load() -> None:
    names = {"operator.sorong", "ketua.sorong", "sekretaris.sorong"}
    users = {user.username: user for user in get_user_model().objects.filter(username__in=names)}
    for code in UNITS:
        agreement = Agreement.objects.filter(unit__code=code, year=2024).order_by("-version").first()
        if agreement is None or ActionPlan.objects.filter(agreement=agreement).exists():
            continue
        plan = plan_draft(agreement=agreement, by=users["operator.sorong"])
        _budgets(plan, users["operator.sorong"])
        for party in parties_of(agreement):
            plan = plan_agree(plan=plan, party=party, by=users[SIGNERS[code][party]])


def _budgets(plan: ActionPlan, by) -> None:
    lines = {line.program_code: line for line in plan.agreement.budget_lines.all() if line.amount}
    steps = list(plan.steps.select_related("row__section__activity__program", "row__section"))
    by_line: dict[int, list] = {}
    for step in steps:
        activity = step.row.section.activity
        line = lines.get(activity.program.code) if activity else None
        if line is not None:
            by_line.setdefault(line.pk, []).append((step, line))
    for shared in by_line.values():
        line = shared[0][1]
        each = line.amount // len(shared) // 1000 * 1000
        for step, _line in shared:
            step_save(
                step=step,
                plan=plan,
                row=step.row,
                typed=StepInput.of(step, budget_line=line.pk, budget=str(each)),
                by=by,
            )
