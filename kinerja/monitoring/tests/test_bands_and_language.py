"""The achievement bands in one place, the monitoring panel of the agreement page,
and reports and history that follow the reader's language."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from kinerja.agreements.models import Row
from kinerja.agreements.panels import panels_for
from kinerja.audit.models import ChangeRecord
from kinerja.monitoring import access, reports
from kinerja.monitoring.achievement import BANDS, BEHIND_BELOW, Category, band, legend
from kinerja.monitoring.models import Progress, Recommendation
from kinerja.monitoring.services import evaluation_record, realisation_record
from kinerja.monitoring.views import CONTENT_TYPES

WIT = ZoneInfo("Asia/Jayapura")


def test_a_percentage_falls_in_the_first_band_whose_floor_it_reaches():
    assert band(Decimal(150)).category == Category.MET
    assert band(Decimal("99.99")).tone == "warn"
    assert band(Decimal(0)).category == Category.NOT_MET
    assert band(None) is None


def test_the_legend_and_the_behind_threshold_come_from_the_bands():
    assert [line["span"] for line in legend()] == ["≥ 100%", "75–<100%", "< 75%"]
    assert [line["band"] for line in legend()] == list(BANDS)
    assert BEHIND_BELOW == 75


def test_category_labels_follow_the_language():
    with translation.override("id"):
        assert str(Category.NEARLY_MET.label) == "hampir tercapai"
    with translation.override("en"):
        assert str(Category.NEARLY_MET.label) != "hampir tercapai"


def _links(agreement, user) -> list[str]:
    return [p["template"] for p in panels_for(agreement, user)["links"]]


@pytest.mark.django_db
def test_a_submitted_agreement_gets_the_monitoring_link_panel(demo_story, personas):
    assert "monitoring/_agreement_link.html" in _links(demo_story[1], personas.operator)


@pytest.mark.django_db
def test_a_draft_agreement_gets_no_monitoring_link_panel(sorong_agreements, personas):
    assert "monitoring/_agreement_link.html" not in _links(sorong_agreements[0], personas.operator)


@pytest.mark.django_db
def test_the_quarterly_report_names_the_quarter_in_the_readers_language(demo_story):
    commission = demo_story[0]
    with translation.override("id"):
        title = reports.lkj_report(commission, 3)["title"][0]
    assert title == "PENGUKURAN KINERJA TW III TAHUN 2024"
    with translation.override("en"):
        title = reports.lkj_report(commission, 3)["title"][0]
    assert "Q3" in title
    assert "TW" not in title


@pytest.mark.django_db
def test_the_province_tiles_take_their_colour_from_the_bands(demo_story, personas, client_for):
    response = client_for(personas.province_verifier).get(
        reverse("monitoring:province", args=[demo_story[0].unit.province_id]) + "?tahun=2024&tw=4"
    )
    tile = next(g for g in response.context["grid"] if g["unit"].code == "kpu-96.71")
    assert 'data-unit="kpu-96.71"' in response.content.decode()
    assert f"tile-unit {band(tile['average']).tone}" in response.content.decode()
    assert f"di bawah {BEHIND_BELOW}%" in response.content.decode()


@pytest.mark.django_db
def test_a_stored_category_gives_its_band(demo_story):
    progress = Progress.objects.filter(agreement=demo_story[0], category=Category.MET).first()
    assert progress.band.tone == "ok"
    assert progress.get_category_display() == "tercapai"


@pytest.mark.django_db
def test_the_province_verifier_evaluates_a_kabkota_commission(demo_story, personas):
    assert access.can_evaluate(personas.province_verifier, demo_story[0])
    assert not access.can_evaluate(personas.outsider, demo_story[0])


@pytest.mark.django_db
def test_history_keeps_the_source_text_and_shows_it_in_the_readers_language(demo_story, personas):
    commission = demo_story[0]
    row = Row.objects.filter(section__agreement=commission, indicator__code="KPU.IKU.05").get()
    realisation = realisation_record(
        row=row, quarter=4, value_text="31", by=personas.operator, now=datetime.datetime(2025, 1, 5, tzinfo=WIT)
    )
    record = ChangeRecord.objects.filter(object_id=str(realisation.pk), object_type="monitoring.realisation").get()
    assert record.summary_template.startswith("Realisasi TW %(quarter)s baris %(row)s: %(value)s")
    assert record.summary.startswith("Realisasi TW 4 baris ")
    assert "sebelumnya" in record.summary  # the demo had already reported the fourth quarter
    evaluation = evaluation_record(
        agreement=commission,
        quarter=4,
        assessment="Baik",
        follow_up="",
        recommendation=Recommendation.COACHING,
        by=personas.ketua,
    )
    record = ChangeRecord.objects.filter(object_id=str(evaluation.pk), object_type="monitoring.evaluation").get()
    assert record.summary == "Evaluasi TW 4: Pembinaan"
    assert record.summary_params["recommendation"] == {"term": "Pembinaan"}


@pytest.mark.django_db
def test_a_report_downloads_as_an_attachment_named_for_its_unit_and_quarter(demo_story, personas, client_for):
    response = client_for(personas.operator).get(reverse("monitoring:report", args=[demo_story[0].pk, 4, "xlsx"]))
    assert response["Content-Disposition"] == 'attachment; filename="lkj-2024-tw4-kpu-96.71.xlsx"'
    assert response["Content-Type"] == CONTENT_TYPES["xlsx"]


@pytest.mark.django_db
def test_the_agreement_page_shows_the_link_to_realisation_for_a_submitted_pk(demo_story, personas, client_for):
    page = client_for(personas.operator).get(demo_story[1].get_absolute_url()).content.decode()
    assert f'href="{reverse("monitoring:agreement", args=[demo_story[1].pk])}" id="link-progress"' in page


@pytest.mark.django_db
def test_the_agreement_page_of_a_draft_has_no_link_to_realisation(sorong_agreements, personas, client_for):
    page = client_for(personas.operator).get(sorong_agreements[0].get_absolute_url()).content.decode()
    assert 'id="link-progress"' not in page
