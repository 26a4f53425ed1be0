"""manage.py generate_national: the whole country's data through the services, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from kinerja.agreements.models import Agreement, Row, SignedScan, Status, StatusChange
from kinerja.monitoring.models import Progress
from kinerja.organisation.models import Unit
from kinerja.planning.models import Dipa, IkuSet
from kinerja.submissions.models import CompilationPackage

pytestmark = pytest.mark.django_db


def test_every_unit_gets_a_plan_an_agreement_and_statuses_of_1_february(loaded_db):
    out = io.StringIO()
    call_command("generate_national", year=2024, seed=1, stdout=out)
    assert "8/8 realisasi" in out.getvalue()
    units = Unit.objects.count()
    assert Agreement.objects.filter(year=2024, version=1).count() == units
    assert Dipa.objects.filter(year=2024).count() == units
    assert IkuSet.objects.filter(year=2024).count() == 1 + 38 + 514
    assert get_user_model().objects.filter(username__startswith="op.").count() == units
    sizes = Row.objects.filter(section__agreement__year=2024).values("section__agreement").annotate(n=Count("id"))
    assert all(8 <= size["n"] <= 30 for size in sizes)
    statuses = set(Agreement.objects.filter(year=2024).values_list("status", flat=True))
    assert statuses == {s.value for s in Status}
    handed_in = Agreement.objects.filter(year=2024, submitted_at__isnull=False)
    assert not handed_in.filter(days_late__isnull=True).exists()
    assert handed_in.filter(days_late=0).count() > handed_in.filter(days_late__gt=0).count() > 0
    signed_or_later = Agreement.objects.filter(year=2024).exclude(status__in=[Status.DRAFT, Status.FINAL])
    assert SignedScan.objects.filter(agreement__in=signed_or_later).values("agreement").distinct().count() == (
        signed_or_later.count()
    )
    assert (
        not Agreement.objects.filter(status=Status.COMPILED)
        .exclude(unit__kind__in=["kpu_kabkota", "sekretariat_kabkota"])
        .exists()
    )
    assert Progress.objects.filter(year=2024, quarter=2, percent__isnull=False).count() > 10_000

    # Every move went through the lifecycle, by a user who may make it: a
    # status change per step, compiled agreements in a province's package.
    generated = Agreement.objects.filter(year=2024).exclude(unit__code__in=["kpu-96.71", "sekretariat-96.71"])
    moved = StatusChange.objects.filter(agreement__in=generated)
    assert not moved.filter(by__isnull=True).exists()
    assert moved.filter(to_status=Status.FINAL).count() == generated.exclude(status=Status.DRAFT).count()
    compiled = generated.filter(status=Status.COMPILED)
    assert compiled.filter(packages__isnull=False).distinct().count() == compiled.count()
    assert CompilationPackage.objects.filter(year=2024, received_at__isnull=False).exists()

    again = io.StringIO()
    call_command("generate_national", year=2024, seed=1, stdout=again)
    assert "0 PK baru" in again.getvalue()
    assert Agreement.objects.filter(year=2024).count() == units
