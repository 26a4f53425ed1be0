"""The compliance dashboard, the province's compilation page, packages, and the
routing records (sendings, hardcopy archive and requests)."""

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from kinerja.agreements import access as agreement_access
from kinerja.agreements.selectors import default_year
from kinerja.agreements.services import AgreementError
from kinerja.lib.cache import cached_fragment
from kinerja.lib.params import query_int
from kinerja.lib.sheets import append_row
from kinerja.organisation import access
from kinerja.organisation.models import Unit, UnitKind
from kinerja.submissions import selectors, services
from kinerja.submissions.models import Channel, CompilationPackage, Form, HardcopyRequest, Recipient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    return query_int(request, "tahun", low=2000, high=2100, default=default_year)


@login_required
def dashboard(request):
    """National compliance for the central verifier; a province verifier goes to their province."""
    year = _year(request)
    if not access.sees_everything(request.user):
        provinces = sorted(access.verified_province_ids(request.user))
        if provinces:
            return redirect("submissions:province", provinces[0], year)
        raise Http404("Halaman ini untuk verifikator.")
    now = timezone.now()

    def national_context() -> dict:
        total, rows = selectors.national_compliance(year, now)
        return {"year": year, "total": total, "rows": rows, "central": selectors.central_lines(year, now)}

    return render(
        request,
        "submissions/dashboard.html",
        {
            "year": year,
            "years": range(timezone.localdate().year + 1, 2019, -1),
            # The tiles, the chart and the tables are the same for every central
            # verifier: rendered once per change of the year's data.
            "national": cached_fragment(
                f"national-dashboard:{year}",
                selectors.national_version(year, now),
                "submissions/_national.html",
                national_context,
            ),
            "packages": CompilationPackage.objects.filter(year=year, forwarded_at__isnull=False)
            .select_related("province")
            .order_by("received_at", "forwarded_at"),
            "requests": HardcopyRequest.objects.filter(agreement__year=year).select_related("agreement__unit")[:50],
        },
    )


@login_required
def dashboard_export(request):
    year = _year(request)
    if not access.sees_everything(request.user):
        raise Http404("Halaman ini untuk verifikator pusat.")
    total, rows = selectors.national_compliance(year, timezone.now())
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Kepatuhan {year}"
    header = [
        "Wilayah",
        "Unit",
        "Disampaikan",
        "Tepat waktu",
        "Terlambat",
        "Belum (lewat batas)",
        "Belum (masih waktu)",
        "Dikompilasi",
        "Diterima KPU",
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for tally in [*rows, total]:
        append_row(
            sheet,
            [
                tally.label,
                tally.units,
                tally.submitted,
                tally.on_time,
                tally.late,
                tally.missing,
                tally.pending,
                tally.compiled,
                tally.received,
            ],
        )
    sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="kepatuhan-pk-{year}.xlsx"'
    return response


def _province_for_user(user, unit_id: int) -> Unit:
    province = access.get_unit_for_user(user, unit_id)
    if province.kind != UnitKind.PROVINCE:
        raise Http404("Bukan KPU Provinsi.")
    return province


@login_required
def province(request, unit_id: int, year: int):
    province = _province_for_user(request.user, unit_id)
    now = timezone.now()
    version = selectors.province_version(province, year, now)
    total, lines = selectors.province_compliance(province, year, now, version)
    user = request.user
    is_verifier = province.pk in access.verified_province_ids(user) or user.is_superuser
    return render(
        request,
        "submissions/province.html",
        {
            "province": province,
            "year": year,
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
            "waiting": services.compilable(province, year),
            "packages": CompilationPackage.objects.filter(province=province, year=year).annotate(
                agreement_count=Count("agreements")
            ),
            "is_verifier": is_verifier,
            "is_central": access.sees_everything(user),
            "requests": HardcopyRequest.objects.filter(
                agreement__unit__province=province, agreement__year=year
            ).select_related("agreement__unit"),
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
    province = _province_for_user(request.user, unit_id)
    back = f"/pemantauan/provinsi/{province.pk}/{year}/"
    return _run(
        request,
        lambda: services.package_compile(province=province, year=year, by=request.user),
        "Kompilasi selesai: sampul, daftar isi, PDF gabungan dan rekap .xlsx siap.",
        back,
    )


def _package_for_user(user, package_id: int) -> CompilationPackage:
    return get_object_or_404(
        CompilationPackage.objects.select_related("province"),
        pk=package_id,
        province__in=access.visible_units(user),
    )


@login_required
def package_detail(request, package_id: int):
    package = _package_for_user(request.user, package_id)
    return render(
        request,
        "submissions/package.html",
        {
            "package": package,
            "agreements": package.agreements.select_related("unit").order_by("unit__sort_key"),
            "is_verifier": package.province_id in access.verified_province_ids(request.user),
            "is_central": access.sees_everything(request.user),
        },
    )


@login_required
def package_file(request, package_id: int, kind: str):
    package = _package_for_user(request.user, package_id)
    stem = f"kompilasi-pk-{package.year}-{package.province.code}-{package.number}"
    if kind == "pdf":
        return FileResponse(package.merged_pdf.open("rb"), content_type="application/pdf", filename=f"{stem}.pdf")
    if kind == "xlsx":
        return FileResponse(package.recap_xlsx.open("rb"), content_type=XLSX, filename=f"{stem}.xlsx")
    raise Http404("Berkas tidak dikenal.")


@login_required
@require_POST
def package_forward(request, package_id: int):
    package = _package_for_user(request.user, package_id)
    return _run(
        request,
        lambda: services.package_forward(package=package, by=request.user),
        "Paket diteruskan ke KPU.",
        f"/pemantauan/paket/{package.pk}/",
    )


@login_required
@require_POST
def package_receive(request, package_id: int):
    package = _package_for_user(request.user, package_id)
    return _run(
        request,
        lambda: services.package_receive(package=package, by=request.user),
        "Paket diterima; seluruh PK di dalamnya berstatus diterima KPU.",
        f"/pemantauan/paket/{package.pk}/",
    )


@login_required
@require_POST
def sending(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    post = request.POST

    def record():
        try:
            sent_on = datetime.date.fromisoformat(post.get("sent_on", ""))
        except ValueError:
            raise AgreementError("Tanggal kirim tidak valid.") from None
        if post.get("recipient") not in Recipient.values or post.get("channel") not in Channel.values:
            raise AgreementError("Pilih penerima dan saluran pengiriman.")
        if post.get("form") not in Form.values:
            raise AgreementError("Pilih bentuk: hardcopy atau softcopy.")
        services.sending_record(
            agreement=agreement,
            recipient=post["recipient"],
            sent_on=sent_on,
            channel=post["channel"],
            form=post["form"],
            reference=post.get("reference", ""),
            by=request.user,
        )

    return _run(request, record, "Pengiriman dicatat.", agreement.get_absolute_url())


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
        "Lokasi arsip hardcopy dicatat.",
        back,
    )


@login_required
@require_POST
def hardcopy_request(request, agreement_id: int):
    agreement = agreement_access.get_agreement_for_user(request.user, agreement_id)
    return _run(
        request,
        lambda: services.hardcopy_request(agreement=agreement, note=request.POST.get("note", ""), by=request.user),
        "Permintaan hardcopy dikirim ke provinsi.",
        agreement.get_absolute_url(),
    )


@login_required
@require_POST
def hardcopy_answer(request, request_id: int):
    hardcopy_request = get_object_or_404(
        HardcopyRequest.objects.select_related("agreement__unit"),
        pk=request_id,
        agreement__unit__in=access.visible_units(request.user),
    )
    agreement = hardcopy_request.agreement
    return _run(
        request,
        lambda: services.hardcopy_answer(
            request=hardcopy_request, answer=request.POST.get("answer", ""), by=request.user
        ),
        "Jawaban dikirim.",
        f"/pemantauan/provinsi/{agreement.unit.province_id}/{agreement.year}/",
    )


def _job_for_user(user, job_id: int):
    from kinerja.submissions.jobs import scope_for
    from kinerja.submissions.models import PrintJob

    national, provinces = scope_for(user)
    job = get_object_or_404(PrintJob.objects.select_related("province"), pk=job_id)
    if not national and (job.province_id is None or job.province_id not in {p.pk for p in provinces}):
        raise Http404("Tugas tidak ditemukan.")
    return job


@login_required
def jobs(request):
    """Bulk printing and compilation in the background, with their progress."""
    from kinerja.submissions.jobs import job_enqueue, scope_for
    from kinerja.submissions.models import JobKind, PrintJob

    national, provinces = scope_for(request.user)
    if not national and not provinces:
        raise Http404("Halaman ini untuk verifikator.")
    year = _year(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        province = None
        if kind in (JobKind.PROVINCE_ZIP, JobKind.COMPILE):
            try:
                province = next(p for p in provinces if p.pk == int(request.POST.get("province", "")))
            except (StopIteration, ValueError):
                raise Http404("Provinsi tidak ditemukan.") from None
            if kind == JobKind.COMPILE and province.pk not in access.verified_province_ids(request.user):
                messages.error(request, "Kompilasi dilakukan oleh verifikator provinsi itu sendiri.")
                return redirect("submissions:jobs")
        elif kind != JobKind.NATIONAL_PDFS or not national:
            raise Http404("Jenis tugas tidak dikenal.")
        job = job_enqueue(kind=kind, year=int(request.POST.get("year", year)), by=request.user, province=province)
        messages.success(request, f"{job} masuk antrean. Kemajuan tampil di bawah.")
        return redirect("submissions:jobs")
    listed = PrintJob.objects.all() if national else PrintJob.objects.filter(province__in=provinces)
    return render(
        request,
        "submissions/jobs.html",
        {
            "jobs": listed.select_related("province", "created_by")[:30],
            "national": national,
            "provinces": provinces,
            "year": year,
            "kinds": JobKind,
        },
    )


@login_required
def job_progress(request, job_id: int):
    """The progress bar of one job (polled by htmx while it runs)."""
    return render(request, "submissions/_job.html", {"job": _job_for_user(request.user, job_id)})


@login_required
def job_result(request, job_id: int):
    job = _job_for_user(request.user, job_id)
    if not job.result:
        raise Http404("Hasil belum tersedia.")
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result.name.rsplit("/", 1)[-1])
