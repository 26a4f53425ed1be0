"""Pages of the plan: overview, Renstra, a unit's plan for a year, a province's
IKU status, imports and exports. Views parse, call a service or selector, render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.lib import values
from kinerja.lib.formatting import format_number
from kinerja.lib.params import query_int
from kinerja.lib.uploads import MAX_PDF_BYTES, UploadError
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import UnitKind
from kinerja.planning import access, forms, readiness, rollover, selectors, services, spreadsheets, work_plans
from kinerja.planning.forms import CopyForm, DecreeForm, DipaForm, ImportForm, ReviewForm, TargetForm, UploadForm
from kinerja.planning.targets import TargetError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    return query_int(request, "tahun", low=2000, high=2100, default=selectors.default_year)


@login_required
def index(request):
    user = request.user
    year = _year(request)
    memberships = selectors.memberships_by_unit(user)
    context = {
        "year": year,
        "years": selectors.plan_years(year),
        "memberships": memberships,
        "own_readiness": {r.unit.pk: r for r in readiness.readiness([m.unit for m in memberships], year)},
        "sees_everything": organisation_access.sees_everything(user),
        "provinces": selectors.provinces_verified_by(user),
    }
    if context["sees_everything"]:
        context.update(selectors.national_overview(timezone.localdate()))
        context["national_readiness"] = readiness.national(year)
        context["province_readiness"] = readiness.province_overview(year)
    return render(request, "planning/index.html", context)


@login_required
def renstra(request, plan_id: int):
    plan = access.get_strategic_plan_for_user(request.user, plan_id)
    return render(
        request,
        "planning/renstra.html",
        {
            "plan": plan,
            "goals": selectors.renstra_goals(plan),
            "can_edit": access.can_edit_plan(request.user, plan.unit),
            "copy_years": selectors.renstra_years_to_fill(plan),
        },
    )


@login_required
def unit_plan(request, unit_id: int, year: int):
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    iku_set = selectors.iku_set_of(unit, year)
    parent_set = selectors.parent_iku_set(iku_set) if iku_set else None
    dipa = selectors.dipa_of(unit, year)
    findings = selectors.cascade_findings(iku_set) if iku_set else []
    return render(
        request,
        "planning/unit.html",
        {
            "unit": unit,
            "year": year,
            "iku_set": iku_set,
            "items": selectors.items_of(iku_set) if iku_set else [],
            "parent_set": parent_set,
            "findings": findings,
            "finding_ids": {finding.item.pk for finding in findings},
            "dipa": dipa,
            "dipa_total": dipa.total() if dipa else None,
            "work_plan": selectors.work_plan_of(unit, year),
            "can_edit": access.can_edit_plan(request.user, unit),
            "may_import": access.may_import(request.user),
            "waits_for": selectors.parent_plan_state(unit, year),
            "readiness": readiness.readiness([unit], year)[0],
            "reads_province": unit.kind == UnitKind.PROVINCE
            and organisation_access.reads_province(request.user, unit.pk),
            "last_year": year - 1,
            "copyable": selectors.last_year_plans(unit, year),
            "decree_form": DecreeForm(),
            "years": selectors.plan_years(year),
            "history": selectors.unit_history(unit, year),
            "today": timezone.localdate(),
            "dipa_form": DipaForm(initial={"number": dipa.number, "ratified_on": dipa.ratified_on}) if dipa else None,
            "review_form": ReviewForm(),
        },
    )


@login_required
def unit_year(request, unit_id: int):
    """The year selector of a unit's plan page: to the page of the year chosen."""
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    year = query_int(request, "tahun", low=2000, high=2100, default=selectors.default_year)
    return redirect("planning:unit", unit.pk, year)


@login_required
def province_status(request, unit_id: int, year: int):
    province = access.get_province_for_user(request.user, unit_id)
    rows = selectors.regency_iku_status(province, year)
    states = readiness.readiness([row["unit"] for row in rows], year)
    for row, state in zip(rows, states, strict=True):
        row["readiness"] = state
    return render(
        request,
        "planning/province.html",
        {
            "province": province,
            "year": year,
            "years": selectors.plan_years(year),
            "own": readiness.readiness([province], year)[0],
            "ready_count": sum(1 for state in states if state.ready),
            "rows": rows,
            "with_set": sum(1 for row in rows if row["iku_set"]),
            "visible_ids": access.visible_unit_ids_in(request.user, province),
            "today": timezone.localdate(),
        },
    )


@login_required
def province_year(request, unit_id: int):
    """The year selector of a province's plan status: to the page of the year chosen."""
    province = access.get_province_for_user(request.user, unit_id)
    return redirect("planning:province", province.pk, _year(request))


@login_required
@require_POST
def iku_item_target(request, item_id: int):
    item = access.get_iku_item_for_user(request.user, item_id)
    access.require_edit(request.user, item.iku_set.unit)
    form = TargetForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.iku_item_set_target(item=item, text=form.cleaned_data["target"], by=request.user)
        except TargetError as exc:
            error = str(exc)
    else:
        error = form.errors["target"][0]
    if request.headers.get("HX-Request"):
        findings = selectors.cascade_findings(item.iku_set)
        return render(
            request,
            "planning/_iku_target.html",
            {"item": item, "error": error, "can_edit": True, "saved": not error, "findings": findings, "oob": True},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Target “%(indicator)s” disimpan.") % {"indicator": item.indicator.name})
    return redirect(item.iku_set.get_absolute_url())


def _date_error(form, fallback: str) -> str:
    """Why `form` was refused: a date field's own message when its text cannot be read
    (lib.values names the text), else `fallback`."""
    for name, errors in form.errors.items():
        if isinstance(form.fields.get(name), values.DateField) and form.has_error(name, "invalid"):
            return f"{form.fields[name].label}: {errors[0]}"
    return fallback


@login_required
@require_POST
def dipa_edit(request, dipa_id: int):
    dipa = access.get_dipa_for_user(request.user, dipa_id)
    access.require_edit(request.user, dipa.unit)
    form = DipaForm(request.POST)
    if form.is_valid():
        services.dipa_update(
            dipa=dipa, ratified_on=form.cleaned_data["ratified_on"], number=form.cleaned_data["number"], by=request.user
        )
        messages.success(
            request, _("DIPA disimpan. Batas penyusunan PK: %(date)s.") % {"date": f"{dipa.pk_due_on:%d-%m-%Y}"}
        )
    elif "number" in form.errors:
        messages.error(request, form.errors["number"][0])
    else:
        fallback = _("Tanggal pengesahan DIPA tidak valid; tulis sebagai tanggal, mis. 2024-01-02.")
        messages.error(request, _date_error(form, fallback))
    return redirect("planning:unit", dipa.unit_id, dipa.year)


@login_required
@require_POST
def iku_review(request, unit_id: int, year: int):
    iku_set = access.get_iku_set_for_user(request.user, unit_id, year)
    access.require_edit(request.user, iku_set.unit)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.iku_set_review(iku_set=iku_set, by=request.user, **form.cleaned_data)
            messages.success(request, _("Reviu IKU dicatat."))
        except ValueError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _date_error(form, _("Tanggal reviu tidak valid.")))
    return redirect(iku_set.get_absolute_url())


@login_required
@require_POST
def iku_decree(request, unit_id: int, year: int):
    """Record the decree of an IKU set that has none (a copied or imported set)."""
    iku_set = access.get_iku_set_for_user(request.user, unit_id, year)
    access.require_edit(request.user, iku_set.unit)
    form = DecreeForm(request.POST)
    if form.is_valid():
        try:
            services.iku_set_decree(iku_set=iku_set, by=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("IKU %(year)s ditetapkan dengan Keputusan %(number)s.")
                % {"year": year, "number": form.cleaned_data["number"]},
            )
        except ValueError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _date_error(form, _("Isi nomor dan tanggal keputusan.")))
    return redirect(iku_set.get_absolute_url())


@login_required
def plan_copy(request, unit_id: int, year: int, kind: str):
    """A plan object's "Salin dari tahun lalu": the diff against last year, then the confirm."""
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    if kind not in rollover.PROPOSERS:
        raise Http404(_("Jenis rencana tidak dikenal."))
    return copy_page(
        request,
        unit=unit,
        year=year,
        kind=kind,
        can_edit=access.can_edit_plan(request.user, unit),
        propose=rollover.propose,
        apply=rollover.apply,
    )


def copy_page(request, *, unit, year: int, kind: str, can_edit: bool, propose, apply):
    """The review-and-confirm page of a copy, shared with the PK's (agreements.views.agreement_copy)."""
    form = CopyForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Anda tidak berwenang mengubah rencana unit ini."))
        if form.is_valid():
            header = {key: form.cleaned_data[key] for key in ("number", "ratified_on")} if kind == "dipa" else {}
            fingerprint = form.cleaned_data["fingerprint"]
            try:
                made = apply(kind, unit, year, by=request.user, fingerprint=fingerprint, extra=header)
            except rollover.CopyError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Disalin. Periksa hasilnya dan lanjutkan."))
                if hasattr(made, "get_absolute_url"):
                    return redirect(made.get_absolute_url())
                return redirect("planning:unit", unit.pk, year)
        else:
            fallback = _("Tanggal pengesahan DIPA tidak valid; tulis sebagai tanggal, mis. 2025-01-02.")
            messages.error(request, _date_error(form, fallback))
    proposal = propose(kind, unit, year)
    return render(
        request,
        "planning/copy.html",
        {
            "proposal": proposal,
            "unit": unit,
            "year": year,
            "can_edit": can_edit,
            "form": form,
            "needs_header": kind == "dipa" and rollover.needs_dipa_header(proposal),
        },
    )


@login_required
def decree_file(request, decree_id: int):
    decree = access.get_decree_for_user(request.user, decree_id)
    if request.method == "POST":
        access.require_edit(request.user, decree.unit)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Pilih berkas PDF keputusan yang sudah ditandatangani."))
        else:
            upload = form.cleaned_data["file"]
            try:
                # Read one byte past the limit so that the check can tell "too large".
                data = upload.read(MAX_PDF_BYTES + 1)
                services.decree_attach_signed_file(decree=decree, data=data, filename=upload.name, by=request.user)
                messages.success(request, _("Berkas Keputusan %(number)s tersimpan.") % {"number": decree.number})
            except UploadError as exc:
                messages.error(request, str(exc))
        next_set = decree.iku_sets.first()
        return redirect(next_set.get_absolute_url() if next_set else "planning:index")
    if not decree.signed_file:
        raise Http404(_("Berkas keputusan belum diunggah."))
    return FileResponse(
        decree.signed_file.open("rb"), content_type="application/pdf", filename=f"keputusan-{decree.pk}.pdf"
    )


def _xlsx(data: bytes, filename: str) -> FileResponse:
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def import_page(request):
    user = request.user
    if not access.may_import(user):
        raise Http404(_("Halaman tidak ditemukan."))
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_FILE_BYTES:
            limit = spreadsheets.MAX_FILE_BYTES // (1024 * 1024)
            errors = [spreadsheets.RowError(row=None, message=_("Berkas lebih dari %(limit)s MB.") % {"limit": limit})]
        else:
            importers = {
                "dipa": spreadsheets.dipa_import,
                "iku": spreadsheets.iku_import,
                "rkt": spreadsheets.rkt_import,
            }
            importer = importers[form.cleaned_data["kind"]]
            try:
                result = importer(data=upload.read(), by=user, can_edit=lambda unit: access.can_edit_plan(user, unit))
            except spreadsheets.ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(
                    request,
                    _("Impor berhasil: %(sets)s dokumen, %(rows)s baris tersimpan.")
                    % {
                        "sets": format_number(result.sets, language=None),
                        "rows": format_number(result.rows, language=None),
                    },
                )
                return redirect("planning:import")
    return render(request, "planning/import.html", {"form": form, "errors": errors, "year": _year(request)})


@login_required
def template_download(request, kind: str):
    if kind == "dipa":
        return _xlsx(spreadsheets.dipa_template(), "templat-dipa.xlsx")
    if kind == "iku":
        return _xlsx(spreadsheets.iku_template(), "templat-iku.xlsx")
    if kind == "rkt":
        return _xlsx(spreadsheets.rkt_template(), "templat-rkt.xlsx")
    raise Http404(_("Templat tidak dikenal."))


@login_required
def export(request, kind: str):
    """Export what the user may see for a year, in the import format."""
    year = _year(request)
    if kind == "dipa":
        return _xlsx(spreadsheets.dipa_export(access.visible_dipas(request.user, year)), f"dipa-{year}.xlsx")
    if kind == "iku":
        return _xlsx(spreadsheets.iku_export(access.visible_iku_sets(request.user, year)), f"iku-{year}.xlsx")
    if kind == "rkt":
        return _xlsx(spreadsheets.rkt_export(access.visible_work_plans(request.user, year)), f"rkt-{year}.xlsx")
    raise Http404(_("Jenis ekspor tidak dikenal."))


# --- The RKT page: each change is a service of planning.work_plans; back to the page with what happened. ---


@login_required
def rkt_page(request, unit_id: int, year: int):
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    work_plan = selectors.work_plan_of(unit, year)
    can_edit = access.can_edit_plan(request.user, unit)
    editing = can_edit and work_plan is not None
    return render(
        request,
        "planning/rkt.html",
        {
            "unit": unit,
            "year": year,
            "work_plan": work_plan,
            "can_edit": can_edit,
            "may_import": access.may_import(request.user),
            "section_form": forms.WorkPlanSectionForm() if editing else None,
            "row_form": forms.WorkPlanRowAddForm(work_plan=work_plan) if editing else None,
            "examples": work_plans.target_examples(work_plan) if editing else {},
            "activities": work_plans.activities() if editing else [],
            "history": work_plans.work_plan_history(work_plan) if work_plan else [],
        },
    )


def _rkt_change(request, unit_id: int, year: int, service, /, *, form=None, success: str, **arguments):
    """Call `service` with `arguments` and the form's data, if the form (if any) is valid; say how it went."""
    if form is not None and not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
    else:
        try:
            service(by=request.user, **arguments, **(form.cleaned_data if form is not None else {}))
        except work_plans.WorkPlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    return redirect("planning:rkt", unit_id, year)


@login_required
@require_POST
def rkt_create(request, unit_id: int, year: int):
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    access.require_edit(request.user, unit)
    success = _("RKT %(year)s dibuat.") % {"year": year}
    return _rkt_change(request, unit.pk, year, work_plans.work_plan_create, success=success, unit=unit, year=year)


@login_required
@require_POST
def rkt_section_add(request, unit_id: int, year: int):
    plan = access.get_work_plan_for_user(request.user, unit_id, year)
    access.require_edit(request.user, plan.unit)
    form, service = forms.WorkPlanSectionForm(request.POST), work_plans.work_plan_section_add
    return _rkt_change(request, unit_id, year, service, form=form, success=_("Bagian ditambahkan."), work_plan=plan)


@login_required
@require_POST
def rkt_section_edit(request, section_id: int):
    section = access.get_work_plan_section_for_user(request.user, section_id)
    plan = section.work_plan
    access.require_edit(request.user, plan.unit)
    form, service = forms.WorkPlanSectionForm(request.POST), work_plans.work_plan_section_update
    success = _("Bagian %(n)s disimpan.") % {"n": section.order}
    return _rkt_change(request, plan.unit_id, plan.year, service, form=form, success=success, section=section)


@login_required
@require_POST
def rkt_section_delete(request, section_id: int):
    section = access.get_work_plan_section_for_user(request.user, section_id)
    plan = section.work_plan
    access.require_edit(request.user, plan.unit)
    success, service = _("Bagian %(n)s dihapus.") % {"n": section.order}, work_plans.work_plan_section_delete
    return _rkt_change(request, plan.unit_id, plan.year, service, success=success, section=section)


@login_required
@require_POST
def rkt_row_add(request, unit_id: int, year: int):
    plan = access.get_work_plan_for_user(request.user, unit_id, year)
    access.require_edit(request.user, plan.unit)
    form = forms.WorkPlanRowAddForm(request.POST, work_plan=plan)
    return _rkt_change(request, unit_id, year, work_plans.work_plan_row_add, form=form, success=_("Baris ditambahkan."))


@login_required
@require_POST
def rkt_row_edit(request, row_id: int):
    row = access.get_work_plan_row_for_user(request.user, row_id)
    plan = row.section.work_plan
    access.require_edit(request.user, plan.unit)
    form, service = forms.WorkPlanRowForm(request.POST), work_plans.work_plan_row_update
    success = _("Baris %(row)s disimpan.") % {"row": work_plans.row_label(row)}
    return _rkt_change(request, plan.unit_id, plan.year, service, form=form, success=success, row=row)


@login_required
@require_POST
def rkt_row_delete(request, row_id: int):
    row = access.get_work_plan_row_for_user(request.user, row_id)
    plan = row.section.work_plan
    access.require_edit(request.user, plan.unit)
    success = _("Baris %(row)s dihapus.") % {"row": work_plans.row_label(row)}
    return _rkt_change(request, plan.unit_id, plan.year, work_plans.work_plan_row_delete, success=success, row=row)
