"""The reading of an uploaded PK, in the background (django-tasks, run by the worker): a scan takes
seconds a page, and its progress is written page by page for the page's progress bar."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from kinerja.intake import pages
from kinerja.intake.matching import match_indicators
from kinerja.intake.models import IntakeSession, IntakeStatus
from kinerja.intake.reading import ReadError, flag, read


@task()
def read_intake(session_id: int) -> str:
    """Read one intake's file, match its indicators, and leave it ready for review (or failed, with the
    reader's message). Safe to run again after a worker died half-way: it starts over."""
    session = IntakeSession.objects.select_related("unit").get(pk=session_id)
    if session.status != IntakeStatus.READING:
        return "nothing to do"
    IntakeSession.objects.filter(pk=session.pk).update(done=0, total=0, error="", progressed_at=timezone.now())
    with session.file.open("rb") as handle:
        data = handle.read()

    def progress(done: int, total: int) -> None:
        IntakeSession.objects.filter(pk=session.pk).update(done=done, total=total, progressed_at=timezone.now())

    try:
        reading = read(data, session.filename, progress=progress)
        match_indicators(reading)
        _check_year(reading, session.year)
        count = pages.count(data, session.kind)
        places = pages.places(reading, data, session.kind, count)
    except ReadError as error:
        IntakeSession.objects.filter(pk=session.pk).update(status=IntakeStatus.FAILED, error=str(error))
        return "failed"
    except Exception:
        IntakeSession.objects.filter(pk=session.pk).update(
            status=IntakeStatus.FAILED, error=_("Berkas tidak dapat dibaca karena kesalahan sistem; coba lagi nanti.")
        )
        raise
    IntakeSession.objects.filter(pk=session.pk).update(
        status=IntakeStatus.READY, reading=reading, pages=count, places=places
    )
    return "ready"


def _check_year(reading: dict, year: int) -> None:
    """The year the uploader chose is the PK's; a file that names another is flagged for the review."""
    if reading["year"] is not None and reading["year"] != year:
        flag(
            reading,
            "year",
            _("Berkas menyebut tahun %(read)s, bukan %(asked)s.") % {"read": reading["year"], "asked": year},
        )
    reading["year"] = year
