"""A province's packages and roll-ups are for its verifiers and KPU, not for its other members.

A package carries the signed PKs of every kabupaten/kota of the province; a
member of KPU Provinsi who is not its verifier (its operator, its Ketua) reads
none of those PKs one by one, so none of them together either.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.organisation.models import Membership, Role
from kinerja.submissions.models import CompilationPackage

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_ketua(units):
    user = get_user_model().objects.create(username="ketua.pbd")
    Membership.objects.create(user=user, unit=units["kpu-96"], role=Role.LEADER)
    return user


@pytest.fixture
def package(demo_story):
    return CompilationPackage.objects.get(agreements=demo_story[0])


def province_urls(package) -> list[str]:
    """Every page and file that gathers the province's kab/kota: its package, files and roll-ups."""
    province = package.province_id
    return [
        reverse("submissions:package", args=[package.pk]),
        reverse("submissions:package_file", args=[package.pk, "pdf"]),
        reverse("submissions:package_file", args=[package.pk, "xlsx"]),
        reverse("submissions:province", args=[province, package.year]),
        reverse("monitoring:province", args=[province]),
    ]


@pytest.mark.parametrize("reader", ["province_member", "province_ketua"])
def test_a_province_member_who_is_not_its_verifier_gets_404(package, personas, province_ketua, client_for, reader):
    user = province_ketua if reader == "province_ketua" else getattr(personas, reader)
    client = client_for(user)
    answers = {url: client.get(url).status_code for url in province_urls(package)}
    assert answers == dict.fromkeys(answers, 404)


@pytest.mark.parametrize("reader", ["province_verifier", "central_verifier", "admin"])
def test_the_province_verifier_and_kpu_read_them(package, personas, client_for, reader):
    client = client_for(getattr(personas, reader))
    answers = {url: client.get(url).status_code for url in province_urls(package)}
    assert answers == dict.fromkeys(answers, 200)


def test_the_province_member_still_reads_its_own_units_pages(units, personas, client_for):
    """The province's own unit stays theirs: only what gathers its kab/kota is closed."""
    response = client_for(personas.province_member).get(reverse("organisation:unit", args=[units["kpu-96"].pk]))
    assert response.status_code == 200


def test_an_unknown_package_is_404_like_a_closed_one(personas, client_for):
    response = client_for(personas.province_verifier).get(reverse("submissions:package", args=[10**9]))
    assert response.status_code == 404
