"""Access by unit on every agreement page: outsiders get 404, readers 403 on edits."""

import pytest
from django.urls import reverse

from kinerja.agreements.models import Row

pytestmark = pytest.mark.django_db


def pages(agreement):
    return [
        reverse("agreements:edit", args=[agreement.pk]),
        reverse("documents:preview", args=[agreement.pk]),
        reverse("documents:download", args=[agreement.pk, "xlsx"]),
    ]


@pytest.mark.parametrize("index", [0, 1])
def test_the_outsider_gets_404_on_every_page_of_sorongs_agreements(client_for, personas, sorong_agreements, index):
    agreement = sorong_agreements[index]
    client = client_for(personas.outsider)
    for url in pages(agreement):
        assert client.get(url).status_code == 404, url
    row = Row.objects.filter(section__agreement=agreement).first()
    assert client.post(reverse("agreements:row", args=[row.pk]), {"change_count": 0}).status_code == 404
    assert client.post(reverse("agreements:section_add", args=[agreement.pk])).status_code == 404
    assert client.post(reverse("agreements:statement", args=[agreement.pk]), {"change_count": 0}).status_code == 404


def test_the_list_shows_only_visible_agreements(client_for, personas, sorong_agreements):
    assert list(client_for(personas.outsider).get(reverse("agreements:list")).context["agreements"]) == []
    assert len(client_for(personas.operator).get(reverse("agreements:list")).context["agreements"]) == 2


def test_the_province_verifier_reads_but_does_not_edit(client_for, personas, sorong_agreements):
    agreement = sorong_agreements[0]
    client = client_for(personas.province_verifier)
    for url in pages(agreement):
        assert client.get(url).status_code == 200, url
    row = Row.objects.filter(section__agreement=agreement).first()
    response = client.post(reverse("agreements:row", args=[row.pk]), {"target": "9", "change_count": 0})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.target == "1"


def test_the_outsider_cannot_draft_for_sorong(client_for, personas, units, no_sorong_agreements):
    response = client_for(personas.outsider).post(
        reverse("agreements:new"), {"unit": units["kpu-96.71"].pk, "year": 2024}
    )
    assert response.status_code == 404


def test_the_province_verifier_cannot_draft_for_sorong(client_for, personas, units, no_sorong_agreements):
    response = client_for(personas.province_verifier).post(
        reverse("agreements:new"), {"unit": units["kpu-96.71"].pk, "year": 2024}
    )
    assert response.status_code == 403


def test_anonymous_visitors_go_to_login(client, sorong_agreements):
    response = client.get(reverse("agreements:edit", args=[sorong_agreements[0].pk]))
    assert response.status_code == 302
