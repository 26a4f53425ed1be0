"""The life of an agreement after drafting (guideline C.2): finalise, sign by
scan, submit, compile, receive, return, and revise by a PK Perubahan.

Each move checks who may make it, refuses an illegal one with a clear message,
moves the status with a conditional update (a double click moves it once), and
writes a status-change row.
"""

import datetime
import hashlib
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements import access, hooks, signals, targets
from kinerja.agreements.models import (
    Agreement,
    AgreementError,
    BudgetLine,
    RevisionReason,
    Row,
    Section,
    SignedScan,
    Status,
    StatusChange,
)
from kinerja.audit.models import Action
from kinerja.audit.services import record_change
from kinerja.lib.deadlines import days_late
from kinerja.lib.i18n import term
from kinerja.lib.text import clean_text
from kinerja.lib.uploads import MAX_PDF_BYTES, checked_pdf
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify_unit

MAX_SCAN_BYTES = MAX_PDF_BYTES


class TransitionRefused(AgreementError):
    pass


def _label(status: str) -> str:
    return Status(status).label.lower()


def move(
    *,
    agreement: Agreement,
    to: str,
    by,
    reason: str = "",
    at: datetime.datetime | None = None,
    extra: dict | None = None,
    check_user: bool = True,
    reason_is_term: bool = False,
) -> Agreement:
    """Move `agreement` to `to`, or refuse with the reason in the user's language.

    `reason` is what the user typed, kept as typed; a reason the app itself
    gives (marked with gettext_noop) passes `reason_is_term=True`, so that the
    history shows it in the reader's language.
    """
    reason = clean_text(reason, field=_("Alasan"), error=TransitionRefused)
    current = Agreement.objects.select_related("unit").get(pk=agreement.pk)
    if to not in current.next_statuses():
        raise TransitionRefused(
            _("PK berstatus %(old)s tidak dapat dipindah ke %(new)s.")
            % {"old": _label(current.status), "new": _label(to)}
        )
    _refuse_replaced(current)
    if check_user and not access.may_move(by, current, to):
        raise TransitionRefused(_("Anda tidak berwenang memindah PK ini ke status %(new)s.") % {"new": _label(to)})
    at = at or timezone.now()
    values = {"status": to, **(extra or {})}
    old, new = Status(current.status).label, Status(to).label
    changes = {"status": [str(old), str(new)]}
    if to == Status.DRAFT:
        values.update(submitted_at=None, days_late=None)
        changes.update(_submission_undone(current))
    # The update names the status it starts from: of two identical requests
    # (a double click, two verifiers at once) only one moves the agreement.
    if not Agreement.objects.filter(pk=current.pk, status=current.status).update(**values):
        raise TransitionRefused(_("Status PK baru saja berubah; muat ulang halaman."))
    if to == Status.DRAFT:
        changes.update(_void_signed_documents(current, at))
    StatusChange.objects.create(
        agreement=current, from_status=current.status, to_status=to, by=by, at=at, reason=reason
    )
    record_change(
        obj=current,
        within=current,
        action=Action.STATUS,
        summary=gettext_noop("Status: %(old)s → %(new)s (%(reason)s)")
        if reason
        else gettext_noop("Status: %(old)s → %(new)s"),
        params={"old": term(old), "new": term(new), "reason": term(reason) if reason_is_term else reason},
        by=by,
        changes=changes,
    )
    from_status, current = current.status, Agreement.objects.select_related("unit").get(pk=current.pk)
    # The apps above react: a return voids the electronic signatures (signatures).
    signals.agreement_moved.send(
        sender=Agreement, agreement=current, from_status=from_status, to_status=to, by=by, reason=reason, at=at
    )
    return current


def _refuse_replaced(agreement: Agreement) -> None:
    """A version a PK Perubahan replaced moves no more: only the latest is compiled, received or returned."""
    replaced_by = Agreement.objects.filter(revision_of=agreement).values_list("version", flat=True).first()
    if replaced_by is not None:
        raise TransitionRefused(
            _(
                "PK ini telah diganti oleh PK Perubahan ke-%(number)s; hanya versi terbaru yang "
                "dikompilasi, diterima atau dikembalikan."
            )
            % {"number": replaced_by - 1}
        )


def _submission_undone(agreement: Agreement) -> dict:
    """Back in draft, the agreement is no longer handed in: its submission time and
    lateness are cleared (a later submission records its own), and the history
    keeps what they were."""
    if agreement.submitted_at is None:
        return {}
    local = timezone.localtime(agreement.submitted_at, ZoneInfo(agreement.unit.time_zone))
    return {
        "submitted_at": [local.isoformat(sep=" ", timespec="minutes"), None],
        "days_late": [str(agreement.days_late), None],
    }


def _void_signed_documents(agreement: Agreement, at: datetime.datetime) -> dict:
    """Back in draft, the signed document (scan or electronic) no longer stands: it is
    kept, marked void at the moment of the move, and the history says which."""
    standing = SignedScan.objects.filter(agreement=agreement, replaced_at__isnull=True)
    voided = list(standing.values_list("sha256", flat=True))
    standing.update(replaced_at=at, voided_at=at)
    return {"sha256": [voided[0], None]} if voided else {}


@transaction.atomic
def agreement_finalise(*, agreement: Agreement, by, at: datetime.datetime | None = None) -> Agreement:
    """Lock the content: from now on the document is printed and signed as it is.

    Quality checks only warn, but a document that cannot be signed at all (no
    indicator, no Pihak Pertama, no date of signing) is not finalised.
    """
    # Locked like every edit (services._lock_draft): an edit in progress is
    # finished before the content is checked and fixed, and a later one is refused.
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    missing = []
    if not Row.objects.filter(section__agreement=current).exists():
        missing.append(_("indikator di lampiran"))
    if not current.first_party_name.strip():
        missing.append(_("nama Pihak Pertama"))
    if current.has_second_party and not current.second_party_name.strip():
        missing.append(_("nama Pihak Kedua"))
    if current.signed_on is None:
        missing.append(_("tanggal penandatanganan"))
    unreadable = targets.unreadable(current)
    if unreadable:
        missing.append(_("target yang terbaca pada baris %(rows)s") % {"rows": ", ".join(unreadable[:10])})
    if missing:
        raise TransitionRefused(
            _("PK belum dapat difinalkan: %(missing)s belum diisi.") % {"missing": ", ".join(missing)}
        )
    return move(agreement=agreement, to=Status.FINAL, by=by, at=at)


@transaction.atomic
def agreement_reopen(*, agreement: Agreement, by, reason: str) -> Agreement:
    """Unlock a final agreement that has not been signed yet, to correct it."""
    if agreement.status != Status.FINAL:
        raise TransitionRefused(_("Hanya PK final yang belum ditandatangani yang dapat dibuka kembali."))
    if not reason.strip():
        raise TransitionRefused(_("Tuliskan alasan membuka kembali PK."))
    # Back to draft, the content may change: the signatures app voids the
    # electronic signatures when it hears of the move (agreement_moved).
    return move(agreement=agreement, to=Status.DRAFT, by=by, reason=reason.strip())


@transaction.atomic
def scan_upload(
    *, agreement: Agreement, data: bytes, filename: str, by, at: datetime.datetime | None = None
) -> SignedScan:
    """Store the scan of the signed hardcopy, checked before it is stored.

    Only a final agreement takes a scan, and the scan moves it to signed. From
    then on its signed document is never replaced: only a return to draft
    (which voids it) or a PK Perubahan (a new version) changes what stands.
    The same file as the standing document again (a double click, a retry after
    a slow upload) changes nothing, and the history keeps one upload.
    """
    agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    if agreement.status == Status.DRAFT:
        raise TransitionRefused(
            _("Pindaian hanya dapat diunggah untuk PK final; PK ini berstatus %(status)s.")
            % {"status": _label(agreement.status)}
        )
    if not access.can_edit(by, agreement):
        raise TransitionRefused(_("Anda tidak berwenang mengunggah pindaian PK ini."))
    if agreement.status != Status.FINAL:
        current = agreement.current_scan()
        same_again = current is not None and current.sha256 == hashlib.sha256(data).hexdigest()
        if agreement.status == Status.SIGNED and same_again:
            return current
        raise TransitionRefused(
            _(
                "PK ini sudah ditandatangani; dokumen bertanda tangannya tidak dapat diganti. "
                "Bila ada yang salah, PK dikembalikan ke draf oleh verifikator atau diubah melalui PK Perubahan."
            )
        )
    pages, sha256 = checked_pdf(data, max_bytes=MAX_SCAN_BYTES)
    hooks.check_scan(agreement, data, pages)
    at = at or timezone.now()
    scan = store_signed_document(
        agreement=agreement, data=data, sha256=sha256, pages=pages, filename=filename, by=by, at=at
    )
    if agreement.status == Status.FINAL:
        move(agreement=agreement, to=Status.SIGNED, by=by, at=at)
    return scan


def store_signed_document(
    *,
    agreement: Agreement,
    data: bytes,
    sha256: str,
    pages: int,
    filename: str,
    by,
    at: datetime.datetime,
    electronic: bool = False,
) -> SignedScan:
    """Keep `data` (checked already) as the agreement's signed document: an uploaded
    scan, or the PDF every party signed electronically. The one it replaces stays
    in the history."""
    SignedScan.objects.filter(agreement=agreement, replaced_at__isnull=True).update(replaced_at=at)
    scan = SignedScan(
        agreement=agreement,
        sha256=sha256,
        size=len(data),
        pages=pages,
        original_name=filename[:255],
        uploaded_by=by,
        uploaded_at=at,
        electronic=electronic,
    )
    scan.file.save(f"{sha256}.pdf", ContentFile(data), save=False)
    scan.save()
    signals.signed_document_stored.send(sender=SignedScan, scan=scan, agreement=agreement, data=data)
    if electronic:
        summary = gettext_noop("Dokumen bertanda tangan elektronik disimpan (%(pages)s halaman, SHA-256 %(sha)s…)")
    else:
        summary = gettext_noop("Pindaian bertanda tangan diunggah (%(pages)s halaman, SHA-256 %(sha)s…)")
    record_change(
        obj=scan,
        within=agreement,
        action=Action.SCAN,
        summary=summary,
        params={"pages": pages, "sha": sha256[:12]},
        by=by,
        changes={"sha256": [None, sha256]},
    )
    return scan


@transaction.atomic
def agreement_submit(*, agreement: Agreement, by, at: datetime.datetime | None = None) -> Agreement:
    """Hand the signed agreement in; its lateness is recorded, never refused."""
    at = at or timezone.now()
    unit = agreement.unit
    late = days_late(at, agreement.year, unit.time_zone)
    return move(agreement=agreement, to=Status.SUBMITTED, by=by, at=at, extra={"submitted_at": at, "days_late": late})


@transaction.atomic
def agreement_receive(*, agreement: Agreement, by, at: datetime.datetime | None = None) -> Agreement:
    """KPU (Perencanaan and Inspektorat) receives the agreement; the unit is told."""
    received = move(agreement=agreement, to=Status.RECEIVED, by=by, at=at)
    notify_unit(
        unit=received.unit,
        kind=Kind.RECEIVED,
        message=gettext_noop("%(agreement)s telah diterima KPU."),
        params={"agreement": str(received)},
        url=received.get_absolute_url(),
        key=f"received:{received.pk}",
    )
    return received


@transaction.atomic
def agreement_return(*, agreement: Agreement, by, reason: str) -> Agreement:
    """A verifier sends the agreement back to draft; the reason is kept and the unit told."""
    if agreement.status not in (Status.SUBMITTED, Status.COMPILED):
        raise TransitionRefused(_("Hanya PK yang sudah disampaikan yang dapat dikembalikan."))
    if not reason.strip():
        raise TransitionRefused(_("Tuliskan alasan pengembalian agar unit tahu apa yang harus diperbaiki."))
    returned = move(agreement=agreement, to=Status.DRAFT, by=by, reason=reason.strip())
    change = returned.status_changes.order_by("-at", "-pk").first()
    notify_unit(
        unit=returned.unit,
        kind=Kind.RETURNED,
        message=gettext_noop("%(agreement)s dikembalikan: %(reason)s"),
        params={"agreement": str(returned), "reason": reason.strip()[:250]},
        url=returned.get_absolute_url(),
        key=f"returned:{change.pk}",
    )
    return returned


@transaction.atomic
def agreement_revise(*, agreement: Agreement, reason: str, note: str, by) -> Agreement:
    """Start a PK Perubahan: a new draft version that points to the one it replaces.

    Allowed only after submission; the earlier version stays as it is,
    readable and printable.
    """
    agreement = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    if agreement.status not in (Status.SUBMITTED, Status.COMPILED, Status.RECEIVED):
        raise TransitionRefused(_("PK Perubahan hanya dapat dibuat setelah PK disampaikan."))
    if reason not in RevisionReason.values:
        raise TransitionRefused(_("Pilih alasan perubahan: pergantian pejabat, perubahan anggaran, atau prioritas."))
    note = clean_text(note, field="Keterangan perubahan", error=TransitionRefused)
    if not note:
        raise TransitionRefused(_("Jelaskan perubahan yang dilakukan."))
    if Agreement.objects.filter(revision_of=agreement).exists():
        raise TransitionRefused(_("PK ini sudah memiliki PK Perubahan; ubah versi terbarunya."))
    if not access.can_edit(by, agreement):
        raise TransitionRefused(_("Anda tidak berwenang membuat PK Perubahan untuk unit ini."))
    latest = Agreement.objects.filter(unit=agreement.unit, year=agreement.year).order_by("-version").first()
    if latest.pk != agreement.pk:
        raise TransitionRefused(_("Hanya versi terbaru yang dapat diubah melalui PK Perubahan."))

    revision = _copy_as_revision(agreement, reason=reason, note=note.strip(), by=by)
    record_change(
        obj=revision,
        within=revision,
        action=Action.REVISE,
        summary=gettext_noop("PK Perubahan ke-%(number)s dibuat: %(reason)s. %(note)s"),
        params={"number": revision.version - 1, "reason": term(RevisionReason(reason).label), "note": note.strip()},
        by=by,
        changes={"revision_of": [None, str(agreement.pk)]},
    )
    signals.agreement_revised.send(sender=Agreement, agreement=agreement, revision=revision, by=by)
    return revision


def _copy_as_revision(agreement: Agreement, *, reason: str, note: str, by) -> Agreement:
    """A new draft version with the content of `agreement`: statement, sections, rows and budget lines."""
    revision = Agreement.objects.create(
        unit=agreement.unit,
        year=agreement.year,
        version=agreement.version + 1,
        revision_of=agreement,
        revision_reason=reason,
        revision_note=note,
        opening=agreement.opening,
        paragraphs=list(agreement.paragraphs),
        first_party_name=agreement.first_party_name,
        first_party_position=agreement.first_party_position,
        first_party_acting=agreement.first_party_acting,
        has_second_party=agreement.has_second_party,
        second_party_name=agreement.second_party_name,
        second_party_position=agreement.second_party_position,
        second_party_acting=agreement.second_party_acting,
        signed_place=agreement.signed_place,
        created_by=by,
    )
    for section in agreement.sections.prefetch_related("rows"):
        copy = Section.objects.create(
            agreement=revision,
            order=section.order,
            number=section.number,
            code=section.code,
            title=section.title,
            activity_id=section.activity_id,
        )
        Row.objects.bulk_create(
            Row(
                section=copy,
                order=row.order,
                letter=row.letter,
                output=row.output,
                indicator_text=row.indicator_text,
                indicator_id=row.indicator_id,
                target=row.target,
                measure_unit=row.measure_unit,
                origin=row,
            )
            for row in section.rows.all()
        )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            agreement=revision,
            order=line.order,
            program_name=line.program_name,
            program_code=line.program_code,
            program_id=line.program_id,
            amount=line.amount,
        )
        for line in agreement.budget_lines.all()
    )
    return revision


@transaction.atomic
def history_record(
    *,
    agreement: Agreement,
    submitted_at: datetime.datetime | None,
    received_at: datetime.datetime | None,
    by,
) -> Agreement:
    """Record a PK of an earlier year, drawn up from its file as a draft, as received history.

    The one move outside the pipeline: such a PK was signed, handed in and received long before
    Kinerja; it is not signed or submitted again. Its dates are the ones its file and the person
    who brings it in know, none invented: without a submission date its lateness stays unknown.
    """
    current = Agreement.objects.select_for_update().select_related("unit").get(pk=agreement.pk)
    if current.status != Status.DRAFT or not current.is_history:
        raise TransitionRefused(_("Hanya PK riwayat yang baru dimasukkan yang dicatat sebagai riwayat."))
    late = days_late(submitted_at, current.year, current.unit.time_zone) if submitted_at else None
    at = received_at or timezone.now()
    Agreement.objects.filter(pk=current.pk, status=Status.DRAFT).update(
        status=Status.RECEIVED, submitted_at=submitted_at, days_late=late
    )
    StatusChange.objects.create(
        agreement=current,
        from_status=Status.DRAFT,
        to_status=Status.RECEIVED,
        by=by,
        at=at,
        reason=gettext_noop("PK riwayat dimasukkan dari berkasnya"),
    )
    record_change(
        obj=current,
        within=current,
        action=Action.IMPORT,
        summary=gettext_noop("%(agreement)s dimasukkan sebagai riwayat dari berkasnya"),
        params={"agreement": str(current)},
        by=by,
        changes={"status": [str(Status(Status.DRAFT).label), str(Status(Status.RECEIVED).label)]},
    )
    return Agreement.objects.select_related("unit").get(pk=current.pk)
