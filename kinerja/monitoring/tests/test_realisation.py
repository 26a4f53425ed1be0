"""Recording realisation: computed achievement, corrections that keep history, bad input, access."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.agreements.models import Row
from kinerja.conftest import make_pdf
from kinerja.lib.uploads import UploadError
from kinerja.monitoring.achievement import Category
from kinerja.monitoring.models import Evaluation, Progress, Realisation, Recommendation
from kinerja.monitoring.services import (
    MonitoringError,
    evaluation_record,
    progress_recompute,
    progress_recompute_rows,
    quarter_closes_on,
    quarter_target_set,
    realisation_record,
)
from kinerja.planning.models import Indicator

pytestmark = pytest.mark.django_db
WIT = ZoneInfo("Asia/Jayapura")
IN_Q1_WINDOW = datetime.datetime(2024, 4, 5, 10, tzinfo=WIT)
AFTER_Q1_CLOSED = datetime.datetime(2024, 5, 2, 10, tzinfo=WIT)


@pytest.fixture
def received(demo_story):
    return demo_story[0]  # the commission's PK: received by KPU


@pytest.fixture
def row(received):
    return Row.objects.filter(section__agreement=received, indicator__code="KPU.IKU.05").get()  # Indeks RB, target 30


def test_the_quarter_closes_fifteen_days_after_it_ends():
    assert quarter_closes_on(2024, 1) == datetime.date(2024, 4, 15)
    assert quarter_closes_on(2024, 4) == datetime.date(2025, 1, 15)


def test_achievement_is_computed_from_the_realisation(row, personas):
    realisation_record(
        row=row, quarter=4, value_text="33", by=personas.operator, now=datetime.datetime(2025, 1, 5, tzinfo=WIT)
    )
    progress = Progress.objects.get(row=row, quarter=4)
    assert progress.percent == Decimal("110.00")
    assert progress.category == Category.MET


def test_a_correction_after_the_quarter_closes_needs_a_reason_and_keeps_the_old_value(received, personas):
    row = Row.objects.filter(section__agreement=received).order_by("section__order", "order").first()
    Realisation.objects.filter(row=row).delete()
    realisation_record(row=row, quarter=1, value_text="0,5", by=personas.operator, now=IN_Q1_WINDOW)
    with pytest.raises(MonitoringError, match="harus disertai alasan"):
        realisation_record(row=row, quarter=1, value_text="1", by=personas.operator, now=AFTER_Q1_CLOSED)
    assert Realisation.objects.get(row=row, quarter=1, superseded_at__isnull=True).value == Decimal("0.5")
    realisation_record(
        row=row, quarter=1, value_text="1", by=personas.operator, now=AFTER_Q1_CLOSED, reason="Laporan susulan"
    )
    values = list(
        Realisation.objects.filter(row=row, quarter=1).order_by("entered_at").values_list("value", "superseded_at")
    )
    assert values[0][0] == Decimal("0.5") and values[0][1] is not None
    assert values[1][0] == Decimal("1") and values[1][1] is None
    assert Progress.objects.get(row=row, quarter=1).percent == 100


def test_before_the_quarter_closes_a_change_needs_no_reason_but_is_kept(received, personas):
    row = Row.objects.filter(section__agreement=received).order_by("section__order", "order").first()
    Realisation.objects.filter(row=row).delete()
    realisation_record(row=row, quarter=1, value_text="0,5", by=personas.operator, now=IN_Q1_WINDOW)
    realisation_record(row=row, quarter=1, value_text="1", by=personas.operator, now=IN_Q1_WINDOW)
    assert Realisation.objects.filter(row=row, quarter=1).count() == 2


@pytest.mark.parametrize(
    ("text", "message"), [("abc", "bukan angka"), ("-5", "tidak boleh negatif"), ("", "Isi nilai")]
)
def test_bad_values_are_refused_and_nothing_changes(row, personas, text, message):
    before = Realisation.objects.count()
    with pytest.raises(MonitoringError, match=message):
        realisation_record(row=row, quarter=4, value_text=text, by=personas.operator)
    assert Realisation.objects.count() == before


def test_a_negative_percentage_is_refused(received, personas):
    row = Row.objects.filter(section__agreement=received).first()
    row_indicator = Indicator.objects.get(code="KPU.IKU.01")  # a percentage
    Row.objects.filter(pk=row.pk).update(indicator=row_indicator, measure_unit="%")
    with pytest.raises(MonitoringError, match="negatif"):
        realisation_record(row=row, quarter=1, value_text="-5 %", by=personas.operator, now=IN_Q1_WINDOW)


def percent_row(received) -> Row:
    row = Row.objects.filter(section__agreement=received).order_by("section__order", "order").first()
    Row.objects.filter(pk=row.pk).update(indicator=Indicator.objects.get(code="KPU.IKU.01"), measure_unit="%")
    Realisation.objects.filter(row=row).delete()
    return Row.objects.get(pk=row.pk)


@pytest.mark.parametrize("typed", ["87,5", "87,5 %", "87,5%", "87,5 persen"])
def test_a_percentage_is_read_with_or_without_its_unit(received, personas, typed):
    row = percent_row(received)
    realisation_record(row=row, quarter=1, value_text=typed, by=personas.operator, now=IN_Q1_WINDOW)
    assert Realisation.objects.get(row=row, quarter=1).value == Decimal("87.5")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12 Laporan", "Realisasi “12 Laporan”: satuan “Laporan” tidak sesuai dengan satuan indikator “%”."),
        ("1OO", "Realisasi “1OO” bukan angka."),
        ("lOOo", "Realisasi “lOOo” bukan angka."),
    ],
)
def test_a_value_in_another_unit_or_ocr_noise_is_refused(received, personas, typed, message):
    row = percent_row(received)
    with pytest.raises(MonitoringError) as refused:
        realisation_record(row=row, quarter=1, value_text=typed, by=personas.operator, now=IN_Q1_WINDOW)
    assert str(refused.value) == message
    assert not Realisation.objects.filter(row=row).exists()


def test_a_quarterly_target_is_stored_as_read(received, personas):
    row = percent_row(received)
    assert quarter_target_set(row=row, quarter=2, text="50 persen", by=personas.operator).target == "50"
    with pytest.raises(MonitoringError, match="satuan “Laporan” tidak sesuai"):
        quarter_target_set(row=row, quarter=2, text="12 Laporan", by=personas.operator)


def test_a_grade_must_come_from_its_scale(received, personas):
    row = Row.objects.get(section__agreement=received, indicator__code="KPU.IKU.04")
    with pytest.raises(MonitoringError, match="WTP, WDP, TW, TMP"):
        realisation_record(row=row, quarter=4, value_text="Baik", by=personas.operator)


def test_an_executable_as_evidence_is_refused(row, personas):
    before = Realisation.objects.count()
    with pytest.raises(UploadError, match="program Windows"):
        realisation_record(
            row=row,
            quarter=4,
            value_text="30",
            by=personas.operator,
            evidence=(b"MZ\x90\x00" + b"\x00" * 100, "bukti.pdf"),
        )
    assert Realisation.objects.count() == before


def test_a_pdf_evidence_is_stored_and_served_only_to_those_who_see_the_unit(row, personas, client_for):
    data = make_pdf(1)
    client = client_for(personas.operator)
    response = client.post(
        reverse("monitoring:realisation", args=[row.pk, 4]),
        {
            "value": "31",
            "evidence": SimpleUploadedFile("bukti.pdf", data, content_type="application/pdf"),
            "reason": "x",
        },
    )
    assert response.status_code == 302
    realisation = Realisation.objects.get(row=row, quarter=4, superseded_at__isnull=True)
    assert realisation.value == 31
    url = reverse("monitoring:evidence", args=[realisation.pk])
    assert b"".join(client.get(url).streaming_content) == data
    assert client_for(personas.outsider).get(url).status_code == 404


def test_a_draft_agreement_takes_no_realisation(sorong_agreements, personas):
    row = Row.objects.filter(section__agreement=sorong_agreements[0]).first()
    with pytest.raises(MonitoringError, match="sudah disampaikan"):
        realisation_record(row=row, quarter=1, value_text="1", by=personas.operator)
    assert not Realisation.objects.filter(row=row).exists()


def test_only_the_units_own_users_report(row, personas):
    for persona in (personas.province_verifier, personas.central_verifier, personas.outsider):
        with pytest.raises(MonitoringError, match="tidak berwenang"):
            realisation_record(row=row, quarter=4, value_text="30", by=persona)


def test_the_outsider_gets_404_on_monitoring_pages(received, row, personas, client_for):
    client = client_for(personas.outsider)
    assert client.get(reverse("monitoring:agreement", args=[received.pk])).status_code == 404
    assert client.get(reverse("monitoring:report", args=[received.pk, 1, "pdf"])).status_code == 404
    assert client.get(reverse("monitoring:skp", args=[received.pk, "xlsx"])).status_code == 404
    assert client.post(reverse("monitoring:realisation", args=[row.pk, 1]), {"value": "1"}).status_code == 404
    assert client.get(reverse("monitoring:province", args=[received.unit.province_id])).status_code == 404


def test_the_atasan_evaluates_the_secretariat(demo_story, personas):
    secretariat = demo_story[1]
    with pytest.raises(MonitoringError, match="atasan langsung"):
        evaluation_record(
            agreement=secretariat,
            quarter=1,
            assessment="x",
            follow_up="",
            recommendation=Recommendation.NONE,
            by=personas.operator,
        )
    evaluation_record(
        agreement=secretariat,
        quarter=1,
        assessment="Baik",
        follow_up="",
        recommendation=Recommendation.REWARD,
        by=personas.ketua,
    )
    assert Evaluation.objects.get(agreement=secretariat, quarter=1).recommendation == Recommendation.REWARD


def test_demo_has_mixed_achievements_a_grade_and_a_missing_indicator(received):
    from kinerja.monitoring.selectors import agreement_table

    q4 = Progress.objects.filter(agreement=received, quarter=4)
    categories = set(q4.values_list("category", flat=True))
    assert set(Category.values) <= categories
    never_reported = [line for line in agreement_table(received) if not any(c.realisation for c in line.cells)]
    assert len(never_reported) == 1
    assert never_reported[0].latest is None
    sakip = q4.get(indicator__code="KPU.IKU.03")
    assert (sakip.actual, sakip.percent) == ("B", 100)
    assert q4.get(indicator__code="KPU.IKU.04").percent == 75  # WDP against WTP


def test_a_quarterly_target_replaces_the_years_target_for_its_quarter(received, personas, client_for):
    row = Row.objects.filter(section__agreement=received).order_by("section__order", "order").first()  # target 1
    Realisation.objects.filter(row=row).delete()
    realisation_record(row=row, quarter=1, value_text="0,5", by=personas.operator, now=IN_Q1_WINDOW)
    assert Progress.objects.get(row=row, quarter=1).percent == 50
    client = client_for(personas.operator)
    client.post(reverse("monitoring:quarter_target", args=[row.pk, 1]), {"target": "0,5"})
    assert Progress.objects.get(row=row, quarter=1).percent == 100
    response = client.post(reverse("monitoring:quarter_target", args=[row.pk, 1]), {"target": "abc"}, follow=True)
    assert "tidak dapat dibaca" in response.content.decode()
    client.post(reverse("monitoring:quarter_target", args=[row.pk, 1]), {"target": ""})
    assert Progress.objects.get(row=row, quarter=1).percent == 50
    assert (
        client_for(personas.outsider)
        .post(reverse("monitoring:quarter_target", args=[row.pk, 1]), {"target": "1"})
        .status_code
        == 404
    )


def test_the_bulk_recompute_writes_what_the_row_by_row_recompute_writes(received):
    """The national generator's bulk form follows the one rule of achievement."""
    rows = Row.objects.filter(section__agreement=received)
    fields = ("row_id", "quarter", "agreement_id", "unit_id", "indicator_id", "year", "actual", "percent", "category")
    for row in rows:
        progress_recompute(row)
    one_by_one = sorted(Progress.objects.filter(row__in=rows).values_list(*fields))
    Progress.objects.filter(row__in=rows).delete()
    assert progress_recompute_rows(rows) == len(one_by_one)
    assert sorted(Progress.objects.filter(row__in=rows).values_list(*fields)) == one_by_one
    assert any(percent is not None for *_, percent, _category in one_by_one)
