"""The status pipeline: every move allowed and refused by role, with its status-change row."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import Agreement, SignedScan, Status, StatusChange
from kinerja.conftest import make_pdf, scan_for
from kinerja.notifications.models import Notification

pytestmark = pytest.mark.django_db


def signed(agreement, personas):
    lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
    return Agreement.objects.get(pk=agreement.pk)


def submitted(agreement, personas, at=None):
    signed(agreement, personas)
    return lifecycle.agreement_submit(agreement=agreement, by=personas.operator, at=at)


def test_the_full_route_of_a_regency_agreement_writes_a_row_per_move(sorong_agreements, personas):
    commission = submitted(sorong_agreements[0], personas)
    commission = lifecycle.move(agreement=commission, to=Status.COMPILED, by=personas.province_verifier)
    commission = lifecycle.agreement_receive(agreement=commission, by=personas.central_verifier)
    moves = list(
        StatusChange.objects.filter(agreement=commission).values_list("from_status", "to_status", "by__username")
    )
    assert moves == [
        ("draft", "final", "operator.sorong"),
        ("final", "signed", "operator.sorong"),
        ("signed", "submitted", "operator.sorong"),
        ("submitted", "compiled", "verifikator.pbd"),
        ("compiled", "received", "verifikator.pusat"),
    ]


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("operator", True),
        ("ketua", True),
        ("province_verifier", False),
        ("central_verifier", False),
        ("outsider", False),
    ],
)
def test_who_may_finalise(sorong_agreements, personas, persona, allowed):
    agreement = sorong_agreements[0]
    if allowed:
        assert lifecycle.agreement_finalise(agreement=agreement, by=getattr(personas, persona)).status == Status.FINAL
    else:
        with pytest.raises(TransitionRefused, match="tidak berwenang"):
            lifecycle.agreement_finalise(agreement=agreement, by=getattr(personas, persona))
        assert Agreement.objects.get(pk=agreement.pk).status == Status.DRAFT
        assert not StatusChange.objects.filter(agreement=agreement).exists()


def test_a_draft_cannot_jump_to_submitted_or_received(sorong_agreements, personas):
    agreement = sorong_agreements[0]
    with pytest.raises(TransitionRefused, match="PK berstatus draf tidak dapat dipindah ke disampaikan"):
        lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    with pytest.raises(TransitionRefused, match="tidak dapat dipindah ke diterima kpu"):
        lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier)
    assert not StatusChange.objects.filter(agreement=agreement).exists()


def test_a_regency_agreement_must_be_compiled_before_kpu_receives_it(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    with pytest.raises(TransitionRefused, match="tidak dapat dipindah ke diterima"):
        lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier)


def test_only_the_province_verifier_compiles(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    for persona in (personas.operator, personas.central_verifier, personas.outsider):
        with pytest.raises(TransitionRefused, match="tidak berwenang"):
            lifecycle.move(agreement=agreement, to=Status.COMPILED, by=persona)


def test_a_province_agreement_goes_straight_to_kpu(units, personas):
    from kinerja.agreements.services import agreement_draft

    agreement = agreement_draft(unit=units["kpu-96"], year=2024, by=personas.admin)
    Agreement.objects.filter(pk=agreement.pk).update(first_party_name="Ketua PBD", signed_on=datetime.date(2024, 1, 20))
    lifecycle.agreement_finalise(agreement=agreement, by=personas.admin)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.admin)
    lifecycle.agreement_submit(agreement=agreement, by=personas.admin)
    assert Status.COMPILED not in Agreement.objects.get(pk=agreement.pk).next_statuses()
    assert lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier).status == Status.RECEIVED


def test_a_second_submit_is_refused_and_records_nothing(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    with pytest.raises(TransitionRefused):
        lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    assert StatusChange.objects.filter(agreement=agreement, to_status=Status.SUBMITTED).count() == 1


def test_a_stale_object_cannot_move_twice(sorong_agreements, personas):
    """Two requests that loaded the same signed agreement: only the first submits."""
    first = signed(sorong_agreements[0], personas)
    second = Agreement.objects.get(pk=first.pk)
    lifecycle.agreement_submit(agreement=first, by=personas.operator)
    with pytest.raises(TransitionRefused):
        lifecycle.agreement_submit(agreement=second, by=personas.operator)
    assert StatusChange.objects.filter(agreement=first, to_status=Status.SUBMITTED).count() == 1


def test_submission_records_lateness_in_the_units_time_zone(sorong_agreements, personas):
    wit = ZoneInfo("Asia/Jayapura")
    on_time = submitted(sorong_agreements[0], personas, at=datetime.datetime(2024, 1, 31, 23, 59, tzinfo=wit))
    assert on_time.days_late == 0
    late = submitted(sorong_agreements[1], personas, at=datetime.datetime(2024, 3, 6, 9, 0, tzinfo=wit))
    assert late.days_late == 35


def test_a_verifier_returns_with_a_reason_and_the_unit_is_told(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    with pytest.raises(TransitionRefused, match="alasan"):
        lifecycle.agreement_return(agreement=agreement, by=personas.province_verifier, reason=" ")
    returned = lifecycle.agreement_return(
        agreement=agreement, by=personas.province_verifier, reason="Target IKU 03 di bawah provinsi"
    )
    assert returned.status == Status.DRAFT
    change = StatusChange.objects.filter(agreement=agreement).last()
    assert (change.to_status, change.reason) == ("draft", "Target IKU 03 di bawah provinsi")
    notice = Notification.objects.get(user=personas.operator, kind="returned")
    assert "Target IKU 03 di bawah provinsi" in notice.message


def test_the_outsider_cannot_return(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        lifecycle.agreement_return(agreement=agreement, by=personas.outsider, reason="x")


def test_receipt_notifies_the_unit(sorong_agreements, personas):
    agreement = submitted(sorong_agreements[0], personas)
    lifecycle.move(agreement=agreement, to=Status.COMPILED, by=personas.province_verifier)
    lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier)
    assert Notification.objects.filter(user=personas.operator, kind="received").exists()


def test_a_final_agreement_may_be_reopened_before_signing_with_a_reason(sorong_agreements, personas):
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    reopened = lifecycle.agreement_reopen(agreement=agreement, by=personas.operator, reason="Salah ketik target")
    assert reopened.status == Status.DRAFT


# Scans -----------------------------------------------------------------------


def test_a_scan_is_stored_with_its_sha256_and_a_voided_scan_stays(sorong_agreements, personas):
    """Once signed, the scan is never replaced (test_signed_is_fixed); a return voids it
    and the next signing of the final PK stores the new scan beside it."""
    import hashlib

    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    first_pdf = scan_for(agreement, seed=1)
    first = lifecycle.scan_upload(agreement=agreement, data=first_pdf, filename="a.pdf", by=personas.operator)
    assert first.sha256 == hashlib.sha256(first_pdf).hexdigest()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED
    agreement = lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    agreement = lifecycle.agreement_return(agreement=agreement, by=personas.province_verifier, reason="Perbaiki.")
    agreement = lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
    second = lifecycle.scan_upload(
        agreement=agreement, data=scan_for(agreement, seed=2), filename="b.pdf", by=personas.operator
    )
    first.refresh_from_db()
    assert first.replaced_at is not None and first.is_voided
    assert Agreement.objects.get(pk=agreement.pk).current_scan() == second
    assert SignedScan.objects.filter(agreement=agreement).count() == 2
    with first.file.open("rb") as handle:
        assert handle.read() == first_pdf


BAD_SCANS = [
    ("pk.pdf", b"PK\x03\x04" + b"\x00" * 200, "bukan PDF"),  # a .docx renamed .pdf
    ("pk.pdf", b"", "kosong"),
    ("pk.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog", "rusak"),  # truncated
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_SCANS)
def test_bad_scans_are_refused_and_nothing_is_stored(sorong_agreements, personas, name, data, message):
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    from kinerja.lib.uploads import UploadError

    with pytest.raises(UploadError, match=message):
        lifecycle.scan_upload(agreement=agreement, data=data, filename=name, by=personas.operator)
    assert not SignedScan.objects.filter(agreement=agreement).exists()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.FINAL


def test_an_encrypted_scan_is_refused(sorong_agreements, personas):
    from kinerja.lib.uploads import UploadError

    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    with pytest.raises(UploadError, match="terenkripsi"):
        lifecycle.scan_upload(agreement=agreement, data=make_pdf(password="x"), filename="pk.pdf", by=personas.operator)


def test_a_60_mb_scan_is_refused_through_the_page(sorong_agreements, personas, client_for):
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    big = SimpleUploadedFile("pk.pdf", b"%PDF-1.7\n" + b"0" * (60 * 1024 * 1024), content_type="application/pdf")
    response = client_for(personas.operator).post(
        reverse("agreements:scan", args=[agreement.pk]), {"file": big}, follow=True
    )
    assert "terlalu besar" in response.content.decode()
    assert not SignedScan.objects.filter(agreement=agreement).exists()


def test_a_scan_cannot_be_uploaded_to_a_draft(sorong_agreements, personas):
    with pytest.raises(TransitionRefused, match="final"):
        lifecycle.scan_upload(
            agreement=sorong_agreements[0], data=scan_for(sorong_agreements[0]), filename="pk.pdf", by=personas.operator
        )


# PK Perubahan ----------------------------------------------------------------


def test_a_revision_is_a_new_version_and_the_old_one_stays_readable(sorong_agreements, personas, client_for):
    original = submitted(sorong_agreements[0], personas)
    revision = lifecycle.agreement_revise(
        agreement=original, reason="official", note="Ketua baru dilantik", by=personas.operator
    )
    assert (revision.version, revision.revision_of, revision.status) == (2, original, Status.DRAFT)
    assert revision.sections.count() == original.sections.count()
    original.refresh_from_db()
    assert original.status == Status.SUBMITTED
    client = client_for(personas.operator)
    assert client.get(reverse("documents:download", args=[original.pk, "pdf"])).status_code == 200
    response = client.get(reverse("documents:download", args=[revision.pk, "pdf"]))
    assert "perubahan-1" in response["Content-Disposition"]
    with pytest.raises(TransitionRefused, match="sudah memiliki PK Perubahan"):
        lifecycle.agreement_revise(agreement=original, reason="budget", note="x", by=personas.operator)


@pytest.mark.parametrize(("reason", "note", "message"), [("other", "x", "Pilih alasan"), ("budget", " ", "Jelaskan")])
def test_a_revision_needs_an_allowed_reason_and_a_note(sorong_agreements, personas, reason, note, message):
    original = submitted(sorong_agreements[0], personas)
    with pytest.raises(TransitionRefused, match=message):
        lifecycle.agreement_revise(agreement=original, reason=reason, note=note, by=personas.operator)


def test_a_draft_is_changed_in_place_not_revised(sorong_agreements, personas):
    with pytest.raises(TransitionRefused, match="setelah PK disampaikan"):
        lifecycle.agreement_revise(agreement=sorong_agreements[0], reason="budget", note="x", by=personas.operator)


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"first_party_name": ""}, "nama Pihak Pertama"),
        ({"signed_on": None}, "tanggal penandatanganan"),
    ],
)
def test_a_pk_that_cannot_be_signed_is_not_finalised(sorong_agreements, personas, change, missing):
    Agreement.objects.filter(pk=sorong_agreements[0].pk).update(**change)
    with pytest.raises(TransitionRefused, match=missing):
        lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    assert Agreement.objects.get(pk=sorong_agreements[0].pk).status == Status.DRAFT


def test_an_empty_attachment_is_not_finalised(units, personas):
    from kinerja.agreements.services import agreement_draft

    agreement = agreement_draft(unit=units["kpu-11.06"], year=2024, by=personas.admin)
    with pytest.raises(TransitionRefused, match="indikator di lampiran"):
        lifecycle.agreement_finalise(agreement=agreement, by=personas.admin)
