"""The pages of the organisation: home, browser, region, unit."""

import pytest
from django.urls import reverse

from kinerja.organisation.models import Unit

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client, units):
    for url in (
        reverse("home"),
        reverse("organisation:index"),
        reverse("organisation:region", args=["96"]),
        reverse("organisation:unit", args=[units["kpu-96.71"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_home_shows_the_operators_sorong_units(personas, client_for):
    response = client_for(personas.operator).get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Komisi Pemilihan Umum Kota Sorong" in body
    assert "Sekretariat Komisi Pemilihan Umum Kota Sorong" in body
    assert "Kabupaten Sorong" not in body
    assert "Tidak ada yang perlu ditindaklanjuti" in body


def test_home_tells_a_unit_without_a_recorded_head(personas, client_for):
    response = client_for(personas.outsider).get(reverse("home"))
    assert "Pimpinan KPU Kabupaten Sorong yang menjabat hari ini belum tercatat" in response.content.decode()


def test_home_tells_the_province_verifier_how_many_units_lack_a_head(personas, client_for):
    body = client_for(personas.province_verifier).get(reverse("home")).content.decode()
    # 14 units in Papua Barat Daya, of which the two Sorong units have officials.
    assert "12 unit kerja di wilayah Papua Barat Daya belum mencatat pimpinan" in body


def test_the_browser_shows_38_provinces_and_514_regencies(personas, client_for):
    response = client_for(personas.operator).get(reverse("organisation:index"))
    assert response.status_code == 200
    assert len(response.context["provinces"]) == 38
    assert "38 provinsi, 514 kabupaten/kota" in response.content.decode()


def test_search_by_name_finds_units_and_links_only_visible_ones(personas, units, client_for):
    response = client_for(personas.operator).get(reverse("organisation:index"), {"q": "kota sorong"})
    results = list(response.context["results"])
    assert units["kpu-96.71"] in results
    assert units["sekretariat-96.71"] in results
    body = response.content.decode()
    assert f'href="{units["kpu-96.71"].get_absolute_url()}"' in body
    response = client_for(personas.outsider).get(reverse("organisation:index"), {"q": "kota sorong"})
    assert f'href="{units["kpu-96.71"].get_absolute_url()}"' not in response.content.decode()


def test_search_with_no_match_says_so(personas, client_for):
    response = client_for(personas.operator).get(reverse("organisation:index"), {"q": "zzzz"})
    assert "Tidak ada unit kerja yang cocok" in response.content.decode()


def test_region_page_lists_the_regencies_of_a_province(personas, client_for):
    response = client_for(personas.province_verifier).get(reverse("organisation:region", args=["96"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Komisi Pemilihan Umum Kota Sorong" in body
    assert "Kota Ambon" not in body
    assert response.context["regency_count"] == 6


@pytest.mark.parametrize("code", ["99", "9", "abc", "96.71"])
def test_region_page_of_an_unknown_or_malformed_code_is_404(personas, client_for, code):
    assert client_for(personas.central_verifier).get(f"/organisasi/wilayah/{code}/").status_code == 404


def test_unit_page_shows_officials_their_period_and_the_superior(personas, units, client_for):
    response = client_for(personas.operator).get(reverse("organisation:unit", args=[units["sekretariat-96.71"].pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Marthen Kambu" in body
    assert "Sekretaris KPU Kota Sorong" in body
    assert "2 Januari 2023 – sekarang" in body
    assert "Balthasar Berth Kambuaya" in body  # atasan langsung
    assert "WIT" in body


@pytest.mark.parametrize("code", ["kpu-96.71", "sekretariat-96.71"])
def test_outsider_gets_404_on_every_page_about_sorongs_units(personas, units, client_for, code):
    response = client_for(personas.outsider).get(reverse("organisation:unit", args=[units[code].pk]))
    assert response.status_code == 404


def test_province_verifier_opens_kota_sorong_but_not_kota_ambon(personas, units, client_for):
    client = client_for(personas.province_verifier)
    assert client.get(reverse("organisation:unit", args=[units["kpu-96.71"].pk])).status_code == 200
    assert client.get(reverse("organisation:unit", args=[units["kpu-81.71"].pk])).status_code == 404


def test_an_unknown_unit_id_is_404_even_for_the_central_verifier(personas, client_for):
    missing = Unit.objects.order_by("-pk").first().pk + 1000
    assert client_for(personas.central_verifier).get(f"/organisasi/unit/{missing}/").status_code == 404


@pytest.mark.parametrize("url", ["/organisasi/unit/abc/", "/organisasi/unit/-1/", "/organisasi/unit/1.5/"])
def test_a_malformed_unit_url_is_404(personas, client_for, url):
    assert client_for(personas.central_verifier).get(url).status_code == 404
