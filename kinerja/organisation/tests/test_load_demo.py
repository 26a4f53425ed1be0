import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kinerja.organisation.models import Appointment, Membership, Person, Unit

pytestmark = pytest.mark.django_db


def test_load_demo_twice_duplicates_nothing(loaded_db, capsys):
    before = [model.objects.count() for model in (get_user_model(), Membership, Person, Appointment)]
    call_command("load_demo")
    after = [model.objects.count() for model in (get_user_model(), Membership, Person, Appointment)]
    assert after == before
    out = capsys.readouterr().out
    assert "operator.sorong" in out
    assert "kata sandi" in out


def test_load_demo_without_the_organisation_says_what_to_do(loaded_db):
    Membership.objects.all().delete()
    Appointment.objects.all().delete()
    Unit.objects.update(parent=None, province=None)
    Unit.objects.all().delete()
    with pytest.raises(CommandError, match="load_organisation"):
        call_command("load_demo")
