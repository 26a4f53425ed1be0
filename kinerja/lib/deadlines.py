"""The submission deadline: the end of January of the agreement's year, at
midnight in the unit's own time zone (WIB, WITA or WIT)."""

import datetime
from zoneinfo import ZoneInfo


def submission_deadline(year: int, time_zone: str) -> datetime.datetime:
    """The first instant that is late: 1 February 00:00 local time (31 January 23:59 still counts)."""
    return datetime.datetime(year, 2, 1, tzinfo=ZoneInfo(time_zone))


def days_late(submitted_at: datetime.datetime, year: int, time_zone: str) -> int:
    """0 when on time; otherwise the calendar days after 31 January, counted in the unit's zone."""
    local = submitted_at.astimezone(ZoneInfo(time_zone))
    if local < submission_deadline(year, time_zone):
        return 0
    return (local.date() - datetime.date(year, 1, 31)).days


def deadline_state(
    submitted_at: datetime.datetime | None, year: int, time_zone: str, now: datetime.datetime
) -> tuple[str, int]:
    """("tepat", 0), ("terlambat", days), ("belum", 0) before the deadline, or ("tidak_ada", days overdue)."""
    if submitted_at is not None:
        late = days_late(submitted_at, year, time_zone)
        return ("terlambat", late) if late else ("tepat", 0)
    if now < submission_deadline(year, time_zone):
        return ("belum", 0)
    return ("tidak_ada", days_late(now, year, time_zone))
