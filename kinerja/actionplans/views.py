"""Pages of the Rencana Aksi: the plan of a PK (its steps under each indicator, who has agreed), a step's
form, and the agreement of each party."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.actionplans import access, selectors, services
from kinerja.actionplans.forms import StepForm
from kinerja.actionplans.models import ActionStep
from kinerja.actionplans.services import AGREEABLE, PlanRefused, missing_steps, plan_agree, plan_draft, step_save
from kinerja.agreements.access import get_agreement_for_user, get_row_for_user
from kinerja.signatures.models import Party
from kinerja.signatures.services import parties_for_user, parties_of, party_name


@login_required
def plan(request, agreement_id: int):
    agreement = get_agreement_for_user(request.user, agreement_id)
    found = selectors.plan_of(agreement)
    if request.method == "POST":
        access.require_changer(request.user, agreement)
        try:
            found = plan_draft(agreement=agreement, by=request.user)
        except PlanRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Rencana Aksi disusun; periksa dan lengkapi setiap langkah."))
        return redirect("actionplans:plan", agreement.pk)
    rows = selectors.rows_with_steps(found) if found is not None else []
    consents = selectors.consents_by_party(found)
    parties = [
        {
            "party": party,
            "label": Party(party).label,
            "name": party_name(agreement, party),
            "consent": consents.get(party),
            "mine": party in parties_for_user(request.user, agreement),
        }
        for party in parties_of(agreement)
    ]
    return render(
        request,
        "actionplans/plan.html",
        {
            "agreement": agreement,
            "plan": found,
            "rows": rows,
            "parties": parties,
            "can_change": access.can_change(request.user, agreement),
            "agreeable": agreement.status in AGREEABLE,
            "missing": missing_steps(found) if found else [],
        },
    )


def _step_page(request, *, agreement, plan_, row, step=None):
    access.require_changer(request.user, agreement)
    form = StepForm(request.POST or None, agreement=agreement, step=step)
    if request.method == "POST" and form.is_valid():
        try:
            step_save(step=step, plan=plan_, row=row, typed=form.typed(), by=request.user)
        except PlanRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Langkah disimpan."))
            return redirect(f"{plan_.get_absolute_url()}#row-{row.pk}")
    quarter_fields = [form[f"target_q{quarter}"] for quarter in (1, 2, 3, 4)]
    return render(
        request,
        "actionplans/step.html",
        {
            "agreement": agreement,
            "plan": plan_,
            "row": row,
            "step": step,
            "form": form,
            "quarter_fields": quarter_fields,
        },
    )


@login_required
def step_new(request, row_id: int):
    row = get_row_for_user(request.user, row_id)
    agreement = row.section.agreement
    plan_ = selectors.plan_of(agreement)
    if plan_ is None:
        raise Http404(_("PK ini belum memiliki Rencana Aksi."))
    return _step_page(request, agreement=agreement, plan_=plan_, row=row)


@login_required
def step_edit(request, step_id: int):
    step = access.get_step_for_user(request.user, step_id)
    return _step_page(request, agreement=step.plan.agreement, plan_=step.plan, row=step.row, step=step)


@login_required
@require_POST
def step_remove(request, step_id: int):
    step: ActionStep = access.get_step_for_user(request.user, step_id)
    access.require_changer(request.user, step.plan.agreement)
    try:
        services.step_delete(step=step, by=request.user)
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Langkah dihapus."))
    return redirect(step.plan.get_absolute_url())


@login_required
@require_POST
def agree(request, agreement_id: int, party: str):
    agreement = get_agreement_for_user(request.user, agreement_id)
    found = selectors.plan_of(agreement)
    if found is None or party not in Party.values:
        raise Http404(_("Rencana Aksi tidak ditemukan."))
    try:
        found = plan_agree(plan=found, party=party, by=request.user)
    except PlanRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Rencana Aksi disepakati semua pihak.") if found.is_agreed else _("Persetujuan Anda dicatat."),
        )
    return redirect(found)
