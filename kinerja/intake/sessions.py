"""Bringing in an old PK through the page: the upload starts an intake, a background task reads it
(intake.tasks), the uploader reviews what was read and confirms; only then is it stored as history."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement
from kinerja.intake.models import IntakeSession, IntakeStatus
from kinerja.intake.reading import ReadError, checked_kind
from kinerja.intake.services import HistoryRefused, checked_source, store_history
from kinerja.intake.tasks import read_intake
from kinerja.organisation.models import Unit

FIRST_YEAR = 2000


class IntakeRefused(ValueError):
    """The upload was not taken; the message is for the user and nothing was stored."""


def check_upload(*, unit: Unit, year: int, data: bytes, filename: str) -> str:
    """The kind of the uploaded file (reading.kind_of), or IntakeRefused with the reason: read before
    anything is stored, so that a file that is no PK, too large, or for a year that cannot take one
    is turned away at once."""
    this_year = datetime.date.today().year
    if not FIRST_YEAR <= year < this_year:
        raise IntakeRefused(
            _("Tahun PK lama harus antara %(first)s dan %(last)s; PK tahun ini disusun di Kinerja.")
            % {"first": FIRST_YEAR, "last": this_year - 1}
        )
    if not data:
        raise IntakeRefused(_("Berkas kosong."))
    try:
        kind = checked_kind(data, filename)
        checked_source(data, filename)  # as every document upload is checked, before it is kept
    except (ReadError, HistoryRefused) as error:
        raise IntakeRefused(str(error)) from error
    if Agreement.objects.filter(unit=unit, year=year).exists():
        raise IntakeRefused(
            _("%(unit)s sudah memiliki PK tahun %(year)s; PK riwayat tidak menggantinya.")
            % {"unit": unit.short_name, "year": year}
        )
    return kind


@transaction.atomic
def intake_start(*, unit: Unit, year: int, data: bytes, filename: str, by) -> IntakeSession:
    """Keep the uploaded file and queue its reading; IntakeRefused (nothing stored) for a file or year refused.

    The reading is queued once the intake is committed, so that a quick worker finds it."""
    kind = check_upload(unit=unit, year=year, data=data, filename=filename)
    session = IntakeSession(unit=unit, year=year, filename=filename[:255], kind=kind, created_by=by)
    session.file.save(filename, ContentFile(data), save=False)
    session.save()
    transaction.on_commit(lambda: _enqueue(session.pk))
    return session


def _enqueue(session_id: int) -> None:
    result = read_intake.enqueue(session_id)
    IntakeSession.objects.filter(pk=session_id).update(task_id=str(result.id), progressed_at=timezone.now())


@transaction.atomic
def intake_retry(*, session: IntakeSession) -> None:
    """Queue again the reading of an intake whose worker died (IntakeSession.is_stalled); IntakeRefused for
    one still being read, or read already. The reading starts over (read_intake is safe to run again)."""
    locked = IntakeSession.objects.select_for_update().get(pk=session.pk)
    if not locked.is_stalled:
        raise IntakeRefused(_("Berkas ini masih dibaca atau sudah selesai dibaca; tidak perlu dibaca ulang."))
    IntakeSession.objects.filter(pk=locked.pk).update(done=0, total=0, progressed_at=timezone.now())
    transaction.on_commit(lambda: _enqueue(locked.pk))


def _waiting_for_review(session: IntakeSession) -> IntakeSession:
    """The intake locked for this transaction; HistoryRefused unless it is read and waiting for its review
    (stored already by a double click, still reading, failed)."""
    locked = IntakeSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != IntakeStatus.READY:
        raise HistoryRefused(
            _("Impor ini tidak menunggu konfirmasi (status: %(status)s).") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def intake_update(*, session: IntakeSession, reading: dict) -> None:
    """Keep the reading as the person has corrected it so far (rows removed, rows and programs typed in),
    to go on reviewing; HistoryRefused for an intake no longer waiting for its review."""
    locked = _waiting_for_review(session)
    locked.reading = reading
    locked.save(update_fields=["reading"])


@transaction.atomic
def intake_confirm(
    *, session: IntakeSession, reading: dict, by, submitted_on: str = "", received_on: str = ""
) -> Agreement:
    """Store the reading as the person confirmed it as the unit's PK of the year (store_history), with the
    uploaded file; the intake then points to it. HistoryRefused, writing nothing, for what store_history
    refuses and for an intake that is not waiting for its confirm (stored already by a double click)."""
    locked = _waiting_for_review(session)
    with locked.file.open("rb") as handle:
        data = handle.read()
    agreement = store_history(
        reading=reading,
        unit=locked.unit,
        year=locked.year,
        data=data,
        filename=locked.filename,
        by=by,
        submitted_on=submitted_on or None,
        received_on=received_on or None,
    )
    locked.reading = reading
    locked.status = IntakeStatus.STORED
    locked.agreement = agreement
    locked.save(update_fields=["reading", "status", "agreement"])
    return agreement
