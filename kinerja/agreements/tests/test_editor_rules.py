"""The editor validates as it saves, and its history stays readable (issue #14)."""

import datetime

import pytest
from django.utils import timezone

from kinerja.agreements import lifecycle, services
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import AgreementError, Row, row_label
from kinerja.audit.models import ChangeRecord
from kinerja.planning.models import Indicator
from kinerja.planning.targets import GradeScale, Polarity, TargetKind

pytestmark = pytest.mark.django_db


def first_row(agreement) -> Row:
    return Row.objects.filter(section__agreement=agreement).select_related("section", "indicator").first()


def save(row: Row, by, **changes) -> Row:
    row = Row.objects.select_related("section", "indicator").get(pk=row.pk)
    data = {field: getattr(row, field) for field in ("letter", "output", "indicator_text", "target", "measure_unit")}
    return services.row_update(row=row, data={**data, **changes}, expected=row.change_count, by=by)


def row_history(agreement, row) -> list[ChangeRecord]:
    return list(
        ChangeRecord.objects.filter(scope=agreement.history_scope, object_id=str(row.pk), object_type="agreements.row")
    )


@pytest.mark.parametrize(("target", "reason"), [("abc", "bukan angka"), ("-3", "tidak boleh negatif")])
def test_an_unreadable_or_negative_target_is_refused_naming_the_row(sorong_agreements, personas, target, reason):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    before = row.target
    with pytest.raises(AgreementError, match=rf"Target baris {row.section.number or 1}\.\w+ .*{reason}"):
        save(row, personas.operator, target=target)
    assert Row.objects.get(pk=row.pk).target == before


def test_a_grade_target_must_be_on_the_indicators_scale(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = Row.objects.filter(section__agreement=commission, indicator__isnull=False).select_related("indicator").first()
    indicator = row.indicator
    indicator.target_kind, indicator.grade_scale, indicator.polarity = (
        TargetKind.GRADE,
        GradeScale.SAKIP,
        Polarity.HIGHER,
    )
    indicator.save()
    with pytest.raises(AgreementError, match="tidak dikenal"):
        save(row, personas.operator, target="Z9")
    assert save(row, personas.operator, target="bb").target == "BB"  # a grade of the scale, as printed


def percent_row(agreement) -> Row:
    """A row whose indicator is a percentage in `%`, as in `100 %`."""
    row = Row.objects.filter(section__agreement=agreement, indicator__isnull=False).select_related("indicator").first()
    Indicator.objects.filter(pk=row.indicator_id).update(
        target_kind=TargetKind.PERCENT, polarity=Polarity.HIGHER, grade_scale="", measure_unit="%"
    )
    Row.objects.filter(pk=row.pk).update(measure_unit="%", target="100")
    return Row.objects.select_related("section", "indicator").get(pk=row.pk)


def test_a_target_in_another_unit_is_refused_naming_the_row_and_both_units(sorong_agreements, personas):
    """`12 Laporan` in a row of `%` was stored as 12 %; it is refused, and nothing changes."""
    commission, _secretariat = sorong_agreements
    row = percent_row(commission)
    with pytest.raises(AgreementError) as refused:
        save(row, personas.operator, target="12 Laporan")
    assert str(refused.value) == (
        f"Target baris {row_label(row)} tidak dapat disimpan: "
        "satuan “Laporan” tidak sesuai dengan satuan indikator “%”."
    )
    assert Row.objects.get(pk=row.pk).target == "100"


@pytest.mark.parametrize("typed", ["87,5 %", "87,5%", "87,5 persen", "87,5 Persen", "87,50"])
def test_a_percentage_is_stored_as_its_number_in_the_rows_unit(sorong_agreements, personas, typed):
    commission, _secretariat = sorong_agreements
    saved = save(percent_row(commission), personas.operator, target=typed)
    assert (saved.target, saved.measure_unit) == ("87,5", "%")


@pytest.mark.parametrize("typed", ["lOOo", "too", "1OO", "l00"])
def test_ocr_noise_is_refused_as_not_a_number_never_corrected(sorong_agreements, personas, typed):
    commission, _secretariat = sorong_agreements
    row = percent_row(commission)
    with pytest.raises(
        AgreementError, match=f"Target baris {row_label(row)} tidak dapat disimpan: “{typed}” bukan angka"
    ):
        save(row, personas.operator, target=typed)
    assert Row.objects.get(pk=row.pk).target == "100"


def test_a_count_with_its_unit_is_stored_as_the_number_the_attachment_prints(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    assert row.measure_unit == "Lembaga"
    saved = save(row, personas.operator, target="1 lembaga")
    assert (saved.target, saved.measure_unit) == ("1", "Lembaga")
    assert save(row, personas.operator, target="2500").target == "2.500"


def test_a_row_without_a_unit_takes_the_one_typed_with_its_number(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    Indicator.objects.filter(pk=row.indicator_id).update(measure_unit="")
    saved = save(row, personas.operator, target="12 Laporan", measure_unit="")
    assert (saved.target, saved.measure_unit) == ("12", "Laporan")


def test_finalising_with_an_unreadable_or_empty_target_is_refused(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    Row.objects.filter(pk=row.pk).update(target="")  # a draft may hold an empty target
    with pytest.raises(TransitionRefused, match="target yang terbaca pada baris"):
        lifecycle.agreement_finalise(agreement=commission, by=personas.operator)


def test_consecutive_autosaves_of_one_row_make_one_history_entry(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    original = row.target
    for value in ("91", "92", "93", "94", "95"):
        save(row, personas.operator, target=value)
    entries = row_history(commission, row)
    assert len(entries) == 1
    assert entries[0].changes == {"target": [original, "95"]}


def test_another_person_or_ten_minutes_later_start_a_new_entry(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    save(row, personas.operator, target="91")
    save(row, personas.admin, target="92")
    assert len(row_history(commission, row)) == 2
    ChangeRecord.objects.filter(scope=commission.history_scope).update(
        at=timezone.now() - datetime.timedelta(minutes=11)
    )
    save(row, personas.admin, target="93")
    assert len(row_history(commission, row)) == 3


def test_typing_back_to_the_start_leaves_no_entry(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    row = first_row(commission)
    original = row.target
    save(row, personas.operator, target="91")
    save(row, personas.operator, target=original)
    assert row_history(commission, row) == []
