"""The times of electronic signing: the moment printed in the signature block, in the
unit's own zone, and whether the PK's date lies so far back that signing needs a reason."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement
from kinerja.lib import formatting

# A PK dated more than this many days before the day it is signed electronically
# is signed only with a reason, kept in its history.
LATE_SIGNING_DAYS = 14


def printed_time(at: datetime.datetime, time_zone: str) -> str:
    """The moment of a signature as the signature block prints it, in the unit's zone:
    `10 Juni 2024 19.41 WIT` (the document's language, as the rest of the PK)."""
    return formatting.format_moment(at, time_zone)


def needs_reason(agreement: Agreement, at: datetime.datetime | None = None) -> bool:
    """True when the PK's date lies more than LATE_SIGNING_DAYS before the unit's today."""
    if agreement.signed_on is None:
        return False
    today = (at or timezone.now()).astimezone(ZoneInfo(agreement.unit.time_zone)).date()
    return (today - agreement.signed_on).days > LATE_SIGNING_DAYS


def late_refusal(agreement: Agreement) -> str:
    """Why signing a PK dated long ago waits for a reason, in the active language."""
    return _("PK ini bertanggal %(date)s, lebih dari %(days)s hari yang lalu: tuliskan alasan penandatanganannya.") % {
        "date": formatting.format_date(agreement.signed_on, language=None),
        "days": formatting.format_number(LATE_SIGNING_DAYS, language=None),
    }
