import datetime
import io
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kinerja.lib.formatting import format_date, format_number, format_rupiah
from kinerja.lib.sheets import FORMULA_STARTS, append_row, neutralise_formula, restore_formula_text
from kinerja.lib.timezones import WIB, WIT, WITA, zone_for_region


def test_dates_are_written_the_indonesian_way():
    assert format_date(datetime.date(2024, 3, 6)) == "6 Maret 2024"
    assert format_date(datetime.date(2024, 12, 31)) == "31 Desember 2024"
    assert format_date(None) == ""


def test_money_is_written_in_rupiah_with_dot_thousands():
    assert format_rupiah(5113999000) == "Rp 5.113.999.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(None) == ""
    assert format_number(-1500) == "-1.500"


def test_numbers_are_written_with_decimal_comma_and_no_trailing_zeros():
    assert format_number(Decimal("2.50")) == "2,5"
    assert format_number(Decimal("1000")) == "1.000"
    assert format_number(Decimal("100.0000")) == "100"
    assert format_number(Decimal("-1234.5")) == "-1.234,5"
    assert format_number(5113999000) == "5.113.999.000"


def test_numbers_with_fixed_places_are_rounded_not_cut():
    assert format_number(Decimal("87.46"), places=1) == "87,5"
    assert format_number(Decimal("100"), places=2) == "100,00"
    assert format_number(Decimal("1234.567"), places=2) == "1.234,57"


def test_documents_stay_indonesian_whatever_the_interface_language():
    with translation.override("en"):
        assert format_date(datetime.date(2024, 3, 6)) == "6 Maret 2024"
        assert format_rupiah(5113999000) == "Rp 5.113.999.000"
        assert format_number(Decimal("2.5")) == "2,5"
        assert translation.get_language() == "en"


def test_the_active_language_is_used_when_asked_for():
    with translation.override("en"):
        assert format_date(datetime.date(2024, 3, 6), language=None) == "6 March 2024"
        assert format_rupiah(5113999000, language=None) == "Rp 5,113,999,000"
        assert format_number(Decimal("2.5"), language=None) == "2.5"
    with translation.override("id"):
        assert format_date(datetime.date(2024, 3, 6), language=None) == "6 Maret 2024"


FILTERS = Template("{{ day|tanggal }} | {{ amount|rupiah }} | {{ count|ribuan }} | {{ moment|waktu:'Asia/Jayapura' }}")
MOMENT = datetime.datetime(2024, 3, 7, 0, 0, tzinfo=datetime.UTC)  # 09.00 in Sorong
VALUES = {"day": datetime.date(2024, 3, 6), "amount": 5113999000, "count": 1116, "moment": MOMENT}


def test_page_filters_write_indonesian_in_indonesian():
    with translation.override("id"):
        text = FILTERS.render(Context(VALUES))
    assert text == "6 Maret 2024 | Rp 5.113.999.000 | 1.116 | 7 Maret 2024 09.00 WIT"


def test_page_filters_write_english_in_english():
    with translation.override("en"):
        text = FILTERS.render(Context(VALUES))
    assert text == "6 March 2024 | Rp 5,113,999,000 | 1,116 | 7 March 2024 09:00 WIT"


def test_page_filters_print_nothing_for_nothing():
    text = FILTERS.render(Context({"day": None, "amount": None, "count": None, "moment": None}))
    assert text == " |  |  | "


def test_time_zone_follows_the_province_code():
    assert zone_for_region("96.71") == WIT
    assert zone_for_region("51") == WITA
    assert zone_for_region("31.71") == WIB


def test_formula_looking_text_stays_text_in_a_sheet():
    texts = ["=1+1", "+62 811", "-5", "@SUM(A1)", "\t=1+1", "\r=1+1"]
    workbook = Workbook()
    append_row(workbook.active, [*texts, "biasa", 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=False))[0]
    assert [c.value for c in cells] == [*texts, "biasa", 7]
    assert [c.data_type for c in cells[:6]] == ["s"] * 6
    assert all(c.quotePrefix for c in cells[:6]) and not cells[6].quotePrefix


def test_a_neutralised_formula_gets_one_apostrophe_and_comes_back_whole():
    for start in FORMULA_STARTS:
        text = f"{start}SUM(A1)"
        assert neutralise_formula(text) == "'" + text
        assert neutralise_formula("''" + text) == "'''" + text
        assert restore_formula_text(neutralise_formula(text)) == text
        assert restore_formula_text(neutralise_formula("'" + text)) == "'" + text
    for plain in ("biasa", "'biasa", "", "1+1"):
        assert neutralise_formula(plain) == plain
        assert restore_formula_text(plain) == plain
