"""Reminders about agreements: due within 7 days of the DIPA deadline, and
overdue after the end of January. This app decides what to remind about; the
notifications app only tells the users."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext_noop

from kinerja.agreements.models import LOCKED_STATUSES, SUBMITTED_STATUSES, Agreement
from kinerja.lib.deadlines import last_day
from kinerja.lib.i18n import day
from kinerja.notifications.models import Kind
from kinerja.notifications.services import UNIT_ROLES, notify_unit
from kinerja.organisation.models import Unit
from kinerja.planning.models import PK_DAYS_AFTER_DIPA, Dipa

REMIND_DAYS_BEFORE = 7


def send_reminders(*, today: datetime.date, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind units whose PK is due within 7 days, and those past the end of January without one.

    Returns the numbers of new notices (due soon, overdue). Each is sent once
    per unit and year, however often this runs.
    """
    return _remind_due_soon(today), _remind_overdue(today, now)


def _remind_due_soon(today: datetime.date) -> int:
    sent = 0
    window_start = today - datetime.timedelta(days=PK_DAYS_AFTER_DIPA)
    window_end = window_start + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    for dipa in Dipa.objects.filter(ratified_on__gte=window_start, ratified_on__lte=window_end).select_related("unit"):
        if Agreement.objects.filter(unit=dipa.unit, year=dipa.year, status__in=LOCKED_STATUSES).exists():
            continue
        sent += notify_unit(
            unit=dipa.unit,
            kind=Kind.DUE_SOON,
            message=gettext_noop(
                "PK %(year)s %(unit)s harus selesai disusun paling lambat %(due)s (30 hari setelah DIPA disahkan)."
            ),
            params={"year": dipa.year, "unit": dipa.unit.short_name, "due": day(dipa.pk_due_on)},
            url=reverse("agreements:list"),
            key=f"due:{dipa.unit_id}:{dipa.year}",
        )
    return sent


def _remind_overdue(today: datetime.date, now: datetime.datetime | None) -> int:
    sent = 0
    year = today.year
    submitted = Agreement.objects.filter(year=year, status__in=SUBMITTED_STATUSES).values_list("unit_id", flat=True)
    for unit in Unit.objects.exclude(pk__in=submitted).filter(memberships__role__in=UNIT_ROLES).distinct():
        local_today = now.astimezone(ZoneInfo(unit.time_zone)).date() if now else today
        if local_today <= last_day(year):
            continue
        sent += notify_unit(
            unit=unit,
            kind=Kind.OVERDUE,
            message=gettext_noop(
                "PK %(year)s %(unit)s belum disampaikan; batasnya %(last_day)s. "
                "Sampaikan segera: keterlambatan dicatat."
            ),
            params={"year": year, "unit": unit.short_name, "last_day": day(last_day(year))},
            url=reverse("agreements:list"),
            key=f"overdue:{unit.pk}:{year}",
        )
    return sent
