"""Signed content is immutable: no page, service, model or admin path changes it."""

import pytest
from django.urls import reverse

from kinerja.agreements import lifecycle, services
from kinerja.agreements.models import Agreement, AgreementLocked, BudgetLine, Row, Section
from kinerja.conftest import scan_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(sorong_agreements, personas):
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
    return Agreement.objects.get(pk=agreement.pk)


def snapshot(agreement):
    agreement = Agreement.objects.get(pk=agreement.pk)
    return (
        [getattr(agreement, f) for f in ("first_party_name", "signed_on", "signed_place", "paragraphs")],
        list(Section.objects.filter(agreement=agreement).values_list("pk", "number", "title", "order")),
        list(Row.objects.filter(section__agreement=agreement).values_list("pk", "indicator_text", "target", "order")),
        list(BudgetLine.objects.filter(agreement=agreement).values_list("pk", "program_name", "amount")),
    )


def test_no_page_changes_a_signed_agreement(signed, personas, client_for):
    before = snapshot(signed)
    client = client_for(personas.operator)
    row = Row.objects.filter(section__agreement=signed).first()
    section, line = row.section, BudgetLine.objects.filter(agreement=signed).first()
    posts = [
        (reverse("agreements:row", args=[row.pk]), {"indicator_text": "X", "target": "9", "change_count": 0}),
        (reverse("agreements:section", args=[section.pk]), {"title": "X", "change_count": 0}),
        (reverse("agreements:budget", args=[line.pk]), {"program_name": "X", "amount": "1", "change_count": 0}),
        (reverse("agreements:statement", args=[signed.pk]), {"first_party_name": "X", "change_count": 0}),
        (reverse("agreements:row_delete", args=[row.pk]), {}),
        (reverse("agreements:row_add", args=[section.pk]), {}),
        (reverse("agreements:row_move", args=[row.pk, "turun"]), {}),
        (reverse("agreements:section_add", args=[signed.pk]), {}),
        (reverse("agreements:section_delete", args=[section.pk]), {}),
        (reverse("agreements:budget_add", args=[signed.pk]), {}),
        (reverse("agreements:budget_delete", args=[line.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code in (403, 422), url
    assert snapshot(signed) == before


def test_no_service_changes_a_signed_agreement(signed, personas):
    before = snapshot(signed)
    row = Row.objects.filter(section__agreement=signed).first()
    with pytest.raises(services.AgreementLocked):
        services.row_update(row=row, data={"indicator_text": "X"}, expected=row.change_count, by=personas.operator)
    with pytest.raises(services.AgreementLocked):
        services.section_add(agreement=signed, by=personas.operator)
    with pytest.raises(services.AgreementLocked):
        services.row_delete(row=row, by=personas.operator)
    assert snapshot(signed) == before


def test_no_model_save_or_delete_changes_a_signed_agreement(signed):
    before = snapshot(signed)
    row = Row.objects.filter(section__agreement=signed).first()
    row.target = "999"
    with pytest.raises(AgreementLocked):
        row.save()
    with pytest.raises(AgreementLocked):
        row.delete()
    with pytest.raises(AgreementLocked):
        Row(section=row.section, order=99, indicator_text="baru").save()
    agreement = Agreement.objects.get(pk=signed.pk)
    agreement.first_party_name = "Orang Lain"
    with pytest.raises(AgreementLocked):
        agreement.save()
    with pytest.raises(AgreementLocked):
        Agreement.objects.get(pk=signed.pk).delete()
    assert snapshot(signed) == before


def test_no_admin_path_changes_a_signed_agreement(signed, personas, client_for):
    before = snapshot(signed)
    client = client_for(personas.admin)
    change_url = reverse("admin:agreements_agreement_change", args=[signed.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="first_party_name"' not in page.content  # read-only in the admin
    client.post(change_url, {"first_party_name": "Orang Lain"})
    response = client.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "delete_selected", "_selected_action": [signed.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert Agreement.objects.filter(pk=signed.pk).exists()
    assert snapshot(signed) == before


def test_a_stale_draft_object_cannot_write_after_finalising(sorong_agreements, personas):
    """A row loaded while the PK was a draft cannot be saved once the PK is final."""
    row = Row.objects.filter(section__agreement=sorong_agreements[0]).first()
    lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    with pytest.raises(services.AgreementLocked):
        services.row_update(row=row, data={"indicator_text": "X"}, expected=row.change_count, by=personas.operator)
    row.refresh_from_db()
    assert row.indicator_text != "X"
