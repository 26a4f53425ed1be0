"""Once a PK is signed, by scan or electronically, its signed document cannot be
replaced by any path: service, page, admin or model. Only a return (which voids
it) or a PK Perubahan (a new version) changes what stands."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kinerja.agreements import lifecycle
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import Agreement, AgreementLocked, SignedScan, Status
from kinerja.conftest import make_pdf, scan_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(sorong_agreements, personas):
    return lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)


@pytest.fixture
def signed(final, personas):
    lifecycle.scan_upload(agreement=final, data=scan_for(final), filename="asli.pdf", by=personas.operator)
    return Agreement.objects.get(pk=final.pk)


@pytest.fixture
def signed_electronically(final, personas):
    """What the signatures app leaves when every party has signed: an electronic document, status signed."""
    data = make_pdf(2)
    at = timezone.now()
    lifecycle.store_signed_document(
        agreement=final,
        data=data,
        sha256="e" * 64,
        pages=2,
        filename="pk-tte.pdf",
        by=personas.operator,
        at=at,
        electronic=True,
    )
    return lifecycle.move(agreement=final, to=Status.SIGNED, by=personas.operator, at=at, check_user=False)


def stored(agreement) -> list[tuple]:
    return list(SignedScan.objects.filter(agreement=agreement).values_list("pk", "sha256", "replaced_at"))


# Service -----------------------------------------------------------------------


def test_a_signed_pk_refuses_another_scan_and_keeps_its_own(signed, personas):
    before = stored(signed)
    with pytest.raises(TransitionRefused, match="tidak dapat diganti"):
        # Another scan of the same paper (a new pass through the scanner gives other bytes).
        lifecycle.scan_upload(
            agreement=signed, data=scan_for(signed, seed=1), filename="palsu.pdf", by=personas.operator
        )
    assert stored(signed) == before
    assert Agreement.objects.get(pk=signed.pk).status == Status.SIGNED


def test_an_electronically_signed_pk_refuses_a_scan(signed_electronically, personas):
    with pytest.raises(TransitionRefused, match="tidak dapat diganti"):
        lifecycle.scan_upload(
            agreement=signed_electronically, data=make_pdf(1), filename="pindaian.pdf", by=personas.operator
        )
    current = Agreement.objects.get(pk=signed_electronically.pk).current_scan()
    assert current.electronic
    assert SignedScan.objects.filter(agreement=signed_electronically).count() == 1


def test_a_submitted_or_received_pk_refuses_a_scan(signed, personas):
    submitted = lifecycle.agreement_submit(agreement=signed, by=personas.operator)
    before = stored(submitted)
    for by in (personas.operator, personas.admin):
        with pytest.raises(TransitionRefused, match="tidak dapat diganti"):
            lifecycle.scan_upload(agreement=submitted, data=scan_for(submitted), filename="palsu.pdf", by=by)
    assert stored(submitted) == before


def test_the_same_file_again_on_a_just_signed_pk_records_one_scan(final, personas):
    """A double click: the second upload of the same file finds the PK signed by the first and changes nothing."""
    data = scan_for(final)
    first = lifecycle.scan_upload(agreement=final, data=data, filename="pk.pdf", by=personas.operator)
    again = lifecycle.scan_upload(agreement=final, data=data, filename="pk.pdf", by=personas.operator)
    assert again == first
    assert SignedScan.objects.filter(agreement=final).count() == 1


def test_a_final_pk_still_takes_its_scan(final, personas):
    scan = lifecycle.scan_upload(agreement=final, data=scan_for(final), filename="pk.pdf", by=personas.operator)
    assert Agreement.objects.get(pk=final.pk).current_scan() == scan


# Page --------------------------------------------------------------------------


def test_the_page_of_a_signed_pk_offers_no_upload(signed, final, personas, client_for):
    page = client_for(personas.operator).get(signed.get_absolute_url())
    assert page.status_code == 200
    assert b'id="btn-scan"' not in page.content
    assert b'name="file"' not in page.content


def test_the_page_of_a_final_pk_offers_the_upload(final, personas, client_for):
    page = client_for(personas.operator).get(final.get_absolute_url())
    assert b'id="btn-scan"' in page.content


def test_posting_a_scan_to_a_signed_pk_is_refused_with_a_message(signed, personas, client_for):
    before = stored(signed)
    client = client_for(personas.operator)
    response = client.post(
        reverse("agreements:scan", args=[signed.pk]),
        {"file": SimpleUploadedFile("palsu.pdf", make_pdf(1), content_type="application/pdf")},
    )
    assert response.status_code == 302
    assert any("tidak dapat diganti" in str(m) for m in get_messages(response.wsgi_request))
    assert stored(signed) == before


def test_an_outsider_cannot_post_a_scan_at_all(final, personas, client_for):
    response = client_for(personas.outsider).post(
        reverse("agreements:scan", args=[final.pk]),
        {"file": SimpleUploadedFile("pk.pdf", make_pdf(1), content_type="application/pdf")},
    )
    assert response.status_code == 404
    assert not SignedScan.objects.filter(agreement=final).exists()


# Admin -------------------------------------------------------------------------


def test_the_admin_cannot_add_change_or_delete_a_signed_document(signed, personas, client_for):
    client = client_for(personas.admin)
    scan = signed.current_scan()
    before = stored(signed)
    assert client.get(reverse("admin:agreements_signedscan_changelist")).status_code == 200
    assert client.get(reverse("admin:agreements_signedscan_add")).status_code == 403
    change = client.get(reverse("admin:agreements_signedscan_change", args=[scan.pk]))
    assert change.status_code == 200
    assert b'type="file"' not in change.content  # shown, read-only
    client.post(reverse("admin:agreements_signedscan_change", args=[scan.pk]), {"sha256": "0" * 64})
    assert client.get(reverse("admin:agreements_signedscan_delete", args=[scan.pk])).status_code == 403
    client.post(
        reverse("admin:agreements_signedscan_changelist"),
        {"action": "delete_selected", "_selected_action": [scan.pk], "post": "yes"},
    )
    assert stored(signed) == before


def test_the_admin_cannot_move_a_status_by_hand(signed, personas, client_for):
    client = client_for(personas.admin)
    url = reverse("admin:agreements_agreement_change", args=[signed.pk])
    page = client.get(url)
    assert b'name="status"' not in page.content
    assert client.post(url, {"status": Status.DRAFT}).status_code == 403
    assert Agreement.objects.get(pk=signed.pk).status == Status.SIGNED
    assert signed.current_scan() is not None


# Model (a script, a shell) -----------------------------------------------------


def test_a_stored_signed_document_is_never_rewritten_or_deleted(signed):
    scan = signed.current_scan()
    scan.sha256 = "0" * 64
    with pytest.raises(AgreementLocked):
        scan.save()
    with pytest.raises(AgreementLocked):
        SignedScan.objects.get(pk=scan.pk).delete()
    assert SignedScan.objects.get(pk=scan.pk).sha256 != "0" * 64


def test_a_signed_document_is_added_only_to_a_final_pk(signed, personas):
    extra = SignedScan(
        agreement=signed,
        file="pindaian/palsu.pdf",
        sha256="f" * 64,
        size=1,
        pages=1,
        original_name="palsu.pdf",
        uploaded_by=personas.operator,
        uploaded_at=timezone.now(),
    )
    with pytest.raises(AgreementLocked):
        extra.save()
    assert SignedScan.objects.filter(agreement=signed).count() == 1


def test_saving_an_agreement_never_moves_its_status(signed):
    agreement = Agreement.objects.get(pk=signed.pk)
    agreement.status = Status.FINAL
    with pytest.raises(AgreementLocked):
        agreement.save()
    assert Agreement.objects.get(pk=signed.pk).status == Status.SIGNED
