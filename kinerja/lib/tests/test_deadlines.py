"""The end-of-January deadline in each of Indonesia's three time zones, around midnight."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from kinerja.lib.deadlines import DeadlineState, days_late, deadline_state, submission_deadline
from kinerja.lib.timezones import WIB, WIT, WITA

UTC = datetime.UTC


def at(zone: str, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("zone", [WIB, WITA, WIT])
def test_a_minute_before_midnight_local_is_on_time_and_midnight_is_late(zone):
    assert days_late(at(zone, 2024, 1, 31, 23, 59, 59), 2024, zone) == 0
    assert days_late(at(zone, 2024, 2, 1, 0, 0, 0), 2024, zone) == 1


@pytest.mark.parametrize(
    ("zone", "expected"),
    [(WIB, 0), (WITA, 1), (WIT, 1)],
)
def test_the_same_instant_is_on_time_in_jakarta_and_late_in_makassar_and_jayapura(zone, expected):
    """16:30 UTC on 31 January is 23:30 WIB, 00:30 WITA and 01:30 WIT on 1 February."""
    instant = datetime.datetime(2024, 1, 31, 16, 30, tzinfo=UTC)
    assert days_late(instant, 2024, zone) == expected


def test_deadlines_are_one_hour_apart_between_zones():
    wib, wita, wit = (submission_deadline(2024, zone) for zone in (WIB, WITA, WIT))
    assert wib - wita == datetime.timedelta(hours=1)
    assert wita - wit == datetime.timedelta(hours=1)
    assert wit.astimezone(UTC) == datetime.datetime(2024, 1, 31, 15, 0, tzinfo=UTC)


def test_the_seed_example_of_6_march_2024_is_35_days_late():
    assert days_late(at(WIT, 2024, 3, 6, 10, 0), 2024, WIT) == 35


def test_states_before_and_after_the_deadline():
    now_before = at(WIT, 2024, 1, 31, 23, 0)
    now_after = at(WIT, 2024, 2, 3, 8, 0)
    assert deadline_state(None, 2024, WIT, now_before) == (DeadlineState.PENDING, 0)
    assert deadline_state(None, 2024, WIT, now_after) == (DeadlineState.MISSING, 3)
    assert deadline_state(at(WIT, 2024, 1, 20, 9, 0), 2024, WIT, now_after) == (DeadlineState.ON_TIME, 0)
    assert deadline_state(at(WIT, 2024, 2, 2, 9, 0), 2024, WIT, now_after) == (DeadlineState.LATE, 2)
