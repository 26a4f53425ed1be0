"""The data migration that gave the stored channels English codes converts rows both ways."""

import datetime
import importlib

import pytest
from django.apps import apps

from kinerja.submissions.models import Form, Recipient, Sending

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kinerja.submissions.migrations.0004_english_channels")


def test_channels_are_renamed_to_english_and_back(demo_story):
    commission, _secretariat = demo_story
    for old in migration.RENAMED:
        Sending.objects.create(
            agreement=commission,
            recipient=Recipient.KEMENPANRB,
            sent_on=datetime.date(2024, 1, 30),
            channel=old,
            form=Form.SOFTCOPY,
        )

    def stored():
        return list(Sending.objects.filter(agreement=commission).order_by("pk").values_list("channel", flat=True))

    migration.rename_values(apps, None)
    assert stored() == ["letter", "email", "application", "hand"]
    migration.restore_values(apps, None)
    assert stored() == ["surat", "surel", "aplikasi", "langsung"]
