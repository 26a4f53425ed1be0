"""The performance report of a quarter and the SKP draft, as PDF and XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def pdf_text(response) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body(response))).pages)


def test_the_lkj_table_shows_target_realisation_achievement_and_category(demo_story, personas, client_for):
    commission = demo_story[0]
    client = client_for(personas.operator)
    text = pdf_text(client.get(reverse("monitoring:report", args=[commission.pk, 4, "pdf"])))
    assert "PENGUKURAN KINERJA TW IV TAHUN 2024" in text
    assert "Indeks Reformasi Birokrasi" in text
    assert "30 Indeks 27 90,00 %" in text
    assert "hampir tercapai" in text
    assert "Analisis capaian" in text
    sheet = load_workbook(
        io.BytesIO(body(client.get(reverse("monitoring:report", args=[commission.pk, 4, "xlsx"]))))
    ).active
    rows = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Opini atas Laporan Keuangan"]
    assert rows[0][2:6] == ("WTP", "WDP", "75,00 %", "hampir tercapai")


def test_the_skp_draft_lists_the_signatorys_rows(demo_story, personas, client_for):
    secretariat = demo_story[1]
    client = client_for(personas.sekretaris)
    text = pdf_text(client.get(reverse("monitoring:skp", args=[secretariat.pk, "pdf"])))
    assert "RANCANGAN SASARAN KINERJA PEGAWAI" in text
    assert "Marthen Kambu" in text
    assert "Layanan Perkantoran" in text
    sheet = load_workbook(io.BytesIO(body(client.get(reverse("monitoring:skp", args=[secretariat.pk, "xlsx"]))))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Persentase Terlaksananya Kegiatan Sumpah Janji" in values


def test_rollups_show_kota_sorong_in_its_province_and_the_nation(demo_story, personas, client_for):
    response = client_for(personas.province_verifier).get(
        reverse("monitoring:province", args=[demo_story[0].unit.province_id]) + "?tahun=2024&tw=4"
    )
    grid = {g["unit"].code: g for g in response.context["grid"]}
    assert grid["kpu-96.71"]["average"] is not None
    assert grid["kpu-96.01"]["average"] is None
    national = client_for(personas.central_verifier).get(reverse("monitoring:national") + "?tahun=2024&tw=4")
    provinces = {p["province"].region_code: p for p in national.context["provinces"]}
    assert provinces["96"]["average"] is not None
    assert national.context["behind"][0].percent <= national.context["behind"][1].percent


def test_the_rollup_query_count_does_not_grow_with_the_data(demo_story, personas, units, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.agreements.models import Agreement, Status
    from kinerja.organisation.models import Unit

    client = client_for(personas.central_verifier)
    url = reverse("monitoring:national") + "?tahun=2024&tw=4"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    Agreement.objects.bulk_create(
        Agreement(unit=unit, year=2024, opening="x", status=Status.SUBMITTED)
        for unit in Unit.objects.filter(kind="kpu_kabkota").exclude(code="kpu-96.71")[:80]
    )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
