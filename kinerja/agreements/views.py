"""Pages of the agreement: list, new draft, the one-page editor with autosave,
the preview with its checks, and the downloads. Views parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.agreements import access, checks, drafting, lifecycle, panels, rollover, selectors, services
from kinerja.agreements.models import Agreement, AgreementError, RevisionReason, Section, Status
from kinerja.lib.deadlines import deadline_state, last_day
from kinerja.lib.params import query_int
from kinerja.lib.uploads import UploadError
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Acting
from kinerja.planning import selectors as planning_selectors
from kinerja.planning import views as planning_views


@login_required
def agreement_list(request):
    user = request.user
    return render(
        request,
        "agreements/list.html",
        {
            "agreements": selectors.visible_agreements(organisation_access.visible_units(user))[:200],
            "units": access.units_user_drafts_for(user),
            "year": query_int(request, "tahun", low=2000, high=2100, default=planning_selectors.default_year),
            "chosen_unit": query_int(request, "unit", low=1, high=2**31, default=lambda: None),
        },
    )


@login_required
@require_POST
def agreement_new(request):
    try:
        unit_id, year = int(request.POST.get("unit", "")), int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Pilih unit kerja dan tahun PK."))
        return redirect("agreements:list")
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    if not access.can_edit_unit_agreements(request.user, unit):
        raise PermissionDenied(_("Anda tidak berwenang menyusun PK unit ini."))
    if not 2000 <= year <= 2100:
        messages.error(request, _("Tahun PK tidak valid."))
        return redirect("agreements:list")
    if request.POST.get("copy"):
        return redirect("agreements:copy", unit.pk, year)
    try:
        agreement = services.agreement_draft(unit=unit, year=year, by=request.user)
    except services.AgreementExists as exists:
        messages.info(request, _("%(error)s Membuka PK yang ada.") % {"error": exists})
        return redirect(exists.agreement.get_absolute_url())
    sources = drafting.plan_sources(agreement)
    used = [f"{source['label']} ({source['detail']})" for source in sources if source["ready"]]
    missing = [str(source["label"]) for source in sources if not source["ready"]]
    if used:
        messages.success(
            request,
            _("%(agreement)s disusun dari %(used)s. Periksa dan lengkapi.")
            % {"agreement": agreement, "used": ", ".join(used)},
        )
    if missing:
        messages.warning(
            request,
            _("Belum ada: %(missing)s. Lengkapi di rencana atau isi langsung di PK; lihat “Sumber penyusunan”.")
            % {"missing": ", ".join(missing)},
        )
    return redirect(agreement.get_absolute_url())


@login_required
def agreement_copy(request, unit_id: int, year: int):
    """The PK's "Salin dari tahun lalu": the differences with last year's PK, then the confirm."""
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    return planning_views.copy_page(
        request,
        unit=unit,
        year=year,
        kind="pk",
        can_edit=access.can_edit_unit_agreements(request.user, unit),
        propose=rollover.propose,
        apply=rollover.apply,
    )


def _editor_context(request, agreement: Agreement) -> dict:
    user = request.user
    unit = agreement.unit
    editor = access.can_edit(user, agreement)
    moves = {to for to in agreement.next_statuses() if access.may_move(user, agreement, to)}
    revision = selectors.revision_of(agreement)
    findings = checks.run_checks(agreement)
    return {
        "agreement": agreement,
        "can_edit": agreement.is_editable and editor,
        # Only a final PK takes a scan: once signed, its document is never replaced.
        "may_upload": agreement.is_final and editor,
        "can": {
            "finalise": Status.FINAL in moves,
            "submit": Status.SUBMITTED in moves,
            "receive": Status.RECEIVED in moves,
            "send_back": Status.DRAFT in moves,
        },
        "deadline": _deadline(agreement),
        "scan": agreement.current_scan(),
        "back_to_draft": agreement.back_to_draft(),
        "revision": revision,
        "revision_reasons": RevisionReason.choices,
        "can_revise": agreement.is_submitted and editor and revision is None,
        "status_steps": Status.choices,
        "panels": panels.panels_for(agreement, user),
        "findings": findings,
        "row_findings": _by_row(findings),
        "previous": selectors.previous_year_rows(agreement),
        "dipa": planning_selectors.dipa_summary(unit, agreement.year),
        "acting_choices": Acting.choices,
        # While it is a draft, what the plan gives it and what is missing, with where to set it.
        "sources": drafting.plan_sources(agreement) if agreement.is_editable and editor else [],
    }


def _deadline(agreement: Agreement) -> dict:
    """Where the agreement stands against the end-of-January deadline, in the unit's time zone."""
    zone = agreement.unit.time_zone
    # A PK Perubahan is a change during the year, not bound by the deadline.
    state, days = (
        (None, 0)
        if agreement.is_revision
        else deadline_state(agreement.submitted_at, agreement.year, zone, timezone.now())
    )
    return {
        "state": state,
        "days": days,
        "last_day": last_day(agreement.year),
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
        return HttpResponse(_("Permintaan tidak lengkap."), status=400)
    try:
        obj = update(expected)
    except services.EditConflict as conflict:
        response = render(
            request, "agreements/_conflict.html", {"key": key, "current": conflict.current, "mine": request.POST}
        )
        response.status_code = 409
        return response
    except AgreementError as error:
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
        raise Http404(_("Arah tidak dikenal."))
    return steps[direction]


def _structure_changed(request, agreement: Agreement, action, *, focus_after_delete=None) -> HttpResponse:
    """Run a structural change (add, delete, move) and re-render the attachment.

    The attachment is drawn anew, so the keyboard's focus is put back where it was working:
    in the first field of what was added (`added`), on the add button of what the deleted item
    belonged to (`focus_after_delete`: its section, "section" or "budget"); a moved item's
    arrow keeps the focus by its id (htmx).
    """
    access.require_editor(request.user, agreement)
    try:
        added = action()
    except AgreementError as error:
        if request.headers.get("HX-Request"):
            response = render(request, "agreements/_error.html", {"key": "structure", "message": str(error)})
            response.status_code = 422
            return response
        messages.error(request, str(error))
        return redirect(agreement.get_absolute_url())
    if not request.headers.get("HX-Request"):
        return redirect(agreement.get_absolute_url())
    agreement = access.get_agreement_for_user(request.user, agreement.pk, content=True)
    context = {**_editor_context(request, agreement), "added": added, "focus_after_delete": focus_after_delete}
    return render(request, "agreements/_structure.html", context)


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
        request,
        section.agreement,
        lambda: services.section_delete(section=section, by=request.user),
        focus_after_delete="section",
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
    return _structure_changed(
        request,
        row.section.agreement,
        lambda: services.row_delete(row=row, by=request.user),
        focus_after_delete=row.section,
    )


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
def budget_total(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    printed = request.POST.get("budget_total") == "on"
    return _structure_changed(
        request, agreement, lambda: services.budget_total_set(agreement=agreement, printed=printed, by=request.user)
    )


@login_required
@require_POST
def budget_delete(request, line_id: int):
    line = access.get_budget_line_for_user(request.user, line_id)
    return _structure_changed(
        request,
        line.agreement,
        lambda: services.budget_line_delete(line=line, by=request.user),
        focus_after_delete="budget",
    )


def _lifecycle_action(request, agreement_id: int, action, success: str | None = None):
    """Run a lifecycle service from a POST and come back to the agreement with its outcome."""
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    try:
        result = action(agreement)
    except AgreementError as error:
        messages.error(request, str(error))
        return redirect(agreement.get_absolute_url())
    except UploadError as error:
        messages.error(request, _("Pindaian ditolak: %(error)s") % {"error": error})
        return redirect(agreement.get_absolute_url())
    if isinstance(result, Agreement) and result.pk != agreement.pk:
        messages.success(
            request, _("%(agreement)s dibuat sebagai draf. Versi sebelumnya tetap tersimpan.") % {"agreement": result}
        )
        return redirect(result.get_absolute_url())
    messages.success(request, success or _("Tersimpan."))
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def agreement_finalise(request, agreement_id: int):
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_finalise(agreement=a, by=request.user),
        _("PK difinalkan: isi terkunci. Cetak, tandatangani, lalu unggah pindaiannya."),
    )


@login_required
@require_POST
def agreement_reopen(request, agreement_id: int):
    reason = request.POST.get("reason", "")
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_reopen(agreement=a, by=request.user, reason=reason),
        _("PK dibuka kembali sebagai draf."),
    )


@login_required
@require_POST
def agreement_scan(request, agreement_id: int):
    upload = request.FILES.get("file")
    if upload is None:
        agreement = access.get_agreement_for_user(request.user, agreement_id)
        messages.error(request, _("Pilih berkas PDF hasil pindaian PK yang sudah ditandatangani."))
        return redirect(agreement.get_absolute_url())
    # Read one byte past the limit so the check can say "too large" without
    # holding an arbitrarily large upload in memory.
    data = upload.read(lifecycle.MAX_SCAN_BYTES + 1)
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.scan_upload(agreement=a, data=data, filename=upload.name, by=request.user),
        _("Pindaian PK bertanda tangan tersimpan."),
    )


@login_required
@require_POST
def agreement_submit(request, agreement_id: int):
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_submit(agreement=a, by=request.user),
        _("PK disampaikan. Keterlambatan, bila ada, tercatat."),
    )


@login_required
@require_POST
def agreement_receive(request, agreement_id: int):
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_receive(agreement=a, by=request.user),
        _("PK diterima KPU."),
    )


@login_required
@require_POST
def agreement_return(request, agreement_id: int):
    reason = request.POST.get("reason", "")
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_return(agreement=a, by=request.user, reason=reason),
        _("PK dikembalikan ke unit dengan alasannya."),
    )


@login_required
@require_POST
def agreement_revise(request, agreement_id: int):
    reason, note = request.POST.get("reason", ""), request.POST.get("note", "")
    return _lifecycle_action(
        request,
        agreement_id,
        lambda a: lifecycle.agreement_revise(agreement=a, reason=reason, note=note, by=request.user),
    )


@login_required
def scan_download(request, agreement_id: int, scan_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    scan = access.get_scan(agreement, scan_id)
    return FileResponse(scan.file.open("rb"), content_type="application/pdf", filename=f"{agreement.file_stem}-ttd.pdf")


@login_required
def agreement_history(request, agreement_id: int):
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    return render(request, "agreements/history.html", {"agreement": agreement, **selectors.history_of(agreement)})
