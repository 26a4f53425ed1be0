"""lib.values: one reader of numbers, amounts, dates and units as people type them (issue #15)."""

import datetime
from decimal import Decimal

import pytest
from django import forms

from kinerja.lib import values
from kinerja.lib.values import NotADate, NotAnAmount, NotANumber, UnitMismatch, ValueRefused


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("100", Decimal("100")),
        ("2,8", Decimal("2.8")),
        ("2.8", Decimal("2.8")),
        ("1.234", Decimal("1234")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("0,25", Decimal("0.25")),
        (" 87,46 ", Decimal("87.46")),
        ("-3", Decimal("-3")),
    ],
)
def test_a_number_is_read_with_decimal_comma_and_thousands_dots(text, number):
    assert values.parse_number(text) == number


@pytest.mark.parametrize("text", ["lOOo", "too", "1OO", "l00", "1.23.4", "12 34", "1,2,3", "", "١٢", "abc"])
def test_ocr_noise_and_other_text_is_not_a_number_and_the_message_names_it(text):
    with pytest.raises(NotANumber) as refused:
        values.parse_number(text)
    assert str(refused.value) == f"“{text.strip()}” bukan angka."


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("100%", Decimal("100")),
        ("100 %", Decimal("100")),
        ("100 persen", Decimal("100")),
        ("100 Persen", Decimal("100")),
        ("87,5 %", Decimal("87.5")),
        ("87,5", Decimal("87.5")),
    ],
)
def test_a_percentage_is_read_with_or_without_its_sign_or_word(text, number):
    assert values.parse_percent(text) == number


@pytest.mark.parametrize(
    ("text", "unit", "number"),
    [
        ("1 Lembaga", "Lembaga", Decimal("1")),
        ("1 lembaga", "Lembaga", Decimal("1")),
        ("1", "Lembaga", Decimal("1")),
        ("30 Indeks", "indeks", Decimal("30")),
        ("100 persen", "%", Decimal("100")),
        ("100 %", "Persen", Decimal("100")),
        ("2.345 Orang/Hari", "orang/hari", Decimal("2345")),
    ],
)
def test_a_number_with_the_indicators_unit_is_read(text, unit, number):
    assert values.parse_quantity(text, unit=unit) == number


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("12 Laporan", "%", "satuan “Laporan” tidak sesuai dengan satuan indikator “%”."),
        ("100 %", "Lembaga", "satuan “%” tidak sesuai dengan satuan indikator “Lembaga”."),
        ("1 Unit", "Lembaga", "satuan “Unit” tidak sesuai dengan satuan indikator “Lembaga”."),
    ],
)
def test_a_number_with_another_unit_is_refused_naming_both_units(text, unit, message):
    with pytest.raises(UnitMismatch) as refused:
        values.parse_quantity(text, unit=unit)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("100 %", ("100", "%")),
        ("100%", ("100", "%")),
        ("80–90 %", ("80–90", "%")),
        ("80 s.d. 90", ("80 s.d. 90", "")),
        ("12  Laporan", ("12", "Laporan")),
        ("1OO", ("1OO", "")),
        ("WTP", ("WTP", "")),
    ],
)
def test_a_unit_is_only_what_follows_a_number_after_a_space_or_a_percent_sign(text, parts):
    assert values.split_unit(text) == parts


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rp. 5.113.999.000,-", 5_113_999_000),
        ("Rp 5.113.999.000,00", 5_113_999_000),
        ("Rp5.113.999.000", 5_113_999_000),
        ("rp 5.113.999.000", 5_113_999_000),
        ("5.113.999.000", 5_113_999_000),
        ("5.113.999.000,-", 5_113_999_000),
        ("5113999000", 5_113_999_000),
        ("5,113,999,000", 5_113_999_000),
        ("Rp 5,113,999,000.00", 5_113_999_000),
        ("5 113 999 000", 5_113_999_000),
        ("0", 0),
        ("-5.000", -5_000),
        ("Rp -5.000,-", -5_000),
    ],
)
def test_an_amount_in_rupiah_is_read_in_every_usual_notation(text, amount):
    assert values.parse_rupiah(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Rp 5.113.999.000,50", "“Rp 5.113.999.000,50” bukan jumlah rupiah bulat: anggaran dicatat tanpa sen (,50)."),
        ("1,5", "“1,5” bukan jumlah rupiah bulat: anggaran dicatat tanpa sen (,5)."),
        ("5.l13.999.000", "“5.l13.999.000” bukan jumlah rupiah; tulis mis. 5.113.999.000 atau Rp 5.113.999.000,-."),
        ("lima juta", "“lima juta” bukan jumlah rupiah; tulis mis. 5.113.999.000 atau Rp 5.113.999.000,-."),
        ("5.1139.000", "“5.1139.000” bukan jumlah rupiah; tulis mis. 5.113.999.000 atau Rp 5.113.999.000,-."),
    ],
)
def test_cents_and_text_are_refused_as_amounts_naming_the_text(text, message):
    with pytest.raises(NotAnAmount) as refused:
        values.parse_rupiah(text)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "text",
    [
        "6 Maret 2024",
        "06 Maret 2024",
        "6 maret 2024",
        "6 Mar 2024",
        "6 Mar. 2024",
        "6-Mar-2024",
        "6 March 2024",
        "06-03-2024",
        "6-3-2024",
        "6/3/2024",
        "06.03.2024",
        "2024-03-06",
        " 6  Maret  2024 ",
    ],
)
def test_a_date_is_read_in_indonesian_english_day_first_and_iso_forms(text):
    assert values.parse_date(text) == datetime.date(2024, 3, 6)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2 Januari 2024", datetime.date(2024, 1, 2)),
        ("29 Pebruari 2024", datetime.date(2024, 2, 29)),
        ("1 Mei 2024", datetime.date(2024, 5, 1)),
        ("1 May 2024", datetime.date(2024, 5, 1)),
        ("17 Agustus 2024", datetime.date(2024, 8, 17)),
        ("17 Agt 2024", datetime.date(2024, 8, 17)),
        ("1 Okt 2024", datetime.date(2024, 10, 1)),
        ("10 Nopember 2024", datetime.date(2024, 11, 10)),
        ("31 Des 2024", datetime.date(2024, 12, 31)),
        ("31 December 2024", datetime.date(2024, 12, 31)),
    ],
)
def test_every_month_name_and_its_short_form_is_known(text, day):
    assert values.parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31-02-2024", "Tanggal “31-02-2024” tidak ada di kalender."),
        ("29 Februari 2023", "Tanggal “29 Februari 2023” tidak ada di kalender."),
        ("2024-13-01", "Tanggal “2024-13-01” tidak ada di kalender."),
        ("32 Maret 2024", "Tanggal “32 Maret 2024” tidak ada di kalender."),
        ("6 Maart 2024", "“6 Maart 2024” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06."),
        ("06-03-24", "“06-03-24” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06."),
        ("06-03/2024", "“06-03/2024” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06."),
        ("besok", "“besok” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06."),
    ],
)
def test_an_impossible_or_unreadable_date_is_refused_naming_the_text(text, message):
    with pytest.raises(NotADate) as refused:
        values.parse_date(text)
    assert str(refused.value) == message


def test_every_refusal_is_a_value_error_for_the_callers_that_catch_one():
    for kind in (NotANumber, NotAnAmount, NotADate, UnitMismatch):
        assert issubclass(kind, ValueRefused)
        assert issubclass(kind, ValueError)


class DateForm(forms.Form):
    day = values.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


@pytest.mark.parametrize("text", ["2024-03-06", "6 Maret 2024", "06-03-2024"])
def test_the_form_field_reads_a_date_picker_and_a_typed_date(text):
    form = DateForm(data={"day": text})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2024, 3, 6)


def test_the_form_field_refuses_an_impossible_date_naming_it():
    form = DateForm(data={"day": "30 Februari 2024"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Tanggal “30 Februari 2024” tidak ada di kalender."]
