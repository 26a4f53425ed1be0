"""A PK Perubahan supersedes the version before everywhere (issue #13, seen 4).

Lists show the version; compilation and receipt take only the version that
stands; the realisation recorded on the original comes over row by row when
the revision is submitted, with the rows that changed flagged."""

import datetime

import pytest
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import Agreement, Row, Section
from kinerja.agreements.services import AgreementError, row_add, row_delete, row_update
from kinerja.conftest import scan_for
from kinerja.monitoring.models import Progress, Realisation
from kinerja.monitoring.services import MonitoringError, realisation_record
from kinerja.submissions.selectors import compilable
from kinerja.submissions.services import package_compile

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2024, 5, 2, 9, tzinfo=datetime.UTC)


def revise(agreement, personas) -> Agreement:
    revision = lifecycle.agreement_revise(
        agreement=agreement, reason="budget", note="Pagu dipotong", by=personas.operator
    )
    Agreement.objects.filter(pk=revision.pk).update(signed_on=datetime.date(2024, 7, 1))
    return Agreement.objects.get(pk=revision.pk)


def submit(agreement, personas) -> Agreement:
    agreement = lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
    return lifecycle.agreement_submit(agreement=agreement, by=personas.operator)


def rows(agreement) -> list[Row]:
    return list(Row.objects.filter(section__agreement=agreement).order_by("section__order", "order"))


def test_the_original_is_neither_compiled_nor_received_once_revised(both_submitted, personas):
    commission, secretariat = both_submitted
    province = commission.unit.province
    assert set(compilable(province, 2024)) == {commission, secretariat}
    revision = revise(commission, personas)
    assert set(compilable(province, 2024)) == {secretariat}  # one entry per unit, never the replaced one
    with pytest.raises(TransitionRefused, match="telah diganti oleh PK Perubahan ke-1"):
        lifecycle.move(agreement=commission, to="compiled", by=personas.province_verifier)
    package = package_compile(province=province, year=2024, by=personas.province_verifier)
    assert list(package.agreements.all()) == [secretariat]
    submit(revision, personas)
    assert set(compilable(province, 2024)) == {Agreement.objects.get(pk=revision.pk)}


def test_the_lists_show_the_version_and_what_replaced_it(both_submitted, personas, client_for):
    commission, _secretariat = both_submitted
    revise(commission, personas)
    body = client_for(personas.operator).get(reverse("agreements:list")).content.decode()
    assert "Perubahan ke-1" in body
    assert "diganti Perubahan ke-1" in body


def test_realisation_comes_over_row_by_row_and_changed_rows_are_flagged(both_submitted, personas, client_for):
    commission, _secretariat = both_submitted
    first, second, third, *_ = rows(commission)
    for row, value in ((first, "10"), (second, "20"), (third, "30")):
        realisation_record(row=row, quarter=1, value_text=value, by=personas.operator, now=NOW)
    revision = revise(commission, personas)
    r_first, r_second, r_third, *_ = rows(revision)
    # Before the revision is submitted, the original is still the one measured.
    realisation_record(row=first, quarter=2, value_text="11", by=personas.operator, now=NOW)
    r_second = row_update(
        row=r_second,
        data={
            "letter": r_second.letter,
            "output": r_second.output,
            "indicator_text": r_second.indicator_text,
            "target": "999",
            "measure_unit": r_second.measure_unit,
        },
        expected=r_second.change_count,
        by=personas.operator,
    )
    row_delete(row=r_third, by=personas.operator)
    added = row_add(section=Section.objects.filter(agreement=revision).first(), by=personas.operator)
    Row.objects.filter(pk=added.pk).update(indicator_text="Indikator baru", target="5", measure_unit="dokumen")
    revision = submit(revision, personas)

    mine = Realisation.objects.filter(row__section__agreement=revision, superseded_at__isnull=True)
    by_row = {(r.row_id, r.quarter): r.display for r in mine}
    assert by_row[(r_first.pk, 1)] == "10" and by_row[(r_first.pk, 2)] == "11"
    assert by_row[(r_second.pk, 1)] == "20"  # carried, but flagged: its target changed
    assert not any(row_id == added.pk for row_id, _q in by_row)  # a new row starts unmeasured
    # The old version is closed and leaves the roll-ups.
    with pytest.raises(MonitoringError):
        realisation_record(row=first, quarter=3, value_text="12", by=personas.operator, now=NOW)
    assert not Progress.objects.filter(agreement=commission).exists()
    assert Progress.objects.filter(agreement=revision, row=r_first, quarter=1).exists()

    page = client_for(personas.operator).get(reverse("monitoring:agreement", args=[revision.pk])).content.decode()
    assert 'id="carry-changed"' in page and "999" in page
    assert 'id="carry-new"' in page and "Indikator baru" in page
    assert 'id="carry-removed"' in page
    assert page.count('data-flag="changed"') == 1
    old_page = client_for(personas.operator).get(reverse("monitoring:agreement", args=[commission.pk]))
    assert 'id="replaced-by"' in old_page.content.decode()


def test_submitting_the_revision_again_carries_nothing_twice(both_submitted, personas):
    commission, _secretariat = both_submitted
    first = rows(commission)[0]
    realisation_record(row=first, quarter=1, value_text="10", by=personas.operator, now=NOW)
    revision = submit(revise(commission, personas), personas)
    count = Realisation.objects.filter(row__section__agreement=revision).count()
    assert count == 1
    returned = lifecycle.agreement_return(agreement=revision, by=personas.province_verifier, reason="Perbaiki")
    submit(returned, personas)
    assert Realisation.objects.filter(row__section__agreement=revision).count() == count


def test_a_measured_row_of_a_returned_pk_is_not_deleted(both_submitted, personas):
    """Every value ever reported stays: a returned PK's measured row refuses deletion with a reason."""
    commission, _secretariat = both_submitted
    first = rows(commission)[0]
    realisation_record(row=first, quarter=1, value_text="10", by=personas.operator, now=NOW)
    lifecycle.agreement_return(agreement=commission, by=personas.province_verifier, reason="Perbaiki")
    with pytest.raises(AgreementError, match="sudah memiliki realisasi"):
        row_delete(row=Row.objects.get(pk=first.pk), by=personas.operator)
    assert Row.objects.filter(pk=first.pk).exists()
