"""Reads for the notices pages."""

from kinerja.lib.timezones import WIB
from kinerja.organisation.models import Unit


def reader_time_zone(user) -> str:
    """The zone a user reads notice times in: that of their units when they all
    share one (an operator of a commission and its secretariat), else WIB, the
    server's, always shown with its label."""
    zones = set(Unit.objects.filter(memberships__user=user).values_list("time_zone", flat=True))
    return zones.pop() if len(zones) == 1 else WIB
