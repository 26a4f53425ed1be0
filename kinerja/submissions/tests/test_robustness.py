"""Errors that were 500s: history entries without a user, and bad years for the
bulk print jobs."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.agreements.models import SignedScan, StatusChange
from kinerja.audit.models import Action, ChangeRecord
from kinerja.audit.services import record_change
from kinerja.planning.models import Dipa
from kinerja.submissions.models import PrintJob

pytestmark = pytest.mark.django_db

DELETED = "(pengguna dihapus)"


def history(client, agreement) -> str:
    response = client.get(reverse("agreements:history", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_history_names_a_deleted_user_in_every_by_column(demo_story, personas, client_for, units):
    """A user deleted since leaves entries without a user (SET_NULL); the page said 500."""
    commission, _secretariat = demo_story
    former = get_user_model().objects.create(username="mantan.operator", first_name="Mantan", last_name="Operator")
    change = commission.status_changes.order_by("pk").first()
    StatusChange.objects.filter(pk=change.pk).update(by=former)
    scan = commission.scans.order_by("pk").first()
    SignedScan.objects.filter(pk=scan.pk).update(uploaded_by=former)
    record_change(obj=commission, action=Action.UPDATE, summary="Catatan uji", by=former, within=commission)
    dipa = Dipa.objects.get(unit=commission.unit, year=commission.year)  # a change to the year's plan
    record_change(obj=dipa, action=Action.UPDATE, summary="Catatan uji", by=former, unit=commission.unit)
    client = client_for(personas.central_verifier)
    assert "Mantan Operator" in history(client, commission)

    former.delete()
    page = history(client, commission)
    assert "Mantan Operator" not in page
    # Status change, scan and content change each say so.
    assert page.count(DELETED) == 3
    plan = client_for(personas.operator).get(reverse("planning:unit", args=[commission.unit_id, commission.year]))
    assert plan.status_code == 200
    assert DELETED in plan.content.decode()


def test_the_history_of_a_pk_whose_entries_have_no_user_answers_200(demo_story, personas, client_for):
    """generate_national made status changes and scans without a user: every such history page was a 500."""
    commission, _secretariat = demo_story
    StatusChange.objects.filter(agreement=commission).update(by=None)
    SignedScan.objects.filter(agreement=commission).update(uploaded_by=None)
    ChangeRecord.objects.filter(scope=commission.history_scope).update(by=None)
    page = history(client_for(personas.admin), commission)
    assert page.count(DELETED) >= commission.status_changes.count() + commission.scans.count()


@pytest.mark.parametrize("year", ["abc", "99999", "1999", "2101", "", "2024.5"])
def test_a_bad_year_for_a_print_job_is_a_400_with_a_message_and_nothing_is_queued(year, personas, client_for):
    client = client_for(personas.central_verifier)
    before = PrintJob.objects.count()
    response = client.post(reverse("submissions:jobs"), {"kind": "national_pdfs", "year": year})
    assert response.status_code == 400
    assert "Tahun harus angka antara 2000 dan 2100." in response.content.decode()
    assert PrintJob.objects.count() == before


def test_a_good_year_is_queued(personas, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.central_verifier)
    response = client.post(reverse("submissions:jobs"), {"kind": "national_pdfs", "year": "2024"})
    assert response.status_code == 302
    assert PrintJob.objects.latest("pk").year == 2024


def test_an_outsider_still_gets_404_whatever_the_year(personas, client_for):
    response = client_for(personas.outsider).post(reverse("submissions:jobs"), {"kind": "national_pdfs", "year": "abc"})
    assert response.status_code == 404
