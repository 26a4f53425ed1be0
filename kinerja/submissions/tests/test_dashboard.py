"""The compliance dashboard: national and province views, scoped, with a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.agreements.models import Agreement, Status
from kinerja.agreements.services import agreement_update_statement
from kinerja.lib.deadlines import DeadlineState
from kinerja.organisation.models import Unit, UnitKind
from kinerja.submissions.selectors import national_compliance, province_compliance

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC)


def test_national_totals_cover_every_unit(loaded_db):
    total, rows = national_compliance(2024, NOW)
    assert total.units == Unit.objects.count() == 1116
    assert len(rows) == 39  # the central units, then 38 provinces
    assert sum(row.units for row in rows) == total.units
    papua_barat_daya = next(row for row in rows if row.region_code == "96")
    assert papua_barat_daya.units == 14
    assert (papua_barat_daya.late, papua_barat_daya.on_time, papua_barat_daya.received) == (2, 0, 1)
    assert papua_barat_daya.missing == 12
    assert total.missing == 1114


def test_before_the_deadline_nobody_is_missing(loaded_db):
    total, _ = national_compliance(2024, datetime.datetime(2024, 1, 15, tzinfo=datetime.UTC))
    assert total.missing == 0
    assert total.pending == 1116 - 2


def test_the_province_view_lists_kota_sorong_as_received_and_late(units):
    _, lines = province_compliance(units["kpu-96"], 2024, NOW)
    sorong = next(line for line in lines if line.unit.code == "kpu-96.71")
    assert sorong.agreement.status == Status.RECEIVED
    assert (sorong.state, sorong.days) == (DeadlineState.LATE, 36)
    assert sorong.hardcopy.startswith("Lemari arsip PK 2024")


def test_the_dashboard_query_count_does_not_grow_with_agreements(personas, units, client_for):
    client = client_for(personas.central_verifier)
    url = reverse("submissions:dashboard") + "?tahun=2024"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    regencies = Unit.objects.filter(kind=UnitKind.REGENCY)[:60]
    Agreement.objects.bulk_create(
        Agreement(unit=unit, year=2024, opening="x", status=Status.SUBMITTED, submitted_at=timezone.now(), days_late=3)
        for unit in regencies
    )
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.context["total"].submitted == 62
    assert len(after) == len(before)


def test_the_central_verifier_sees_the_nation_and_exports_it(personas, client_for):
    client = client_for(personas.central_verifier)
    response = client.get(reverse("submissions:dashboard") + "?tahun=2024")
    body = response.content.decode()
    assert "Papua Barat Daya" in body
    assert "barchart" in body
    export = client.get(reverse("submissions:export") + "?tahun=2024")
    assert export["Content-Disposition"] == 'attachment; filename="kepatuhan-pk-2024.xlsx"'
    rows = list(load_workbook(io.BytesIO(export.getvalue())).active.iter_rows(values_only=True))
    assert rows[-1][0] == "Nasional"
    assert rows[-1][1] == 1116


def test_the_province_verifier_is_taken_to_their_province(personas, units, client_for):
    response = client_for(personas.province_verifier).get(reverse("submissions:dashboard") + "?tahun=2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:province", args=[units["kpu-96"].pk, 2024])


def test_operators_and_outsiders_have_no_dashboard(personas, units, client_for):
    for persona in (personas.operator, personas.outsider):
        client = client_for(persona)
        assert client.get(reverse("submissions:dashboard")).status_code == 404
        assert client.get(reverse("submissions:export")).status_code == 404
        assert client.get(reverse("submissions:province", args=[units["kpu-96"].pk, 2024])).status_code == 404


def test_the_cached_pages_show_a_change_on_the_next_request(personas, units, client_for):
    """The dashboards are cached under a fingerprint of their data: an edit in
    place (a hardcopy location, a signing date) shows at once, never stale."""
    from kinerja.submissions import services

    client = client_for(personas.province_verifier)
    reader = client_for(personas.central_verifier)  # gets the shared rendering of the unit lines
    url = reverse("submissions:province", args=[units["kpu-96"].pk, 2024])
    assert "Lemari arsip PK 2024" in client.get(url).content.decode()
    assert "Lemari arsip PK 2024" in reader.get(url).content.decode()
    sorong = Agreement.objects.get(unit=units["kpu-96.71"], year=2024)
    services.hardcopy_record(agreement=sorong, location="Gudang B, rak 7", by=personas.province_verifier)
    assert "Gudang B, rak 7" in client.get(url).content.decode()
    assert "Gudang B, rak 7" in reader.get(url).content.decode()
    # The shared rendering holds no form: the reader records nothing there.
    assert 'name="location"' in client.get(url).content.decode()
    assert 'name="location"' not in reader.get(url).content.decode()

    central = client_for(personas.central_verifier)
    national = reverse("submissions:dashboard") + "?tahun=2024"
    assert central.get(national).status_code == 200
    kpu = Agreement.objects.create(unit=units["kpu"], year=2024, opening="x", signed_on=datetime.date(2024, 1, 9))
    assert "9 Januari 2024" in central.get(national).content.decode()
    # The editor's own save, as the central verifier makes it for KPU's PK.
    agreement_update_statement(
        agreement=kpu,
        data={"signed_on": "2024-01-10", "first_party_name": "X", "first_party_position": "Ketua"},
        expected=kpu.change_count,
        by=personas.central_verifier,
    )
    assert "10 Januari 2024" in central.get(national).content.decode()
