"""Reading targets and comparing them by polarity and grade order."""

from decimal import Decimal

import pytest

from kinerja.planning.targets import (
    GradeScale,
    Polarity,
    Target,
    TargetError,
    TargetKind,
    format_number,
    parse_target,
    weaker_than,
)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("100", TargetKind.PERCENT, Decimal("100")),
        ("100 %", TargetKind.PERCENT, Decimal("100")),
        ("2,5", TargetKind.PERCENT, Decimal("2.5")),
        ("1 Lembaga", TargetKind.NUMBER, Decimal("1")),
        ("1.000", TargetKind.NUMBER, Decimal("1000")),
        ("1.000,5", TargetKind.NUMBER, Decimal("1000.5")),
    ],
)
def test_numbers_are_read_the_indonesian_way(text, kind, value):
    assert parse_target(text, kind=kind).value == value


@pytest.mark.parametrize(
    ("text", "kind", "unit", "value"),
    [
        ("100 %", TargetKind.PERCENT, "%", Decimal("100")),
        ("100%", TargetKind.PERCENT, "%", Decimal("100")),
        ("100 persen", TargetKind.PERCENT, "%", Decimal("100")),
        ("100", TargetKind.PERCENT, "%", Decimal("100")),
        ("1 Lembaga", TargetKind.NUMBER, "Lembaga", Decimal("1")),
        ("1 lembaga", TargetKind.NUMBER, "Lembaga", Decimal("1")),
    ],
)
def test_a_target_may_carry_its_indicators_unit(text, kind, unit, value):
    assert parse_target(text, kind=kind, measure_unit=unit).value == value


def test_a_target_in_another_unit_is_refused_naming_both_units():
    with pytest.raises(TargetError) as refused:
        parse_target("12 Laporan", kind=TargetKind.PERCENT, measure_unit="%")
    assert str(refused.value) == "satuan “Laporan” tidak sesuai dengan satuan indikator “%”."


@pytest.mark.parametrize("text", ["lOOo", "too", "1OO", "l00", "12 34"])
def test_ocr_noise_is_refused_not_corrected(text):
    with pytest.raises(TargetError) as refused:
        parse_target(text, kind=TargetKind.PERCENT, measure_unit="%")
    assert str(refused.value) == f"“{text}” bukan angka."


def test_a_range_may_carry_the_unit_after_each_bound():
    target = parse_target("80 % – 90 %", kind=TargetKind.PERCENT, polarity=Polarity.RANGE, measure_unit="%")
    assert (target.value, target.upper) == (Decimal(80), Decimal(90))
    with pytest.raises(TargetError, match="satuan “Indeks”"):
        parse_target("80–90 Indeks", kind=TargetKind.PERCENT, polarity=Polarity.RANGE, measure_unit="%")


def test_a_range_is_read_as_two_bounds():
    target = parse_target("80–90", kind=TargetKind.PERCENT, polarity=Polarity.RANGE)
    assert (target.value, target.upper) == (Decimal(80), Decimal(90))
    assert target.display("%") == "80–90 %"
    with pytest.raises(TargetError, match="lebih besar"):
        parse_target("90-80", kind=TargetKind.PERCENT, polarity=Polarity.RANGE)


def test_grades_are_checked_against_their_scale():
    assert parse_target("wtp", kind=TargetKind.GRADE, scale=GradeScale.AUDIT_OPINION).grade == "WTP"
    with pytest.raises(TargetError, match="AA, A, BB"):
        parse_target("Z", kind=TargetKind.GRADE, scale=GradeScale.SAKIP)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "-5 %", "--1"])
def test_unreadable_targets_are_refused_with_a_message(text):
    with pytest.raises(TargetError):
        parse_target(text, kind=TargetKind.PERCENT)


def test_an_empty_target_is_empty_not_zero():
    assert parse_target("", kind=TargetKind.NUMBER).is_empty


def test_numbers_are_written_with_decimal_comma():
    assert format_number(Decimal("2.50")) == "2,5"
    assert format_number(Decimal("1000")) == "1.000"
    assert format_number(Decimal("100.0000")) == "100"


def n(value, upper=None):
    return Target(value=Decimal(value), upper=Decimal(upper) if upper else None)


def test_higher_is_better_a_smaller_target_is_weaker():
    assert weaker_than(n(95), n(100), polarity=Polarity.HIGHER)
    assert not weaker_than(n(100), n(100), polarity=Polarity.HIGHER)
    assert not weaker_than(n(101), n(100), polarity=Polarity.HIGHER)


def test_lower_is_better_a_larger_target_is_weaker():
    assert weaker_than(n(3), n(2), polarity=Polarity.LOWER)
    assert not weaker_than(n(2), n(2), polarity=Polarity.LOWER)
    assert not weaker_than(n(1), n(2), polarity=Polarity.LOWER)


def test_range_reaching_outside_the_parent_range_is_weaker():
    assert weaker_than(n(70, 90), n(80, 90), polarity=Polarity.RANGE)
    assert weaker_than(n(80, 95), n(80, 90), polarity=Polarity.RANGE)
    assert not weaker_than(n(82, 88), n(80, 90), polarity=Polarity.RANGE)


def test_grades_follow_the_order_of_their_scale():
    def g(grade):
        return Target(grade=grade)

    assert weaker_than(g("B"), g("BB"), polarity=Polarity.HIGHER, scale=GradeScale.SAKIP)
    assert not weaker_than(g("A"), g("BB"), polarity=Polarity.HIGHER, scale=GradeScale.SAKIP)
    assert weaker_than(g("WDP"), g("WTP"), polarity=Polarity.HIGHER, scale=GradeScale.AUDIT_OPINION)
    assert not weaker_than(g("WTP"), g("WTP"), polarity=Polarity.HIGHER, scale=GradeScale.AUDIT_OPINION)


def test_empty_targets_are_not_compared():
    assert not weaker_than(Target(), n(100), polarity=Polarity.HIGHER)
