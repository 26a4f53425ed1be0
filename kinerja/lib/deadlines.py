"""The submission deadline: the end of January of the agreement's year, at
midnight in the unit's own time zone (WIB, WITA or WIT). Every page, reminder
and count asks these functions; nothing else spells the date."""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class DeadlineState(TextChoices):
    """Where a unit stands against the deadline."""

    ON_TIME = "on_time", _("tepat waktu")
    LATE = "late", _("terlambat")
    PENDING = "pending", _("belum, masih waktu")
    MISSING = "missing", _("belum, lewat batas")

    # Asked by templates, which never spell a state.
    @property
    def is_on_time(self) -> bool:
        return self is DeadlineState.ON_TIME

    @property
    def is_late(self) -> bool:
        return self is DeadlineState.LATE

    @property
    def is_missing(self) -> bool:
        return self is DeadlineState.MISSING


def last_day(year: int) -> datetime.date:
    """The last day on which a PK of `year` is on time: 31 January."""
    return datetime.date(year, 1, 31)


def submission_deadline(year: int, time_zone: str) -> datetime.datetime:
    """The first instant that is late: 1 February 00:00 local time (31 January 23:59 still counts)."""
    return datetime.datetime.combine(last_day(year) + datetime.timedelta(days=1), datetime.time(), ZoneInfo(time_zone))


def days_late(submitted_at: datetime.datetime, year: int, time_zone: str) -> int:
    """0 when on time; otherwise the calendar days after 31 January, counted in the unit's zone."""
    local = submitted_at.astimezone(ZoneInfo(time_zone))
    if local < submission_deadline(year, time_zone):
        return 0
    return (local.date() - last_day(year)).days


def deadline_state(
    submitted_at: datetime.datetime | None, year: int, time_zone: str, now: datetime.datetime
) -> tuple[DeadlineState, int]:
    """(ON_TIME, 0), (LATE, days), (PENDING, 0) before the deadline, or (MISSING, days overdue)."""
    if submitted_at is not None:
        late = days_late(submitted_at, year, time_zone)
        return (DeadlineState.LATE, late) if late else (DeadlineState.ON_TIME, 0)
    if now < submission_deadline(year, time_zone):
        return (DeadlineState.PENDING, 0)
    return (DeadlineState.MISSING, days_late(now, year, time_zone))
