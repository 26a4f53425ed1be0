"""What monitoring adds to the home page's list of things to do: realisation due.

A quarter's realisation is due from the quarter's last day until it closes
(QUARTER_GRACE_DAYS later); after that a change needs a reason. For each PK
the user reports for, each quarter in that window whose rows are not all
measured is listed with how many are missing and when it closes, in the
unit's own time zone. Registered with organisation.selectors.add_attention_source.
"""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.agreements.access import units_user_drafts_for
from kinerja.agreements.models import Agreement, Row
from kinerja.lib.formatting import format_date, format_number
from kinerja.monitoring.access import is_open
from kinerja.monitoring.models import Quarter, Realisation
from kinerja.monitoring.services import quarter_closes_on, quarter_ends_on
from kinerja.organisation.selectors import AttentionGroup, add_attention_source


def due_quarters(year: int, today: datetime.date) -> list[int]:
    """The quarters of `year` whose realisation is due on `today`: ended, not yet closed."""
    return [q for q in Quarter.values if quarter_ends_on(year, q) <= today <= quarter_closes_on(year, q)]


def realisation_due(user, today: datetime.date) -> list[dict]:
    items = []
    for unit in units_user_drafts_for(user):
        local = timezone.localtime(timezone.now(), ZoneInfo(unit.time_zone)).date()
        for year in (local.year - 1, local.year):
            agreement = Agreement.objects.filter(unit=unit, year=year).order_by("-version").first()
            if agreement is None or not is_open(agreement):
                continue
            rows = Row.objects.filter(section__agreement=agreement).count()
            for quarter in due_quarters(year, local):
                measured = (
                    Realisation.objects.filter(
                        row__section__agreement=agreement, quarter=quarter, superseded_at__isnull=True
                    )
                    .values("row")
                    .distinct()
                    .count()
                )
                if measured >= rows:
                    continue
                closes = quarter_closes_on(year, quarter)
                text = _(
                    "Realisasi %(quarter)s %(year)s %(unit)s: %(missing)s dari %(rows)s baris belum diisi; "
                    "ditutup %(date)s (%(days)s hari lagi)."
                ) % {
                    "quarter": Quarter(quarter).label,
                    "year": year,
                    "unit": unit.short_name,
                    "missing": format_number(rows - measured, language=None),
                    "rows": format_number(rows, language=None),
                    "date": format_date(closes, language=None),
                    "days": format_number((closes - local).days, language=None),
                }
                url = reverse("monitoring:agreement", args=[agreement.pk])
                items.append({"text": text, "url": url, "group": AttentionGroup.REALISATION})
    return items


def connect() -> None:
    add_attention_source(realisation_due)
