"""The data migration that gave the stored recommendations English codes converts rows both ways."""

import importlib

import pytest
from django.apps import apps

from kinerja.monitoring.models import Evaluation

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kinerja.monitoring.migrations.0004_english_recommendations")


def test_recommendations_are_renamed_to_english_and_back(demo_story):
    commission, _secretariat = demo_story
    Evaluation.objects.filter(agreement=commission).delete()
    for quarter, old in enumerate(migration.RENAMED, start=1):
        Evaluation.objects.create(agreement=commission, quarter=quarter, assessment="Baik", recommendation=old)

    def stored():
        return list(
            Evaluation.objects.filter(agreement=commission).order_by("quarter").values_list("recommendation", flat=True)
        )

    migration.rename_values(apps, None)
    assert stored() == ["none", "reward", "coaching", "sanction"]
    migration.restore_values(apps, None)
    assert stored() == ["tidak_ada", "penghargaan", "pembinaan", "sanksi"]
