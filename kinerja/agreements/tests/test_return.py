"""A PK sent back to draft leaves no loose ends: its signed document is voided
(kept, never called current), its submission and lateness are cleared (the
history keeps them; a later submission records its own), the PK page says why,
by whom and when, and the operator's home page lists it until it is finalised
again."""

import datetime
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone, translation

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, SignedScan, Status, StatusChange
from kinerja.audit.models import Action, ChangeRecord
from kinerja.conftest import make_pdf, scan_for
from kinerja.lib.templatefilters import waktu

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kinerja.agreements.migrations.0006_signedscan_voided_at")

WIT = ZoneInfo("Asia/Jayapura")
REASON = "Target indikator 2 belum sesuai RKT."


def submitted(agreement, personas, at=None):
    agreement = lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
    return lifecycle.agreement_submit(agreement=agreement, by=personas.operator, at=at)


@pytest.fixture
def returned(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas, at=datetime.datetime(2024, 2, 5, 10, tzinfo=WIT))
    return lifecycle.agreement_return(agreement=agreement, by=personas.province_verifier, reason=REASON)


def test_a_return_voids_the_signed_scan_and_keeps_it(returned):
    scan = SignedScan.objects.get(agreement=returned)
    change = StatusChange.objects.filter(agreement=returned).latest("at", "pk")
    assert returned.current_scan() is None
    assert scan.is_voided
    assert scan.voided_at == scan.replaced_at == change.at
    with scan.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_a_return_voids_an_electronically_signed_document(sorong_agreements, personas):
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    at = timezone.now()
    lifecycle.store_signed_document(
        agreement=agreement,
        data=make_pdf(2),
        sha256="e" * 64,
        pages=2,
        filename="pk-tte.pdf",
        by=personas.operator,
        at=at,
        electronic=True,
    )
    lifecycle.move(agreement=agreement, to=Status.SIGNED, by=personas.operator, at=at, check_user=False)
    agreement = lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    agreement = lifecycle.agreement_return(agreement=agreement, by=personas.central_verifier, reason=REASON)
    document = SignedScan.objects.get(agreement=agreement)
    assert document.electronic and document.is_voided
    assert agreement.current_scan() is None


def test_the_history_never_calls_the_voided_document_current(returned, personas, client_for):
    page = client_for(personas.operator).get(reverse("agreements:history", args=[returned.pk]))
    assert page.status_code == 200
    scans = page.content.decode().split("SHA-256</th>", 1)[1].split("</table>", 1)[0]
    assert "berlaku" not in scans


def test_a_return_clears_the_submission_and_the_history_keeps_it(returned):
    assert returned.submitted_at is None
    assert returned.days_late is None
    record = ChangeRecord.objects.filter(scope=returned.history_scope, action=Action.STATUS).latest("at", "pk")
    assert record.changes["submitted_at"] == ["2024-02-05 10:00+09:00", None]
    assert record.changes["days_late"] == ["5", None]
    assert record.changes["sha256"][1] is None
    assert StatusChange.objects.filter(agreement=returned, to_status=Status.SUBMITTED).get().at == datetime.datetime(
        2024, 2, 5, 10, tzinfo=WIT
    )


def test_a_later_submission_records_its_own_lateness(returned, personas):
    again = submitted(returned, personas, at=datetime.datetime(2024, 2, 20, 9, tzinfo=WIT))
    assert again.submitted_at == datetime.datetime(2024, 2, 20, 9, tzinfo=WIT)
    assert again.days_late == 20
    assert again.current_scan() is not None
    assert SignedScan.objects.filter(agreement=again).count() == 2


def test_the_pk_page_says_why_who_and_when_and_shows_nothing_of_the_old_submission(returned, personas, client_for):
    change = StatusChange.objects.filter(agreement=returned).latest("at", "pk")
    with translation.override("id"):
        returned_at = waktu(change.at, "Asia/Jayapura")
        old_submission = waktu(datetime.datetime(2024, 2, 5, 10, tzinfo=WIT), "Asia/Jayapura")
    page = client_for(personas.operator).get(returned.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id")
    html = page.content.decode()
    box = html.split('id="back-to-draft"', 1)[1].split("</dd>", 1)[0]
    assert "Dikembalikan ke draf" in html
    assert REASON in box
    assert personas.province_verifier.get_full_name() in box
    assert returned_at in box and "WIT" in box
    assert old_submission not in html
    assert "terlambat 5 hari" not in html
    voided = SignedScan.objects.get(agreement=returned)
    assert reverse("agreements:scan_download", args=[returned.pk, voided.pk]) not in html


def test_the_pk_page_of_a_reopened_final_pk_says_it_was_reopened(sorong_agreements, personas, client_for):
    final = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    lifecycle.agreement_reopen(agreement=final, by=personas.operator, reason="Salah ketik target")
    html = client_for(personas.operator).get(final.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Dibuka kembali" in html and "Salah ketik target" in html
    assert "Dikembalikan ke draf" not in html


def test_the_page_of_a_pk_that_moved_on_shows_no_return(returned, personas, client_for):
    lifecycle.agreement_finalise(agreement=returned, by=personas.operator)
    html = client_for(personas.operator).get(returned.get_absolute_url()).content.decode()
    assert 'id="back-to-draft"' not in html


def test_the_operator_home_lists_the_returned_pk_with_its_reason_and_link(returned, personas, client_for):
    for persona in (personas.operator, personas.ketua):
        html = client_for(persona).get(reverse("home"), HTTP_ACCEPT_LANGUAGE="id").content.decode()
        assert REASON in html
        assert f'href="{returned.get_absolute_url()}"' in html


def test_an_outsider_home_does_not_list_the_returned_pk(returned, personas, client_for):
    html = client_for(personas.outsider).get(reverse("home")).content.decode()
    assert REASON not in html
    assert f'href="{returned.get_absolute_url()}"' not in html


def test_the_home_item_goes_once_the_pk_is_finalised_again(returned, personas, client_for):
    lifecycle.agreement_finalise(agreement=returned, by=personas.operator)
    html = client_for(personas.operator).get(reverse("home")).content.decode()
    assert REASON not in html


def test_the_migration_voids_what_a_return_left_standing_and_back(returned):
    """Before the return voided anything: a returned PK kept its scan and submission."""
    scan = SignedScan.objects.get(agreement=returned)
    SignedScan.objects.filter(pk=scan.pk).update(replaced_at=None, voided_at=None)
    Agreement.objects.filter(pk=returned.pk).update(
        submitted_at=datetime.datetime(2024, 2, 5, 10, tzinfo=WIT), days_late=5
    )
    migration.void_and_clear(apps, None)
    scan.refresh_from_db()
    returned.refresh_from_db()
    assert scan.is_voided and scan.replaced_at == scan.voided_at
    assert returned.current_scan() is None
    assert (returned.submitted_at, returned.days_late) == (None, None)
    migration.restore(apps, None)
    scan.refresh_from_db()
    returned.refresh_from_db()
    assert (scan.replaced_at, scan.voided_at) == (None, None)
    assert returned.submitted_at == datetime.datetime(2024, 2, 5, 10, tzinfo=WIT)
    assert returned.days_late == 5
