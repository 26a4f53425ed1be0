"""Pages of the agreement: list, new draft, the one-page editor with autosave,
the preview with its checks, and the downloads. Views parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.agreements import access, checks, selectors, services
from kinerja.agreements.models import Agreement, Section
from kinerja.documents import render as documents
from kinerja.documents.builder import build_document
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Acting
from kinerja.planning import selectors as planning_selectors
from kinerja.planning.access import can_edit_plan


@login_required
def agreement_list(request):
    user = request.user
    agreements = (
        Agreement.objects.filter(unit__in=organisation_access.visible_units(user))
        .select_related("unit")
        .order_by("-year", "unit__sort_key", "-version")[:200]
    )
    own_units = [m.unit for m in user.memberships.select_related("unit")]
    return render(
        request,
        "agreements/list.html",
        {
            "agreements": agreements,
            "units": [unit for unit in own_units if can_edit_plan(user, unit)],
            "year": timezone.localdate().year,
        },
    )


@login_required
@require_POST
def agreement_new(request):
    try:
        unit_id, year = int(request.POST.get("unit", "")), int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "Pilih unit kerja dan tahun PK.")
        return redirect("agreements:list")
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    if not can_edit_plan(request.user, unit):
        raise PermissionDenied("Anda tidak berwenang menyusun PK unit ini.")
    if not 2000 <= year <= 2100:
        messages.error(request, "Tahun PK tidak valid.")
        return redirect("agreements:list")
    try:
        agreement = services.agreement_draft(unit=unit, year=year, by=request.user)
    except services.AgreementExists as exists:
        messages.info(request, f"{exists} Membuka PK yang ada.")
        return redirect(exists.agreement.get_absolute_url())
    messages.success(request, f"{agreement} disusun dari IKU, RKT dan DIPA. Periksa dan lengkapi.")
    return redirect(agreement.get_absolute_url())


def _editor_context(request, agreement: Agreement) -> dict:
    findings = checks.run_checks(agreement)
    dipa = planning_selectors.dipa_of(agreement.unit, agreement.year)
    return {
        "agreement": agreement,
        "can_edit": agreement.is_editable and access.can_edit(request.user, agreement),
        "findings": findings,
        "row_findings": _by_row(findings),
        "previous": selectors.previous_year_rows(agreement),
        "dipa": dipa,
        "acting_choices": Acting.choices,
    }


def _by_row(findings) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for finding in findings:
        if finding.row_id:
            result.setdefault(finding.row_id, []).append(finding.message)
    return result


@login_required
def agreement_edit(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id, content=True)
    return render(request, "agreements/edit.html", _editor_context(request, agreement))


@login_required
def agreement_preview(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id, content=True)
    return render(
        request,
        "agreements/preview.html",
        {"agreement": agreement, "document": build_document(agreement), "findings": checks.run_checks(agreement)},
    )


@login_required
def agreement_download(request, agreement_id: int, fmt: str):
    agreement = access.get_agreement_for_user(request.user, agreement_id, content=True)
    if fmt not in documents.FORMATS:
        raise Http404("Format tidak dikenal.")
    document = build_document(agreement)
    data = documents.render(document, fmt)
    response = HttpResponse(data, content_type=documents.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{document["filename"]}.{fmt}"'
    return response


def _saved(request, agreement: Agreement, obj, key: str) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, agreement.pk, content=True)
    findings = checks.run_checks(agreement)
    return render(
        request,
        "agreements/_saved.html",
        {
            "key": key,
            "obj": obj,
            "agreement": agreement,
            "findings": findings,
            "row_messages": _by_row(findings).get(obj.pk, []) if key.startswith("row-") else [],
            "now": timezone.localtime(),
        },
    )


def _autosave(request, obj, agreement: Agreement, key: str, update):
    """Run an autosave: 200 when saved, 409 on a concurrent edit, 422 on bad input."""
    access.require_editor(request.user, agreement)
    try:
        expected = int(request.POST.get("change_count", ""))
    except ValueError:
        return HttpResponse("Permintaan tidak lengkap.", status=400)
    try:
        obj = update(expected)
    except services.EditConflict as conflict:
        response = render(
            request, "agreements/_conflict.html", {"key": key, "current": conflict.current, "mine": request.POST}
        )
        response.status_code = 409
        return response
    except services.AgreementError as error:
        response = render(request, "agreements/_error.html", {"key": key, "message": str(error)})
        response.status_code = 422
        return response
    return _saved(request, agreement, obj, key)


@login_required
@require_POST
def statement_save(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    return _autosave(
        request,
        agreement,
        agreement,
        "statement",
        lambda expected: services.agreement_update_statement(
            agreement=agreement, data=request.POST, expected=expected, by=request.user
        ),
    )


@login_required
@require_POST
def section_save(request, section_id: int):
    section = access.get_section_for_user(request.user, section_id)
    return _autosave(
        request,
        section,
        section.agreement,
        f"sh-{section.pk}",
        lambda expected: services.section_update(
            section=section, data=request.POST, expected=expected, by=request.user
        ),
    )


@login_required
@require_POST
def row_save(request, row_id: int):
    row = access.get_row_for_user(request.user, row_id)
    return _autosave(
        request,
        row,
        row.section.agreement,
        f"row-{row.pk}",
        lambda expected: services.row_update(row=row, data=request.POST, expected=expected, by=request.user),
    )


@login_required
@require_POST
def budget_save(request, line_id: int):
    line = access.get_budget_line_for_user(request.user, line_id)
    return _autosave(
        request,
        line,
        line.agreement,
        f"budget-{line.pk}",
        lambda expected: services.budget_line_update(line=line, data=request.POST, expected=expected, by=request.user),
    )


def _step(direction: str) -> int:
    steps = {"naik": -1, "turun": 1}
    if direction not in steps:
        raise Http404("Arah tidak dikenal.")
    return steps[direction]


def _structure_changed(request, agreement: Agreement, action) -> HttpResponse:
    """Run a structural change (add, delete, move) and re-render the attachment."""
    access.require_editor(request.user, agreement)
    try:
        action()
    except services.AgreementError as error:
        if request.headers.get("HX-Request"):
            response = render(request, "agreements/_error.html", {"key": "structure", "message": str(error)})
            response.status_code = 422
            return response
        messages.error(request, str(error))
        return redirect(agreement.get_absolute_url())
    if not request.headers.get("HX-Request"):
        return redirect(agreement.get_absolute_url())
    agreement = access.get_agreement_for_user(request.user, agreement.pk, content=True)
    return render(request, "agreements/_structure.html", _editor_context(request, agreement))


@login_required
@require_POST
def section_add(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    return _structure_changed(request, agreement, lambda: services.section_add(agreement=agreement, by=request.user))


@login_required
@require_POST
def section_delete(request, section_id: int):
    section = access.get_section_for_user(request.user, section_id)
    return _structure_changed(
        request, section.agreement, lambda: services.section_delete(section=section, by=request.user)
    )


@login_required
@require_POST
def section_move(request, section_id: int, direction: str):
    section = access.get_section_for_user(request.user, section_id)
    step = _step(direction)
    return _structure_changed(
        request, section.agreement, lambda: services.move(obj=section, direction=step, by=request.user)
    )


@login_required
@require_POST
def row_add(request, section_id: int):
    section: Section = access.get_section_for_user(request.user, section_id)
    return _structure_changed(request, section.agreement, lambda: services.row_add(section=section, by=request.user))


@login_required
@require_POST
def row_delete(request, row_id: int):
    row = access.get_row_for_user(request.user, row_id)
    return _structure_changed(request, row.section.agreement, lambda: services.row_delete(row=row, by=request.user))


@login_required
@require_POST
def row_move(request, row_id: int, direction: str):
    row = access.get_row_for_user(request.user, row_id)
    step = _step(direction)
    return _structure_changed(
        request, row.section.agreement, lambda: services.move(obj=row, direction=step, by=request.user)
    )


@login_required
@require_POST
def budget_add(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    return _structure_changed(
        request, agreement, lambda: services.budget_line_add(agreement=agreement, by=request.user)
    )


@login_required
@require_POST
def budget_delete(request, line_id: int):
    line = access.get_budget_line_for_user(request.user, line_id)
    return _structure_changed(request, line.agreement, lambda: services.budget_line_delete(line=line, by=request.user))
