"""Access by unit: who sees which unit, and 404 for everyone else."""

import pytest

from kinerja.organisation.access import get_unit_for_user, visible_units
from kinerja.organisation.models import Unit

pytestmark = pytest.mark.django_db


def test_operator_sees_exactly_the_two_sorong_units(personas, units):
    assert set(visible_units(personas.operator)) == {units["kpu-96.71"], units["sekretariat-96.71"]}


def test_province_verifier_sees_kota_sorong_but_not_kota_ambon(personas, units):
    visible = visible_units(personas.province_verifier)
    assert units["kpu-96.71"] in visible
    assert units["sekretariat-96.71"] in visible
    assert units["kpu-96"] in visible
    assert units["kpu-81.71"] not in visible  # Kota Ambon, Maluku
    assert units["kpu-81"] not in visible
    # Papua Barat Daya: the commission, its secretariat and 6 kab/kota with theirs.
    assert visible.count() == 2 + 2 * Unit.objects.filter(kind="kpu_kabkota", region_code__startswith="96.").count()


def test_central_verifier_and_admin_see_everything(personas):
    assert visible_units(personas.central_verifier).count() == Unit.objects.count()
    assert visible_units(personas.admin).count() == Unit.objects.count()


def test_outsider_does_not_see_kota_sorong(personas, units):
    from django.http import Http404

    assert units["kpu-96.71"] not in visible_units(personas.outsider)
    with pytest.raises(Http404):
        get_unit_for_user(personas.outsider, units["kpu-96.71"].pk)


def test_a_user_without_roles_sees_nothing(django_user_model):
    user = django_user_model.objects.create_user("tanpa.peran", password="x-very-long-1")
    assert visible_units(user).count() == 0


def test_the_ketua_also_sees_the_secretariat_he_approves(personas, units):
    visible = visible_units(personas.ketua)
    assert set(visible) == {units["kpu-96.71"], units["sekretariat-96.71"]}


def test_the_secretary_sees_only_the_secretariat(personas, units):
    assert set(visible_units(personas.sekretaris)) == {units["sekretariat-96.71"]}
