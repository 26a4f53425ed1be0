"""Pages of monitoring and evaluation: an agreement's quarterly realisation,
evaluation, reports, and the roll-ups of a province and the nation."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.agreements import access as agreement_access
from kinerja.agreements.selectors import latest_version
from kinerja.documents import registry
from kinerja.documents.models import IssuedKind
from kinerja.lib.cache import cached_fragment
from kinerja.lib.params import query_int
from kinerja.lib.uploads import MAX_EVIDENCE_BYTES, UploadError
from kinerja.monitoring import access, carry, reports, selectors, services
from kinerja.monitoring.models import Quarter, Recommendation
from kinerja.organisation import access as organisation_access
from kinerja.planning.selectors import default_year

CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _to_row(row) -> str:
    """The agreement's monitoring page, scrolled to `row`."""
    return reverse("monitoring:agreement", args=[row.section.agreement_id]) + f"#row-{row.pk}"


@login_required
def agreement_progress(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    latest = latest_version(agreement)
    comparison = carry.compare(agreement) if agreement.revision_of_id else None
    return render(
        request,
        "monitoring/agreement.html",
        {
            "agreement": agreement,
            "lines": selectors.agreement_table(agreement),
            "is_open": access.is_open(agreement),
            "can_report": access.can_report(request.user, agreement),
            "can_evaluate": access.can_evaluate(request.user, agreement),
            "evaluations": selectors.evaluations(agreement),
            "corrections": selectors.corrections(agreement)[:50],
            "quarters": Quarter.choices,
            "recommendations": Recommendation.choices,
            "closes": {q: services.quarter_closes_on(agreement.year, q) for q in (1, 2, 3, 4)},
            "carry": comparison,
            "flagged": {item.row.pk: item for item in comparison.changed} if comparison else {},
            "replaced_by": latest if latest.version > agreement.version else None,
        },
    )


@login_required
@require_POST
def realisation_save(request, row_id: int, quarter: int):
    row = agreement_access.get_row_for_user(request.user, row_id)
    upload = request.FILES.get("evidence")
    evidence = (upload.read(MAX_EVIDENCE_BYTES + 1), upload.name) if upload else None
    try:
        services.realisation_record(
            row=row,
            quarter=quarter,
            value_text=request.POST.get("value", ""),
            note=request.POST.get("note", ""),
            link=request.POST.get("link", "").strip(),
            reason=request.POST.get("reason", ""),
            evidence=evidence,
            by=request.user,
        )
    except (services.MonitoringError, UploadError) as error:
        messages.error(
            request,
            _("Realisasi TW %(quarter)s baris %(row)s tidak disimpan: %(error)s")
            % {"quarter": quarter, "row": services.row_label(row), "error": error},
        )
    else:
        messages.success(
            request,
            _("Realisasi TW %(quarter)s baris %(row)s tersimpan.")
            % {"quarter": quarter, "row": services.row_label(row)},
        )
    return redirect(_to_row(row))


@login_required
def evidence_download(request, realisation_id: int):
    realisation = access.get_realisation_for_user(request.user, realisation_id)
    if not realisation.evidence_file:
        raise Http404(_("Tidak ada berkas bukti."))
    return FileResponse(realisation.evidence_file.open("rb"), as_attachment=True)


@login_required
@require_POST
def evaluation_save(request, agreement_id: int, quarter: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    try:
        services.evaluation_record(
            agreement=agreement,
            quarter=quarter,
            assessment=request.POST.get("assessment", ""),
            follow_up=request.POST.get("follow_up", ""),
            recommendation=request.POST.get("recommendation", ""),
            by=request.user,
        )
    except services.MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evaluasi TW %(quarter)s tersimpan.") % {"quarter": quarter})
    return redirect(reverse("monitoring:agreement", args=[agreement.pk]) + "#evaluasi")


def _file(report: dict, fmt: str) -> FileResponse:
    data = reports.render(report, fmt)
    if fmt == "pdf":
        registry.record(kind=IssuedKind.REPORT, data=data, label=f"{report['filename']}.pdf")
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{report['filename']}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


@login_required
def report(request, agreement_id: int, quarter: int, fmt: str):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    if quarter not in Quarter.values or fmt not in reports.FORMATS:
        raise Http404(_("Laporan tidak dikenal."))
    return _file(reports.lkj_report(agreement, quarter), fmt)


@login_required
def skp(request, agreement_id: int, fmt: str):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    if fmt not in reports.FORMATS:
        raise Http404(_("Format tidak dikenal."))
    return _file(reports.skp_report(agreement), fmt)


@login_required
def national(request):
    """The achievement of KPU's IKU across the country, by quarter and by province."""
    if not organisation_access.sees_everything(request.user):
        provinces = sorted(organisation_access.verified_province_ids(request.user))
        if provinces:
            return redirect("monitoring:province", provinces[0])
        raise Http404(_("Halaman ini untuk verifikator."))
    year = query_int(request, "tahun", low=2000, high=2100, default=default_year)
    quarter = query_int(request, "tw", low=1, high=4, default=lambda: 4)
    chosen = None
    if request.GET.get("iku"):
        chosen = selectors.indicator(query_int(request, "iku", low=1, high=10**9, default=lambda: 0))

    def national_context() -> dict:
        return {
            "year": year,
            "quarter": quarter,
            "quarters": Quarter.choices,
            "chosen": chosen,
            **selectors.national_rollup(year, quarter, chosen),
        }

    # The same for every central verifier: rendered once per change of the data.
    national = cached_fragment(
        f"national-iku:{year}:{quarter}:{chosen.pk if chosen else ''}",
        selectors.progress_version(year),
        "monitoring/_national.html",
        national_context,
    )
    return render(request, "monitoring/national.html", {"year": year, "national": national})


@login_required
def province(request, unit_id: int):
    province = access.get_province_for_user(request.user, unit_id)
    year = query_int(request, "tahun", low=2000, high=2100, default=default_year)
    quarter = query_int(request, "tw", low=1, high=4, default=lambda: 4)
    return render(
        request,
        "monitoring/province.html",
        {
            "province": province,
            "year": year,
            "quarter": quarter,
            "quarters": Quarter.choices,
            **selectors.province_rollup(province, year, quarter),
            "visible_ids": access.visible_unit_ids(request.user, province),
            "agreements": selectors.province_agreements(province, year),
        },
    )


@login_required
@require_POST
def quarter_target_save(request, row_id: int, quarter: int):
    """Set or clear a row's target for one quarter (an empty value clears it)."""
    row = agreement_access.get_row_for_user(request.user, row_id)
    try:
        services.quarter_target_set(row=row, quarter=quarter, text=request.POST.get("target", ""), by=request.user)
    except services.MonitoringError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Target TW %(quarter)s baris %(row)s tersimpan.") % {"quarter": quarter, "row": services.row_label(row)},
        )
    return redirect(_to_row(row))
