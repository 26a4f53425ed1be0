"""Drawing up a Rencana Aksi, changing its steps, and its agreement by the PK's parties.

Every change is refused with the reason, naming the step, and writes nothing: a step needs its
description, a post of the unit (or of the unit above it) responsible, a due quarter or month, and
targets that read as targets of its indicator; its budget comes from one of the PK's programs, and
the steps' budgets of a program never exceed the program's line in the PK. A plan agreed by every
party is fixed; while it is a draft, any change voids the agreements already given.
"""

import dataclasses

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.actionplans.models import ActionPlan, ActionStep, Consent, PlanStatus
from kinerja.agreements.models import Agreement, BudgetLine, Row, Status, row_label
from kinerja.agreements.targets import problem
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.formatting import format_rupiah
from kinerja.lib.values import ValueRefused, parse_rupiah
from kinerja.monitoring.models import QuarterTarget
from kinerja.organisation.models import Position
from kinerja.organisation.selectors import signatory_for
from kinerja.signatures.models import Party
from kinerja.signatures.services import parties_for_user, parties_of, party_name

# A plan is agreed once the PK it carries out is final: its indicators and budget no longer move.
AGREEABLE = (Status.FINAL, Status.SIGNED, Status.SUBMITTED, Status.RECEIVED)


class PlanRefused(ValueError):
    """The change was not made; the message is for the user and nothing was written."""


def positions_for(agreement: Agreement):
    """The posts a step of `agreement`'s plan may be given to: the unit's own, and the unit above's."""
    units = [agreement.unit_id] + ([agreement.unit.parent_id] if agreement.unit.parent_id else [])
    return Position.objects.filter(unit_id__in=units).select_related("unit").order_by("unit__sort_key", "pk")


@transaction.atomic
def plan_draft(*, agreement: Agreement, by) -> ActionPlan:
    """A new Rencana Aksi for `agreement`: one step under each indicator, given to the head of the unit,
    due in TW IV, with the indicator's quarter targets where it has them (else the year's target in TW
    IV). PlanRefused when the PK has one already or has no indicator."""
    Agreement.objects.select_for_update().get(pk=agreement.pk)
    if ActionPlan.objects.filter(agreement=agreement).exists():
        raise PlanRefused(_("PK ini sudah memiliki Rencana Aksi."))
    rows = list(Row.objects.filter(section__agreement=agreement).order_by("section__order", "order", "pk"))
    if not rows:
        raise PlanRefused(_("PK ini belum memiliki indikator; susun lampirannya dahulu."))
    head = signatory_for(unit=agreement.unit, on=timezone.localdate())
    position = head.position if head else positions_for(agreement).filter(unit=agreement.unit).first()
    if position is None:
        raise PlanRefused(_("Unit ini belum memiliki jabatan; tambahkan pejabatnya dahulu."))
    plan = ActionPlan.objects.create(agreement=agreement, created_by=by)
    quarter_targets = {
        (target.row_id, target.quarter): target.target for target in QuarterTarget.objects.filter(row__in=rows)
    }
    for row in rows:
        targets = [quarter_targets.get((row.pk, quarter), "") for quarter in (1, 2, 3, 4)]
        if not any(targets):
            targets[3] = row.target
        ActionStep.objects.create(
            plan=plan,
            row=row,
            order=1,
            description=(row.output or row.indicator_text)[:500],
            position=position,
            due_quarter=4,
            target_q1=targets[0],
            target_q2=targets[1],
            target_q3=targets[2],
            target_q4=targets[3],
        )
    record_change(
        obj=plan,
        action=Action.CREATE,
        summary=gettext_noop("Rencana Aksi disusun dengan %(count)s langkah."),
        params={"count": len(rows)},
        by=by,
        unit=agreement.unit,
    )
    return plan


def plan_carry(*, agreement: Agreement, revision: Agreement, by) -> ActionPlan | None:
    """The Rencana Aksi of `agreement` copied into its PK Perubahan `revision` as a draft (its agreements
    are not: the parties review it again), each step under the copy of its row and its budget under the
    copy of its program's line; None when `agreement` has none."""
    plan = ActionPlan.objects.filter(agreement=agreement).first()
    if plan is None:
        return None
    copy = ActionPlan.objects.create(agreement=revision, carried_from=plan, created_by=by)
    rows = dict(Row.objects.filter(section__agreement=revision).values_list("origin_id", "pk"))
    old_lines = list(agreement.budget_lines.order_by("order", "pk").values_list("pk", flat=True))
    new_lines = list(revision.budget_lines.order_by("order", "pk").values_list("pk", flat=True))
    lines = dict(zip(old_lines, new_lines, strict=False))
    fields = ("order", "description", "position_id", "due_quarter", "due_month")
    targets = ("target_q1", "target_q2", "target_q3", "target_q4")
    ActionStep.objects.bulk_create(
        ActionStep(
            plan=copy,
            row_id=rows[step.row_id],
            budget_line_id=lines.get(step.budget_line_id),
            budget=step.budget if step.budget_line_id in lines else None,
            **{name: getattr(step, name) for name in fields + targets},
        )
        for step in plan.steps.all()
        if step.row_id in rows
    )
    record_change(
        obj=copy,
        action=Action.CREATE,
        summary=gettext_noop("Rencana Aksi dibawa dari versi %(version)s untuk ditinjau dan disetujui ulang."),
        params={"version": agreement.version},
        by=by,
        unit=agreement.unit,
    )
    return copy


@dataclasses.dataclass
class StepInput:
    """A step as typed on the page: text fields, read and checked by `step_save`."""

    description: str
    position: int | None
    due: str  # "q3" or "m9"
    targets: list[str]
    budget_line: int | None
    budget: str

    @classmethod
    def of(cls, step: ActionStep, **changes) -> "StepInput":
        """`step` as its form would send it unchanged, with `changes` typed over it."""
        typed = cls(
            description=step.description,
            position=step.position_id,
            due=step.due_code,
            targets=step.targets(),
            budget_line=step.budget_line_id,
            budget="" if step.budget is None else str(step.budget),
        )
        return dataclasses.replace(typed, **changes)


def _editable(plan: ActionPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise PlanRefused(_("Rencana Aksi ini sudah disepakati dan tidak dapat diubah; ubah melalui PK Perubahan."))


@transaction.atomic
def step_save(*, step: ActionStep | None, plan: ActionPlan, row: Row, typed: StepInput, by) -> ActionStep:
    """Save `typed` as `step` (a new step under `row` when None); PlanRefused with the reason otherwise.
    The agreements given to the plan so far are voided: they were given to the plan as it stood."""
    plan = ActionPlan.objects.select_for_update().select_related("agreement__unit").get(pk=plan.pk)
    _editable(plan)
    agreement = plan.agreement
    label = row_label(row)
    description = " ".join(typed.description.split())
    if not description:
        raise PlanRefused(_("Langkah %(row)s: tuliskan langkah/kegiatannya.") % {"row": label})
    position = positions_for(agreement).filter(pk=typed.position).first() if typed.position else None
    if position is None:
        raise PlanRefused(_("Langkah %(row)s: pilih jabatan penanggung jawabnya.") % {"row": label})
    due_quarter, due_month = _due(typed.due, label)
    targets = []
    for quarter, text in enumerate(typed.targets, start=1):
        text = " ".join(text.split())
        reason = problem(row, text) if text else ""
        if reason:
            raise PlanRefused(
                _("Langkah %(row)s, target TW %(quarter)s: %(reason)s.")
                % {"row": label, "quarter": quarter, "reason": reason}
            )
        targets.append(text)
    line, budget = _budget(plan, step, typed, label)
    fields = {
        "description": description[:500],
        "position": position,
        "due_quarter": due_quarter,
        "due_month": due_month,
        "target_q1": targets[0],
        "target_q2": targets[1],
        "target_q3": targets[2],
        "target_q4": targets[3],
        "budget_line": line,
        "budget": budget,
    }
    if step is None:
        order = ActionStep.objects.filter(plan=plan, row=row).aggregate(last=Max("order"))["last"] or 0
        step = ActionStep.objects.create(plan=plan, row=row, order=order + 1, **fields)
        action, summary = Action.ADD, gettext_noop("Langkah %(row)s ditambahkan: %(text)s")
    else:
        for name, value in fields.items():
            setattr(step, name, value)
        step.save()
        action, summary = Action.UPDATE, gettext_noop("Langkah %(row)s diubah: %(text)s")
    _void_consents(plan, by)
    record_change(
        obj=plan, action=action, summary=summary, params={"row": label, "text": description}, by=by, unit=agreement.unit
    )
    return step


@transaction.atomic
def step_delete(*, step: ActionStep, by) -> None:
    plan = ActionPlan.objects.select_for_update().select_related("agreement__unit").get(pk=step.plan_id)
    _editable(plan)
    label = row_label(step.row)
    if ActionStep.objects.filter(plan=plan, row=step.row).count() == 1:
        raise PlanRefused(
            _("Langkah %(row)s satu-satunya langkah indikator ini; setiap indikator perlu sedikitnya satu.")
            % {"row": label}
        )
    description = step.description
    step.delete()
    _void_consents(plan, by)
    record_change(
        obj=plan,
        action=Action.DELETE,
        summary=gettext_noop("Langkah %(row)s dihapus: %(text)s"),
        params={"row": label, "text": description},
        by=by,
        unit=plan.agreement.unit,
    )


def _due(text: str, label: str) -> tuple[int | None, int | None]:
    text = (text or "").strip().lower()
    if len(text) >= 2 and text[0] in "qm" and text[1:].isdigit():
        number = int(text[1:])
        if text[0] == "q" and 1 <= number <= 4:
            return number, None
        if text[0] == "m" and 1 <= number <= 12:
            return None, number
    raise PlanRefused(_("Langkah %(row)s: pilih tenggatnya (triwulan atau bulan).") % {"row": label})


def _budget(
    plan: ActionPlan, step: ActionStep | None, typed: StepInput, label: str
) -> tuple[BudgetLine | None, int | None]:
    """The step's program and budget; the programs' steps together within the program's line of the PK."""
    text = (typed.budget or "").strip()
    if not text:
        return (BudgetLine.objects.filter(agreement=plan.agreement, pk=typed.budget_line).first(), None)
    try:
        amount = parse_rupiah(text)
    except ValueRefused as refused:
        raise PlanRefused(_("Langkah %(row)s, anggaran: %(reason)s") % {"row": label, "reason": refused}) from None
    line = (
        BudgetLine.objects.filter(agreement=plan.agreement, pk=typed.budget_line).first() if typed.budget_line else None
    )
    if line is None:
        raise PlanRefused(_("Langkah %(row)s: pilih program asal anggarannya.") % {"row": label})
    others = ActionStep.objects.filter(plan=plan, budget_line=line).exclude(pk=getattr(step, "pk", None))
    spent = (others.aggregate(total=Sum("budget"))["total"] or 0) + amount
    if line.amount is not None and spent > line.amount:
        raise PlanRefused(
            _(
                "Langkah %(row)s: anggaran langkah-langkah %(program)s menjadi %(spent)s, melebihi anggaran "
                "program di PK %(ceiling)s."
            )
            % {
                "row": label,
                "program": line.program_name,
                "spent": format_rupiah(spent),
                "ceiling": format_rupiah(line.amount),
            }
        )
    return line, amount


def _void_consents(plan: ActionPlan, by) -> None:
    voided = list(plan.consents.values_list("name", flat=True))
    if voided:
        plan.consents.all().delete()
        record_change(
            obj=plan,
            action=Action.STATUS,
            summary=gettext_noop("Persetujuan %(names)s batal karena Rencana Aksi diubah."),
            params={"names": ", ".join(voided)},
            by=by,
            unit=plan.agreement.unit,
        )


def missing_steps(plan: ActionPlan) -> list[str]:
    """The labels of the PK's rows without a step in the plan."""
    rows = (
        Row.objects.filter(section__agreement=plan.agreement)
        .select_related("section")
        .order_by("section__order", "order")
    )
    covered = set(plan.steps.values_list("row_id", flat=True))
    return [row_label(row) for row in rows if row.pk not in covered]


@transaction.atomic
def plan_agree(*, plan: ActionPlan, party: str, by) -> ActionPlan:
    """`by` agrees to the plan as `party` of the PK (the same person who signs it); once every party has,
    the plan is agreed and fixed. PlanRefused with the reason otherwise."""
    plan = ActionPlan.objects.select_for_update().select_related("agreement__unit").get(pk=plan.pk)
    _editable(plan)
    agreement = plan.agreement
    if agreement.status not in AGREEABLE:
        raise PlanRefused(_("Rencana Aksi disepakati setelah PK-nya final."))
    missing = missing_steps(plan)
    if missing:
        raise PlanRefused(_("Indikator %(rows)s belum memiliki langkah.") % {"rows": ", ".join(missing)})
    if party not in parties_of(agreement):
        raise PlanRefused(_("PK ini tidak memiliki pihak tersebut."))
    label = Party(party).label
    if party not in parties_for_user(by, agreement):
        raise PlanRefused(
            _("Anda tidak dapat menyetujui sebagai %(party)s: yang menyetujui adalah %(name)s.")
            % {"party": label, "name": party_name(agreement, party) or _("pejabat yang tercantum")}
        )
    if plan.consents.filter(party=party).exists():
        raise PlanRefused(_("%(party)s sudah menyetujui Rencana Aksi ini.") % {"party": label})
    Consent.objects.create(plan=plan, party=party, name=party_name(agreement, party), by=by)
    record_change(
        obj=plan,
        action=Action.STATUS,
        summary=gettext_noop("Rencana Aksi disetujui oleh %(name)s."),
        params={"name": party_name(agreement, party)},
        by=by,
        unit=agreement.unit,
    )
    if set(plan.consents.values_list("party", flat=True)) >= set(parties_of(agreement)):
        plan.status = PlanStatus.AGREED
        plan.agreed_at = timezone.now()
        plan.save(update_fields=["status", "agreed_at"])
    return plan
