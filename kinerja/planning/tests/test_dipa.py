"""The PK is due 30 calendar days after the DIPA is ratified."""

import datetime

import pytest

from kinerja.planning.models import Dipa, pk_due_date


@pytest.mark.parametrize(
    ("ratified", "due"),
    [
        (datetime.date(2024, 1, 2), datetime.date(2024, 2, 1)),  # across a month
        (datetime.date(2024, 2, 1), datetime.date(2024, 3, 2)),  # leap year: February has 29 days
        (datetime.date(2023, 2, 1), datetime.date(2023, 3, 3)),  # common year
        (datetime.date(2024, 1, 30), datetime.date(2024, 2, 29)),  # lands on the leap day
        (datetime.date(2023, 12, 15), datetime.date(2024, 1, 14)),  # across a year
    ],
)
def test_pk_due_date_is_thirty_calendar_days_after_ratification(ratified, due):
    assert pk_due_date(ratified) == due


@pytest.mark.django_db
def test_sorong_demo_dipa_puts_the_pk_due_on_1_february_2024(units):
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=2024)
    assert dipa.pk_due_on == datetime.date(2024, 2, 1)
    assert dipa.total() == 5_113_999_000
