"""What the routing panel says of a sending to a ministry: its lateness against
the submission deadline, as lib.deadlines counts it."""

import datetime
from zoneinfo import ZoneInfo

from django import template

from kinerja.lib.deadlines import days_late, last_day
from kinerja.submissions.models import Sending

register = template.Library()


@register.simple_tag
def sending_lateness(sending: Sending) -> dict:
    """`{% sending_lateness s as late %}`: `late.days` after the deadline (0 when on time) and `late.last_day`.

    A sending is dated by day: it counts as made at the start of that day in the
    unit's own time zone, so a sending on 31 January is on time.
    """
    agreement = sending.agreement
    zone = agreement.unit.time_zone
    start = datetime.datetime.combine(sending.sent_on, datetime.time(), ZoneInfo(zone))
    return {"days": days_late(start, agreement.year, zone), "last_day": last_day(agreement.year)}
