"""In a real browser: the Sorong operator signs in and browses the organisation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sorong_operator_signs_in_and_browses_the_organisation(login):
    page = login("operator.sorong")
    assert page.get_by_role("link", name="Komisi Pemilihan Umum Kota Sorong", exact=True).is_visible()
    assert page.get_by_role("link", name="Sekretariat Komisi Pemilihan Umum Kota Sorong").is_visible()

    page.get_by_role("link", name="Organisasi", exact=True).first.click()
    assert page.get_by_text("38 provinsi, 514 kabupaten/kota").is_visible()
    assert page.locator(".grid-provinces a").count() == 38

    page.fill("input[name=q]", "Kota Sorong")
    page.click("form.search button")
    page.get_by_role("link", name="Komisi Pemilihan Umum Kota Sorong", exact=True).click()
    assert page.get_by_role("heading", name="Komisi Pemilihan Umum Kota Sorong").is_visible()
    assert page.get_by_text("Balthasar Berth Kambuaya").first.is_visible()


def test_the_outsider_meets_a_404_on_kota_sorong(login, live_server):
    from kinerja.organisation.models import Unit

    sorong = Unit.objects.get(code="kpu-96.71")
    page = login("operator.kabsorong")
    response = page.goto(f"/organisasi/unit/{sorong.pk}/")
    assert response.status == 404
