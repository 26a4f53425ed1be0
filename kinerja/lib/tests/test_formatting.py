import datetime

from kinerja.lib.formatting import format_date, format_rupiah, group_thousands
from kinerja.lib.timezones import WIB, WIT, WITA, zone_for_region


def test_dates_are_written_the_indonesian_way():
    assert format_date(datetime.date(2024, 3, 6)) == "6 Maret 2024"
    assert format_date(datetime.date(2024, 12, 31)) == "31 Desember 2024"
    assert format_date(None) == ""


def test_money_is_written_in_rupiah_with_dot_thousands():
    assert format_rupiah(5113999000) == "Rp 5.113.999.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(None) == ""
    assert group_thousands(-1500) == "-1.500"


def test_time_zone_follows_the_province_code():
    assert zone_for_region("96.71") == WIT
    assert zone_for_region("51") == WITA
    assert zone_for_region("31.71") == WIB


def test_formula_looking_text_stays_text_in_a_sheet():
    import io

    from openpyxl import Workbook, load_workbook

    from kinerja.lib.sheets import append_row

    workbook = Workbook()
    append_row(workbook.active, ["=1+1", "+62 811", "-5", "@SUM(A1)", "biasa", 7])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cells = list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=False))[0]
    assert [c.value for c in cells] == ["=1+1", "+62 811", "-5", "@SUM(A1)", "biasa", 7]
    assert [c.data_type for c in cells[:4]] == ["s", "s", "s", "s"]
