"""Pages of the plan: overview, Renstra, a unit's plan for a year, a province's
IKU status, imports and exports. Views parse, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kinerja.audit.models import ChangeRecord
from kinerja.lib.params import query_int
from kinerja.lib.uploads import MAX_PDF_BYTES, UploadError
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Role, Unit, UnitKind
from kinerja.planning import access, selectors, services, spreadsheets
from kinerja.planning.forms import DipaForm, ImportForm, ReviewForm, TargetForm, UploadForm
from kinerja.planning.models import Decree, Dipa, IkuSet, StrategicPlan
from kinerja.planning.targets import TargetError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _current_year() -> int:
    return timezone.localdate().year


def default_year() -> int:
    """The year the plan pages open on: the latest year with IKU or a DIPA, else this year."""
    latest = max(IkuSet.objects.aggregate(m=Max("year"))["m"] or 0, Dipa.objects.aggregate(m=Max("year"))["m"] or 0)
    return latest or _current_year()


def _year(request) -> int:
    return query_int(request, "tahun", low=2000, high=2100, default=default_year)


@login_required
def index(request):
    user = request.user
    year = _year(request)
    today = timezone.localdate()
    context = {
        "year": year,
        "years": range(_current_year() + 1, 2019, -1),
        "memberships": user.memberships.select_related("unit").order_by("unit__sort_key"),
        "sees_everything": organisation_access.sees_everything(user),
        "provinces": Unit.objects.filter(pk__in=organisation_access.verified_province_ids(user)),
    }
    if context["sees_everything"]:
        context.update(
            plans=StrategicPlan.objects.select_related("unit"),
            national_sets=IkuSet.objects.filter(unit__kind=UnitKind.KPU).select_related("decree"),
            overdue=selectors.overdue_reviews(today)[:200],
            overdue_count=selectors.overdue_reviews(today).count(),
            decrees=Decree.objects.filter(unit__kind=UnitKind.KPU).select_related("unit")[:50],
        )
    return render(request, "planning/index.html", context)


@login_required
def renstra(request, plan_id: int):
    plan = get_object_or_404(
        StrategicPlan.objects.select_related("unit"),
        pk=plan_id,
        unit__in=organisation_access.visible_units(request.user),
    )
    goals = []
    for goal in plan.goals.prefetch_related("targets__indicator"):
        by_indicator: dict = {}
        for target in goal.targets.all():
            by_indicator.setdefault(target.indicator, {})[target.year] = target.target.display(
                target.indicator.measure_unit
            )
        goals.append(
            {
                "goal": goal,
                "indicators": [
                    {"indicator": indicator, "targets": [targets.get(year, "") for year in plan.years]}
                    for indicator, targets in by_indicator.items()
                ],
            }
        )
    return render(request, "planning/renstra.html", {"plan": plan, "goals": goals})


@login_required
def unit_plan(request, unit_id: int, year: int):
    unit = organisation_access.get_unit_for_user(request.user, unit_id)
    iku_set = IkuSet.objects.filter(unit=unit, year=year).select_related("decree").first()
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
            "history": ChangeRecord.objects.filter(unit=unit).select_related("by")[:20],
            "today": timezone.localdate(),
            "dipa_form": DipaForm(initial={"number": dipa.number, "ratified_on": dipa.ratified_on}) if dipa else None,
            "review_form": ReviewForm(),
        },
    )


@login_required
def province_status(request, unit_id: int, year: int):
    province = organisation_access.get_unit_for_user(request.user, unit_id)
    if province.kind != UnitKind.PROVINCE:
        raise Http404("Bukan KPU Provinsi.")
    rows = selectors.regency_iku_status(province, year)
    return render(
        request,
        "planning/province.html",
        {
            "province": province,
            "year": year,
            "rows": rows,
            "with_set": sum(1 for row in rows if row["iku_set"]),
            "visible_ids": set(
                organisation_access.visible_units(request.user).filter(province=province).values_list("pk", flat=True)
            ),
            "today": timezone.localdate(),
        },
    )


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
        messages.success(request, f"Target “{item.indicator.name}” disimpan.")
    return redirect(item.iku_set.get_absolute_url())


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
        messages.success(request, f"DIPA disimpan. Batas penyusunan PK: {dipa.pk_due_on:%d-%m-%Y}.")
    elif "number" in form.errors:
        messages.error(request, form.errors["number"][0])
    else:
        messages.error(request, "Tanggal pengesahan DIPA tidak valid; tulis sebagai tanggal, mis. 2024-01-02.")
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
            messages.success(request, "Reviu IKU dicatat.")
        except ValueError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "Tanggal reviu tidak valid.")
    return redirect(iku_set.get_absolute_url())


def _get_decree_for_user(user, decree_id: int) -> Decree:
    return get_object_or_404(
        Decree.objects.select_related("unit"), pk=decree_id, unit__in=organisation_access.visible_units(user)
    )


@login_required
def decree_file(request, decree_id: int):
    decree = _get_decree_for_user(request.user, decree_id)
    if request.method == "POST":
        access.require_edit(request.user, decree.unit)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, "Pilih berkas PDF keputusan yang sudah ditandatangani.")
        else:
            upload = form.cleaned_data["file"]
            try:
                # Read one byte past the limit so that the check can tell "too large".
                data = upload.read(MAX_PDF_BYTES + 1)
                services.decree_attach_signed_file(decree=decree, data=data, filename=upload.name, by=request.user)
                messages.success(request, f"Berkas Keputusan {decree.number} tersimpan.")
            except UploadError as exc:
                messages.error(request, str(exc))
        next_set = decree.iku_sets.first()
        return redirect(next_set.get_absolute_url() if next_set else "planning:index")
    if not decree.signed_file:
        raise Http404("Berkas keputusan belum diunggah.")
    return FileResponse(
        decree.signed_file.open("rb"), content_type="application/pdf", filename=f"keputusan-{decree.pk}.pdf"
    )


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_page(request):

    user = request.user
    if not (
        organisation_access.sees_everything(user)
        or user.memberships.filter(role__in=[Role.OPERATOR, Role.LEADER]).exists()
    ):
        raise Http404("Halaman tidak ditemukan.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_FILE_BYTES:
            errors = [spreadsheets.RowError(row=None, message="Berkas lebih dari 5 MB.")]
        else:
            importer = spreadsheets.dipa_import if form.cleaned_data["kind"] == "dipa" else spreadsheets.iku_import
            try:
                result = importer(data=upload.read(), by=user, can_edit=lambda unit: access.can_edit_plan(user, unit))
            except spreadsheets.ImportRejected as rejected:
                errors = rejected.errors
            else:
                messages.success(request, f"Impor berhasil: {result.sets} dokumen, {result.rows} baris tersimpan.")
                return redirect("planning:import")
    return render(request, "planning/import.html", {"form": form, "errors": errors, "year": _year(request)})


@login_required
def template_download(request, kind: str):

    if kind == "dipa":
        return _xlsx(spreadsheets.dipa_template(), "templat-dipa.xlsx")
    if kind == "iku":
        return _xlsx(spreadsheets.iku_template(), "templat-iku.xlsx")
    raise Http404("Templat tidak dikenal.")


@login_required
def export(request, kind: str):
    """Export what the user may see for a year, in the import format."""

    year = _year(request)
    visible = organisation_access.visible_units(request.user)
    if kind == "dipa":
        dipas = Dipa.objects.filter(unit__in=visible, year=year)
        return _xlsx(spreadsheets.dipa_export(dipas), f"dipa-{year}.xlsx")
    if kind == "iku":
        sets = IkuSet.objects.filter(unit__in=visible, year=year)
        return _xlsx(spreadsheets.iku_export(sets), f"iku-{year}.xlsx")
    raise Http404("Jenis ekspor tidak dikenal.")
