"""The times of the route are shown in the zone of the unit that acted, with its label."""

import pytest
from django.urls import reverse

from kinerja.submissions.models import CompilationPackage

pytestmark = pytest.mark.django_db


def test_a_packages_times_are_in_the_provinces_zone(demo_story, personas, client_for):
    """Papua Barat Daya (WIT) compiled at 10.00 and forwarded at 11.00 on 11 March 2024; KPU received on 15 March."""
    package = CompilationPackage.objects.get(province__name__icontains="Papua Barat Daya", year=2024)
    for user, url in (
        (personas.province_verifier, reverse("submissions:package", args=[package.pk])),
        (personas.province_verifier, reverse("submissions:province", args=[package.province_id, 2024])),
    ):
        body = client_for(user).get(url).content.decode()
        assert "11 Maret 2024 10.00 WIT" in body, url
        assert "11 Maret 2024 11.00 WIT" in body, url
    dashboard = client_for(personas.central_verifier).get(reverse("submissions:dashboard") + "?year=2024")
    assert "15 Maret 2024 09.00 WIT" in dashboard.content.decode()


def test_the_province_page_has_a_year_selector(demo_story, personas, client_for):
    """Issue #14: the province's compliance page names its year and offers the others."""
    province = demo_story[0].unit.province
    client = client_for(personas.province_verifier)
    body = client.get(reverse("submissions:province", args=[province.pk, 2024])).content.decode()
    assert 'id="year-select"' in body and '<option value="2024" selected>' in body and '<option value="2025"' in body
    chosen = client.get(reverse("submissions:province_year", args=[province.pk]) + "?tahun=2023")
    assert chosen.status_code == 302 and chosen["Location"] == reverse("submissions:province", args=[province.pk, 2023])
    unreadable = client.get(reverse("submissions:province_year", args=[province.pk]) + "?tahun=abc")
    assert unreadable["Location"] == reverse("submissions:province", args=[province.pk, 2024])  # the default year
    outsider = client_for(personas.outsider).get(reverse("submissions:province_year", args=[province.pk]))
    assert outsider.status_code == 404
