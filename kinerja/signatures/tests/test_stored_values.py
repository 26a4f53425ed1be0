"""The data migration that gave the stored signing parties English codes converts rows both ways."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from kinerja.signatures.models import ElectronicSignature

pytestmark = pytest.mark.django_db

migration = importlib.import_module("kinerja.signatures.migrations.0003_english_parties")


def test_parties_are_renamed_to_english_and_back(demo_story):
    commission, _secretariat = demo_story
    ElectronicSignature.objects.filter(agreement=commission).delete()
    for old in migration.RENAMED:
        ElectronicSignature.objects.create(
            agreement=commission,
            party=old,
            signer_name="Penanda tangan",
            certificate_subject="CN=Penanda tangan",
            certificate_issuer="CN=Demo",
            certificate_serial="1",
            backend="demo",
            signed_at=timezone.now(),
            file="tte/contoh.pdf",
            sha256="0" * 64,
            size=1,
        )

    def stored():
        return list(
            ElectronicSignature.objects.filter(agreement=commission).order_by("pk").values_list("party", flat=True)
        )

    migration.rename_values(apps, None)
    assert stored() == ["first", "second"]
    migration.restore_values(apps, None)
    assert stored() == ["pertama", "kedua"]
