"""Routing after submission: sendings to the ministries, the province's
compilation and forwarding, KPU's receipt, and the hardcopy archive."""

import datetime
import hashlib
import io
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pypdf import PdfReader, PdfWriter

from kinerja.agreements import lifecycle
from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, Status
from kinerja.agreements.services import AgreementError
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.documents import registry
from kinerja.documents.models import IssuedKind
from kinerja.documents.pdf import compile_template
from kinerja.lib.formatting import format_date, format_number
from kinerja.lib.i18n import term
from kinerja.lib.sheets import append_row
from kinerja.lib.text import clean_text
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify_role, notify_unit
from kinerja.organisation.models import Role, Unit, UnitKind
from kinerja.submissions.access import acts_for_kpu, acts_for_province
from kinerja.submissions.models import CompilationPackage, HardcopyArchive, HardcopyRequest, Sending
from kinerja.submissions.selectors import compilable, hardcopy_of


class RoutingError(AgreementError):
    pass


def _local(moment: datetime.datetime | None, zone: str) -> str:
    if moment is None:
        return "—"
    return format_date(moment.astimezone(ZoneInfo(zone)).date())


def _check_sent_on(agreement: Agreement, sent_on: datetime.date) -> None:
    """A sending happened between the PK's submission and today, both as dates in the unit's own zone."""
    zone = ZoneInfo(agreement.unit.time_zone)
    today = timezone.now().astimezone(zone).date()
    if sent_on > today:
        raise RoutingError(
            _("Tanggal kirim %(sent_on)s belum terjadi: hari ini %(today)s.")
            % {"sent_on": format_date(sent_on, language=None), "today": format_date(today, language=None)}
        )
    if agreement.submitted_at is None:
        return
    submitted_on = agreement.submitted_at.astimezone(zone).date()
    if sent_on < submitted_on:
        raise RoutingError(
            _("Tanggal kirim %(sent_on)s sebelum PK disampaikan (%(submitted_on)s).")
            % {"sent_on": format_date(sent_on, language=None), "submitted_on": format_date(submitted_on, language=None)}
        )


@transaction.atomic
def sending_record(
    *, agreement: Agreement, recipient: str, sent_on: datetime.date, channel: str, form: str, reference: str, by
) -> Sending:
    """Record that a central unit's agreement went to a ministry (guideline C.2.c–d).

    The date of sending is refused when it lies in the future or before the PK
    was submitted, each counted as a date in the unit's own time zone.
    """
    agreement = Agreement.objects.select_related("unit").get(pk=agreement.pk)
    if not agreement.unit.is_central:
        raise RoutingError(_("Hanya PK KPU, Setjen dan unit Eselon II yang dikirim ke kementerian."))
    if agreement.status not in SUBMITTED_STATUSES:
        raise RoutingError(_("Catat pengiriman setelah PK disampaikan."))
    if not acts_for_kpu(by):
        raise RoutingError(_("Hanya verifikator pusat yang mencatat pengiriman ke kementerian."))
    _check_sent_on(agreement, sent_on)
    reference = clean_text(reference, field=_("Nomor surat/referensi"), max_length=120, error=RoutingError)
    sending = Sending(
        agreement=agreement,
        recipient=recipient,
        sent_on=sent_on,
        channel=channel,
        form=form,
        reference=reference,
        recorded_by=by,
    )
    sending.full_clean()
    sending.save()
    record_change(
        obj=sending,
        within=agreement,
        action=Action.SEND,
        # The month as an interface text: `30 Januari 2024`, and `30 January 2024` in English.
        summary=gettext_noop("Dikirim ke %(recipient)s (%(form)s) %(day)s %(month)s %(year)s"),
        params={
            "recipient": term(sending.get_recipient_display()),
            "form": term(sending.get_form_display()),
            "day": sent_on.day,
            "month": term(MONTHS[sent_on.month]),
            "year": sent_on.year,
        },
        by=by,
    )
    return sending


# The compilation (cover, index and recap) is an official document sent to KPU:
# it is written in Indonesian whatever the language of the interface.


def _cover(province: Unit, year: int, number: int, agreements: list[Agreement], at: datetime.datetime) -> bytes:
    rows = []
    for index, agreement in enumerate(agreements, start=1):
        late = agreement.days_late
        rows.append(
            [
                str(index),
                agreement.unit.name + (f" (Perubahan ke-{agreement.version - 1})" if agreement.version > 1 else ""),
                format_date(agreement.signed_on) or "—",
                _local(agreement.submitted_at, agreement.unit.time_zone),
                "tepat waktu" if late == 0 else f"terlambat {format_number(late)} hari",
                "Dikompilasi",
            ]
        )
    return compile_template(
        "compilation.typ",
        {
            "title": f"KOMPILASI PERJANJIAN KINERJA TAHUN {year}",
            "subtitle": ["KABUPATEN/KOTA DI WILAYAH", province.name.upper()],
            "summary": f"Paket {number}: {format_number(len(agreements))} perjanjian kinerja",
            "compiled": f"Dikompilasi {_local(at, province.time_zone)}",
            "index_title": "DAFTAR ISI",
            "columns": ["No", "Unit kerja", "Tanggal PK", "Disampaikan", "Ketepatan", "Status"],
            "rows": rows,
            "footer": f"Kompilasi Perjanjian Kinerja {year} — {province.short_name}",
        },
    )


def _recap(province: Unit, year: int, agreements: list[Agreement]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekap"
    sheet.append([f"Rekap kompilasi PK {year} — {province.name}"])
    sheet["A1"].font = Font(bold=True)
    header = [
        "No",
        "Kode wilayah",
        "Unit kerja",
        "Versi",
        "Tanggal PK",
        "Disampaikan",
        "Terlambat (hari)",
        "SHA-256 pindaian",
        "Lokasi hardcopy",
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for index, agreement in enumerate(agreements, start=1):
        scan = agreement.current_scan()
        archive = hardcopy_of(agreement)
        append_row(
            sheet,
            [
                index,
                agreement.unit.region_code,
                agreement.unit.name,
                agreement.version,
                agreement.signed_on,
                _local(agreement.submitted_at, agreement.unit.time_zone),
                agreement.days_late,
                scan.sha256 if scan else "",
                archive.location if archive else "",
            ],
        )
    for column, width in zip("ABCDEFGHI", (5, 12, 50, 7, 13, 18, 10, 66, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[4].number_format = "DD-MM-YYYY"
        row[2].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def package_compile(*, province: Unit, year: int, by, at: datetime.datetime | None = None) -> CompilationPackage:
    """Compile the submitted agreements of a province's kabupaten/kota into one package.

    The package holds a cover with the index of units, all signed scans merged
    into one PDF, and a recap .xlsx; each agreement moves to "compiled".
    """
    if province.kind != UnitKind.PROVINCE:
        raise RoutingError(_("Kompilasi dilakukan oleh KPU Provinsi/KIP Aceh."))
    if not acts_for_province(by, province.pk):
        raise RoutingError(_("Anda bukan verifikator provinsi ini."))
    # Lock the agreements so that two verifiers compiling at once cannot put
    # the same agreement into two packages.
    agreements = list(compilable(province, year).select_for_update(of=("self",)))
    if not agreements:
        raise RoutingError(_("Belum ada PK kabupaten/kota yang disampaikan dan menunggu kompilasi."))
    missing_scan = [a.unit.short_name for a in agreements if a.current_scan() is None]
    if missing_scan:
        raise RoutingError(_("PK tanpa pindaian bertanda tangan: %(units)s.") % {"units": ", ".join(missing_scan)})
    at = at or timezone.now()
    number = (CompilationPackage.objects.filter(province=province, year=year).aggregate(m=Max("number"))["m"] or 0) + 1

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_cover(province, year, number, agreements, at))))
    for agreement in agreements:
        scan = agreement.current_scan()
        with scan.file.open("rb") as handle:
            writer.append(PdfReader(io.BytesIO(handle.read())))
    merged = io.BytesIO()
    writer.write(merged)
    merged_bytes = merged.getvalue()

    package = CompilationPackage(
        province=province,
        year=year,
        number=number,
        created_by=by,
        created_at=at,
        merged_sha256=hashlib.sha256(merged_bytes).hexdigest(),
    )
    stem = f"kompilasi-{year}-{province.code}-{number}"
    package.merged_pdf.save(f"{stem}.pdf", ContentFile(merged_bytes), save=False)
    registry.record(
        kind=IssuedKind.PACKAGE,
        data=merged_bytes,
        sha256=package.merged_sha256,
        label=f"{stem}.pdf",
    )
    package.recap_xlsx.save(f"{stem}.xlsx", ContentFile(_recap(province, year, agreements)), save=False)
    package.save()
    package.agreements.set(agreements)
    for agreement in agreements:
        lifecycle.move(agreement=agreement, to=Status.COMPILED, by=by, at=at)
    return package


@transaction.atomic
def package_forward(*, package: CompilationPackage, by, at: datetime.datetime | None = None) -> CompilationPackage:
    """The province sends its compilation to KPU."""
    package = CompilationPackage.objects.select_for_update().select_related("province").get(pk=package.pk)
    if not acts_for_province(by, package.province_id):
        raise RoutingError(_("Anda bukan verifikator provinsi ini."))
    if package.forwarded_at:
        raise RoutingError(_("Paket ini sudah diteruskan ke KPU."))
    package.forwarded_at, package.forwarded_by = at or timezone.now(), by
    package.save(update_fields=["forwarded_at", "forwarded_by"])
    notify_role(
        role=Role.CENTRAL_VERIFIER,
        kind=Kind.FORWARDED,
        message=gettext_noop("Kompilasi %(province)s %(year)s paket %(number)s diteruskan ke KPU (%(count)s PK)."),
        params={
            "province": package.province.short_name,
            "year": package.year,
            "number": package.number,
            "count": package.agreements.count(),
        },
        url=package.get_absolute_url(),
        key=f"forwarded:{package.pk}",
    )
    return package


@transaction.atomic
def package_receive(*, package: CompilationPackage, by, at: datetime.datetime | None = None) -> CompilationPackage:
    """KPU receives a forwarded package: every agreement in it is received, except a
    version that a PK Perubahan replaced meanwhile (the revision goes its own way)."""
    package = CompilationPackage.objects.select_for_update().get(pk=package.pk)
    if not acts_for_kpu(by):
        raise RoutingError(_("Hanya verifikator pusat yang menerima kompilasi provinsi."))
    if not package.forwarded_at:
        raise RoutingError(_("Paket ini belum diteruskan oleh provinsi."))
    if package.received_at:
        raise RoutingError(_("Paket ini sudah diterima."))
    at = at or timezone.now()
    for agreement in package.agreements.filter(status=Status.COMPILED, revised_by__isnull=True):
        lifecycle.agreement_receive(agreement=agreement, by=by, at=at)
    package.received_at, package.received_by = at, by
    package.save(update_fields=["received_at", "received_by"])
    return package


@transaction.atomic
def hardcopy_record(*, agreement: Agreement, location: str, by) -> HardcopyArchive:
    """The province records where it keeps the signed paper copy."""
    if not acts_for_province(by, agreement.unit.province_id):
        raise RoutingError(_("Arsip hardcopy dicatat oleh verifikator provinsi."))
    location = clean_text(location, field=_("Lokasi arsip"), max_length=300, error=RoutingError)
    if not location:
        raise RoutingError(_("Tuliskan lokasi arsip, mis. lemari, rak, map."))
    archive, _created = HardcopyArchive.objects.update_or_create(
        agreement=agreement, defaults={"location": location, "recorded_by": by}
    )
    record_change(
        obj=archive,
        within=agreement,
        action=Action.ARCHIVE,
        summary=gettext_noop("Arsip hardcopy: %(location)s"),
        params={"location": location},
        by=by,
    )
    return archive


@transaction.atomic
def hardcopy_request(*, agreement: Agreement, note: str, by) -> HardcopyRequest:
    """KPU asks the province for the paper copy."""
    if not acts_for_kpu(by):
        raise RoutingError(_("Permintaan hardcopy diajukan oleh verifikator pusat."))
    note = clean_text(note, field=_("Keperluan"), error=RoutingError)
    if not note:
        raise RoutingError(_("Tuliskan keperluan permintaan hardcopy."))
    request = HardcopyRequest.objects.create(agreement=agreement, note=note.strip(), requested_by=by)
    if agreement.unit.province:
        notify_unit(
            unit=agreement.unit.province,
            kind=Kind.RECEIVED,
            message=gettext_noop("KPU meminta hardcopy %(agreement)s: %(note)s"),
            params={"agreement": str(agreement), "note": note.strip()[:200]},
            url=agreement.get_absolute_url(),
            key=f"hardcopy-request:{request.pk}",
            roles=(Role.PROVINCE_VERIFIER,),
        )
    return request


@transaction.atomic
def hardcopy_answer(*, request: HardcopyRequest, answer: str, by) -> HardcopyRequest:
    """The province answers KPU's request for a paper copy."""
    if not acts_for_province(by, request.agreement.unit.province_id):
        raise RoutingError(_("Permintaan ini dijawab oleh verifikator provinsi."))
    answer = clean_text(answer, field=_("Jawaban"), error=RoutingError)
    if not answer:
        raise RoutingError(_("Tuliskan jawaban, mis. tanggal dan cara pengiriman hardcopy."))
    request.answer, request.answered_by, request.answered_at = answer.strip(), by, timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    return request
