"""The notifications list shows times with a zone label: the zone of the user's units when they share one, else WIB."""

import datetime

import pytest
from django.urls import reverse

from kinerja.notifications.models import Kind, Notification
from kinerja.organisation.models import Membership

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2024, 6, 20, 10, 41, tzinfo=datetime.UTC)  # 17.41 WIB, 19.41 WIT


def listed(user, client_for) -> str:
    notice = Notification.objects.create(user=user, kind=Kind.RECEIVED, message="PK diterima", key=f"t-{user.pk}")
    Notification.objects.filter(pk=notice.pk).update(created_at=AT)
    return client_for(user).get(reverse("notifications:list")).content.decode()


def test_a_user_of_one_unit_reads_the_time_in_that_units_zone(personas, client_for):
    user = personas.sekretaris
    memberships = list(Membership.objects.filter(user=user).select_related("unit"))
    assert len(memberships) == 1 and memberships[0].unit.time_zone == "Asia/Jayapura"
    html = listed(user, client_for)
    assert "19.41 WIT" in html and "17.41" not in html


def test_a_user_of_several_units_in_one_zone_reads_that_zone(personas, client_for):
    user = personas.operator  # of KPU Kota Sorong and of its secretariat, both WIT
    assert Membership.objects.filter(user=user).count() == 2
    html = listed(user, client_for)
    assert "19.41 WIT" in html and "17.41" not in html


def test_a_user_of_units_in_several_zones_reads_wib_with_its_label(personas, client_for, units):
    user = personas.operator
    Membership.objects.create(user=user, unit=units["kpu"], role=Membership.objects.filter(user=user).first().role)
    html = listed(user, client_for)
    assert "17.41 WIB" in html and "19.41" not in html
