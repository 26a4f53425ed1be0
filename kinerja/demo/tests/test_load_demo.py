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


@pytest.mark.django_db(transaction=True)
def test_load_demo_without_the_organisation_says_what_to_do():
    call_command("flush", interactive=False)
    with pytest.raises(CommandError, match="load_organisation"):
        call_command("load_demo")
    assert Unit.objects.count() == 0
    assert get_user_model().objects.count() == 0
