"""The achievement rules, with properties checked over many numbers (hypothesis)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.monitoring.achievement import (
    NOT_COMPUTABLE,
    NOT_MEASURED,
    Category,
    Value,
    by_quarter,
    category,
    single,
)
from kinerja.planning.targets import GradeScale, MeasureType, Polarity, Target

numbers = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False, places=4)
positive = st.decimals(min_value=Decimal("0.0001"), max_value=10**9, allow_nan=False, allow_infinity=False, places=4)
polarities = st.sampled_from([Polarity.HIGHER, Polarity.LOWER, Polarity.RANGE])


def t(value, upper=None):
    return Target(value=Decimal(value), upper=Decimal(upper) if upper is not None else None)


def v(number):
    return Value(number=Decimal(number))


# Properties -------------------------------------------------------------------


@given(target=positive, polarity=polarities)
def test_exactly_at_the_target_is_100_percent(target, polarity):
    assert single(Target(value=target), Value(number=target), polarity=polarity).percent == 100


@given(target=positive, a=numbers, b=numbers)
def test_higher_is_better_never_decreases_as_the_realisation_grows(target, a, b):
    low, high = sorted((a, b))
    first = single(Target(value=target), Value(number=low), polarity=Polarity.HIGHER).percent
    second = single(Target(value=target), Value(number=high), polarity=Polarity.HIGHER).percent
    assert first <= second


@given(target=positive, a=numbers, b=numbers)
def test_lower_is_better_never_increases_as_the_realisation_grows(target, a, b):
    low, high = sorted((a, b))
    first = single(Target(value=target), Value(number=low), polarity=Polarity.LOWER).percent
    second = single(Target(value=target), Value(number=high), polarity=Polarity.LOWER).percent
    assert first >= second


@given(lower=positive, width=positive, value=numbers)
def test_inside_a_range_is_100_and_outside_is_less(lower, width, value):
    target = Target(value=lower, upper=lower + width)
    percent = single(target, Value(number=value), polarity=Polarity.RANGE).percent
    inside = lower <= value <= lower + width
    assert (percent == 100) if inside else (percent <= 100)


@settings(max_examples=300)
@given(
    target=st.one_of(st.none(), numbers),
    value=st.one_of(st.none(), numbers),
    polarity=polarities,
    measure=st.sampled_from(list(MeasureType)),
)
def test_no_number_zero_or_missing_value_ever_raises_or_gives_infinity(target, value, polarity, measure):
    goal = Target(value=target, upper=(target + 10) if target is not None and polarity == Polarity.RANGE else None)
    result = single(goal, Value(number=value), polarity=polarity)
    assert result.percent is None or result.percent.is_finite()
    assert result.percent is not None or result.reason in (NOT_MEASURED, NOT_COMPUTABLE)
    for quarter in by_quarter(goal, [Value(number=value)] * 4, polarity=polarity, measure_type=measure):
        assert quarter.percent is None or quarter.percent.is_finite()


# Examples of the issue ----------------------------------------------------------


def test_lower_is_better_example_of_voters_not_registered():
    """Target 2%, realisation 1% → 150%."""
    assert single(t(2), v(1), polarity=Polarity.LOWER).percent == 150


def test_zero_and_missing_targets_cannot_be_computed():
    assert single(t(0), v(5), polarity=Polarity.HIGHER).reason == NOT_COMPUTABLE
    assert single(Target(), v(5), polarity=Polarity.HIGHER).reason == NOT_COMPUTABLE
    assert single(t(0), v(0), polarity=Polarity.LOWER).percent == 100  # nothing allowed, nothing happened
    assert single(t(5), Value(), polarity=Polarity.HIGHER).reason == NOT_MEASURED


def test_range_outside_is_measured_against_the_nearer_bound():
    assert single(t(80, 90), v(72), polarity=Polarity.RANGE).percent == 90  # 72/80
    assert single(t(80, 90), v(99), polarity=Polarity.RANGE).percent == 90  # 2 − 99/90
    assert single(t(80, 90), v(85), polarity=Polarity.RANGE).percent == 100


def test_grades_by_their_position_on_the_scale():
    def g(target, actual, scale):
        return single(Target(grade=target), Value(grade=actual), polarity=Polarity.HIGHER, scale=scale).percent

    assert g("WTP", "WTP", GradeScale.AUDIT_OPINION) == 100
    assert g("WTP", "WDP", GradeScale.AUDIT_OPINION) == 75
    assert g("BB", "B", GradeScale.SAKIP) == 80
    assert g("BB", "A", GradeScale.SAKIP) == 120
    assert single(Target(grade="BB"), Value(grade="Z"), polarity=Polarity.HIGHER, scale=GradeScale.SAKIP).reason == (
        NOT_COMPUTABLE
    )


def test_categories_follow_the_bands():
    assert category(Decimal(100)) == Category.MET
    assert category(Decimal("99.99")) == Category.NEARLY_MET
    assert category(Decimal(75)) == Category.NEARLY_MET
    assert category(Decimal("74.9")) == Category.NOT_MET


# Measure types across four quarters ------------------------------------------------


def percents(results):
    return [r.percent if r.percent is not None else r.reason for r in results]


def test_cumulative_sums_the_quarters():
    results = by_quarter(t(100), [v(20), v(30), Value(), v(50)], polarity=Polarity.HIGHER, measure_type="cumulative")
    assert percents(results) == [20, 50, 50, 100]


def test_last_value_takes_the_latest_reported_quarter():
    results = by_quarter(t(80), [v(40), v(60), Value(), v(80)], polarity=Polarity.HIGHER, measure_type="last")
    assert percents(results) == [50, 75, 75, 100]


def test_flat_requires_every_quarter_to_meet_the_target():
    results = by_quarter(t(100), [v(100), v(90), v(100), v(100)], polarity=Polarity.HIGHER, measure_type="flat")
    assert percents(results) == [100, 90, 90, 90]


def test_once_a_year_release_is_not_measured_until_released_never_zero():
    results = by_quarter(
        Target(grade="B"),
        [Value(), Value(), Value(), Value(grade="B")],
        polarity=Polarity.HIGHER,
        measure_type="annual",
        scale=GradeScale.SAKIP,
    )
    assert percents(results) == [NOT_MEASURED, NOT_MEASURED, NOT_MEASURED, 100]


def test_a_quarterly_target_replaces_the_years_target_for_its_quarter():
    results = by_quarter(
        t(100),
        [v(25), v(50), Value(), Value()],
        polarity=Polarity.HIGHER,
        measure_type="cumulative",
        quarter_targets=[t(25), t(50)],
    )
    assert percents(results)[:2] == [100, 150]  # 25/25; then (25+50)/50


@pytest.mark.parametrize("measure", list(MeasureType))
def test_no_quarter_reported_is_not_measured_for_every_measure_type(measure):
    results = by_quarter(t(10), [Value()] * 4, polarity=Polarity.HIGHER, measure_type=measure)
    assert all(result.reason == NOT_MEASURED for result in results)
