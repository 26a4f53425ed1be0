"""The compliance dashboard, the province's compilation page, packages, and the
routing records (sendings, hardcopy archive and requests)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.agreements import access as agreement_access
from kinerja.agreements.selectors import selector_years
from kinerja.agreements.services import AgreementError
from kinerja.lib.cache import cached_fragment
from kinerja.lib.params import query_int
from kinerja.lib.values import ValueRefused, parse_date
from kinerja.organisation.access import sees_everything, verified_province_ids
from kinerja.planning.selectors import default_year
from kinerja.submissions import access, selectors, services
from kinerja.submissions.jobs import job_enqueue
from kinerja.submissions.models import Channel, Form, JobKind, Recipient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The years a page or a job may ask for.
YEARS = (2000, 2100)


def _year(request) -> int:
    return query_int(request, "tahun", low=YEARS[0], high=YEARS[1], default=default_year)


@login_required
def dashboard(request):
    """National compliance for the central verifier; a province verifier goes to their province."""
    year = _year(request)
    if not sees_everything(request.user):
        provinces = sorted(verified_province_ids(request.user))
        if provinces:
            return redirect("submissions:province", provinces[0], year)
        raise Http404(_("Halaman ini untuk verifikator."))
    now = timezone.now()

    def national_context() -> dict:
        total, rows = selectors.national_compliance(year, now)
        return {"year": year, "total": total, "rows": rows, "central": selectors.central_lines(year, now)}

    return render(
        request,
        "submissions/dashboard.html",
        {
            "year": year,
            "years": selector_years(),
            # The tiles, the chart and the tables are the same for every central
            # verifier: rendered once per change of the year's data.
            "national": cached_fragment(
                f"national-dashboard:{year}",
                selectors.national_version(year, now),
                "submissions/_national.html",
                national_context,
            ),
            "packages": selectors.forwarded_packages(year),
            "requests": selectors.hardcopy_requests(year)[:50],
        },
    )


@login_required
def dashboard_export(request):
    year = _year(request)
    if not sees_everything(request.user):
        raise Http404(_("Halaman ini untuk verifikator pusat."))
    data = selectors.national_compliance_xlsx(year, timezone.now())
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=f"kepatuhan-pk-{year}.xlsx", content_type=XLSX)


@login_required
def province_year(request, unit_id: int):
    """The year selector of the province page: to the page of the year chosen."""
    province = access.get_province_for_user(request.user, unit_id)
    return redirect("submissions:province", province.pk, _year(request))


@login_required
def province(request, unit_id: int, year: int):
    province = access.get_province_for_user(request.user, unit_id)
    now = timezone.now()
    version = selectors.province_version(province, year, now)
    total, lines = selectors.province_compliance(province, year, now, version)
    user = request.user
    is_verifier = access.acts_for_province(user, province.pk)
    return render(
        request,
        "submissions/province.html",
        {
            "province": province,
            "year": year,
            "years": selector_years(year),
            "total": total,
            "lines": lines,
            # Read-only readers (central verifiers going through the provinces)
            # share one rendering of the unit lines per change of the data; the
            # province's verifier gets the lines with their hardcopy forms.
            "lines_html": None
            if is_verifier
            else cached_fragment(
                f"province-lines:{province.pk}:{year}",
                version,
                "submissions/_lines.html",
                lambda: {"lines": lines, "show_hardcopy": True},
            ),
            "waiting": selectors.compilable(province, year),
            "packages": selectors.province_packages(province, year),
            "is_verifier": is_verifier,
            "is_central": sees_everything(user),
            "requests": selectors.hardcopy_requests(year, province),
        },
    )


def _run(request, action, success: str, back: str):
    try:
        action()
    except AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(back)


@login_required
@require_POST
def compile_package(request, unit_id: int, year: int):
    province = access.get_province_for_user(request.user, unit_id)
    return _run(
        request,
        lambda: services.package_compile(province=province, year=year, by=request.user),
        _("Kompilasi selesai: sampul, daftar isi, PDF gabungan dan rekap .xlsx siap."),
        reverse("submissions:province", args=[province.pk, year]),
    )


@login_required
def package_detail(request, package_id: int):
    package = access.get_package_for_user(request.user, package_id)
    return render(
        request,
        "submissions/package.html",
        {
            "package": package,
            "agreements": selectors.package_agreements(package),
            "is_verifier": access.acts_for_province(request.user, package.province_id),
            "is_central": access.acts_for_kpu(request.user),
        },
    )


@login_required
def package_file(request, package_id: int, kind: str):
    package = access.get_package_for_user(request.user, package_id)
    stem = f"kompilasi-pk-{package.year}-{package.province.code}-{package.number}"
    if kind == "pdf":
        return FileResponse(package.merged_pdf.open("rb"), content_type="application/pdf", filename=f"{stem}.pdf")
    if kind == "xlsx":
        return FileResponse(package.recap_xlsx.open("rb"), content_type=XLSX, filename=f"{stem}.xlsx")
    raise Http404(_("Berkas tidak dikenal."))


@login_required
@require_POST
def package_forward(request, package_id: int):
    package = access.get_package_for_user(request.user, package_id)
    return _run(
        request,
        lambda: services.package_forward(package=package, by=request.user),
        _("Paket diteruskan ke KPU."),
        package.get_absolute_url(),
    )


@login_required
@require_POST
def package_receive(request, package_id: int):
    package = access.get_package_for_user(request.user, package_id)
    return _run(
        request,
        lambda: services.package_receive(package=package, by=request.user),
        _("Paket diterima; seluruh PK di dalamnya berstatus diterima KPU."),
        package.get_absolute_url(),
    )


@login_required
@require_POST
def sending(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    post = request.POST

    def record():
        written = post.get("sent_on", "").strip()
        if not written:
            raise AgreementError(_("Tanggal kirim tidak valid."))
        try:
            sent_on = parse_date(written)
        except ValueRefused as refused:
            raise AgreementError(
                _("%(problem)s (kolom %(column)s).") % {"problem": str(refused).rstrip("."), "column": _("Tanggal")}
            ) from None
        if post.get("recipient") not in Recipient.values or post.get("channel") not in Channel.values:
            raise AgreementError(_("Pilih penerima dan saluran pengiriman."))
        if post.get("form") not in Form.values:
            raise AgreementError(_("Pilih bentuk: hardcopy atau softcopy."))
        services.sending_record(
            agreement=agreement,
            recipient=post["recipient"],
            sent_on=sent_on,
            channel=post["channel"],
            form=post["form"],
            reference=post.get("reference", ""),
            by=request.user,
        )

    return _run(request, record, _("Pengiriman dicatat."), agreement.get_absolute_url())


@login_required
@require_POST
def hardcopy(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    back = request.POST.get("next", "")
    # Back to a page of this site only: "//elsewhere" starts with a slash too.
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = agreement.get_absolute_url()
    return _run(
        request,
        lambda: services.hardcopy_record(
            agreement=agreement, location=request.POST.get("location", ""), by=request.user
        ),
        _("Lokasi arsip hardcopy dicatat."),
        back,
    )


@login_required
@require_POST
def hardcopy_request(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    return _run(
        request,
        lambda: services.hardcopy_request(agreement=agreement, note=request.POST.get("note", ""), by=request.user),
        _("Permintaan hardcopy dikirim ke provinsi."),
        agreement.get_absolute_url(),
    )


@login_required
@require_POST
def hardcopy_answer(request, request_id: int):
    hardcopy_request = access.get_hardcopy_request_for_user(request.user, request_id)
    agreement = hardcopy_request.agreement
    return _run(
        request,
        lambda: services.hardcopy_answer(
            request=hardcopy_request, answer=request.POST.get("answer", ""), by=request.user
        ),
        _("Jawaban dikirim."),
        reverse("submissions:province", args=[agreement.unit.province_id, agreement.year]),
    )


def _job_enqueue(request, national: bool, provinces: list, year: int):
    """The job the form asks for, queued; 404 for a kind or province the user may not print."""
    kind = request.POST.get("kind", "")
    province = None
    if kind in (JobKind.PROVINCE_ZIP, JobKind.COMPILE):
        try:
            province = next(p for p in provinces if p.pk == int(request.POST.get("province", "")))
        except (StopIteration, ValueError):
            raise Http404(_("Provinsi tidak ditemukan.")) from None
        if kind == JobKind.COMPILE and not access.acts_for_province(request.user, province.pk):
            messages.error(request, _("Kompilasi dilakukan oleh verifikator provinsi itu sendiri."))
            return redirect("submissions:jobs")
    elif kind != JobKind.NATIONAL_PDFS or not national:
        raise Http404(_("Jenis tugas tidak dikenal."))
    try:
        year = int(request.POST.get("year", year))
    except ValueError:
        year = 0
    if not YEARS[0] <= year <= YEARS[1]:
        return HttpResponse(
            _("Tahun harus angka antara %(low)s dan %(high)s.") % {"low": YEARS[0], "high": YEARS[1]}, status=400
        )
    job = job_enqueue(kind=kind, year=year, by=request.user, province=province)
    messages.success(request, _("%(job)s masuk antrean. Kemajuan tampil di bawah.") % {"job": job})
    return redirect("submissions:jobs")


@login_required
def jobs(request):
    """Bulk printing and compilation in the background, with their progress."""
    national, provinces = access.print_scope(request.user)
    if not national and not provinces:
        raise Http404(_("Halaman ini untuk verifikator."))
    year = _year(request)
    if request.method == "POST":
        return _job_enqueue(request, national, provinces, year)
    return render(
        request,
        "submissions/jobs.html",
        {
            "jobs": selectors.print_jobs(national, provinces)[:30],
            "national": national,
            "provinces": provinces,
            "year": year,
            "kinds": JobKind,
        },
    )


@login_required
def job_progress(request, job_id: int):
    """The progress bar of one job (polled by htmx while it runs)."""
    return render(request, "submissions/_job.html", {"job": access.get_job_for_user(request.user, job_id)})


@login_required
def job_result(request, job_id: int):
    job = access.get_job_for_user(request.user, job_id)
    if not job.result:
        raise Http404(_("Hasil belum tersedia."))
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result.name.rsplit("/", 1)[-1])
