"""The IKU cascade: a regional target may not be below the parent's."""

import pytest

from kinerja.planning.models import IkuItem, IkuSet
from kinerja.planning.selectors import cascade_findings, overdue_reviews, parent_iku_set, regency_iku_status

pytestmark = pytest.mark.django_db


def sorong_set(units) -> IkuSet:
    return IkuSet.objects.get(unit=units["kpu-96.71"], year=2024)


def test_the_demo_cascade_is_clean_and_linked_to_the_national_iku(units):
    local = sorong_set(units)
    assert cascade_findings(local) == []
    provincial = parent_iku_set(local)
    assert provincial.unit == units["kpu-96"]
    assert parent_iku_set(provincial).unit == units["kpu"]
    for item in local.items.all():
        assert item.source.iku_set == provincial
        assert item.source.source.iku_set.unit == units["kpu"]


def _set_target(item: IkuItem, text: str) -> None:
    item.set_target(item.indicator.parse_target(text))
    item.save()


def test_a_lower_grade_than_the_province_is_named_with_both_targets(units):
    item = sorong_set(units).items.get(indicator__code="KPU.IKU.03")  # SAKIP, province B
    _set_target(item, "CC")
    (finding,) = cascade_findings(sorong_set(units))
    assert finding.item == item
    assert "Baris 1" in finding.message
    assert "Laporan Hasil Evaluasi SAKIP" in finding.message
    assert "target CC" in finding.message
    assert "KPU Provinsi Papua Barat Daya B" in finding.message


def test_a_better_grade_than_the_province_is_fine(units):
    item = sorong_set(units).items.get(indicator__code="KPU.IKU.04")  # WTP
    _set_target(item, "WTP")
    _set_target(sorong_set(units).items.get(indicator__code="KPU.IKU.03"), "A")
    assert cascade_findings(sorong_set(units)) == []


def test_higher_is_better_number_below_the_parent_is_found(units):
    item = sorong_set(units).items.get(indicator__code="KPU.IKU.05")  # Indeks RB 30
    _set_target(item, "25")
    (finding,) = cascade_findings(sorong_set(units))
    assert "target 25 Indeks" in finding.message
    assert "30 Indeks" in finding.message


def test_lower_is_better_percentage_above_the_parent_is_found(units):
    provincial = IkuSet.objects.get(unit=units["kpu-96"], year=2024)
    item = provincial.items.get(indicator__code="KPU.IKU.02")  # national 2 %, lower is better
    _set_target(item, "3")
    (finding,) = cascade_findings(provincial)
    assert "target 3 %" in finding.message
    assert "KPU 2 %" in finding.message
    _set_target(item, "1,5")
    assert cascade_findings(provincial) == []


def test_overdue_reviews_list_sets_past_their_review_date(units):
    import datetime

    overdue = list(overdue_reviews(datetime.date(2024, 12, 1)))
    assert [s.unit.code for s in overdue] == ["kpu"]
    assert overdue_reviews(datetime.date(2024, 6, 30)).count() == 0


def test_the_province_sees_which_regencies_have_set_their_iku(units):
    rows = regency_iku_status(units["kpu-96"], 2024)
    assert len(rows) == 6
    by_code = {row["unit"].code: row for row in rows}
    assert by_code["kpu-96.71"]["iku_set"] is not None
    assert by_code["kpu-96.01"]["iku_set"] is None
