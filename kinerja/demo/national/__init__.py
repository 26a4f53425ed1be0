"""A national data set for load and benchmark: every unit of the organisation with
officials, users, IKU down the cascade, a DIPA, one agreement of 8–30 rows,
statuses as on a realistic 1 February, black-and-white scans of the final prints, and two quarters of
realisation.

Deterministic for a seed, and idempotent: units that already have an agreement
for the year are left alone, so the Sorong demo survives. The generator has no
workflow of its own: each agreement is drawn up, moved, compiled and received
by the services a user's clicks call (see `agreements`, `routing` and
`realisation`). Only plain content that no rule governs (officials, users, IKU,
DIPA, the generated rows of a draft, the realisations) is written in bulk, so
that the whole country takes a minute or two, not an hour.
"""

import random

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement
from kinerja.demo.loader import sorong_seed
from kinerja.demo.national.agreements import agreements_draft, agreements_sign, rows_add
from kinerja.demo.national.people import officials_create, users_create
from kinerja.demo.national.plans import dipas_create, iku_create
from kinerja.demo.national.realisation import realisation_create
from kinerja.demo.national.routing import agreements_route
from kinerja.demo.planning import planning_demo_load
from kinerja.organisation.models import Unit, UnitKind
from kinerja.planning.models import IkuSet

# The steps reported to `progress`, in order (source texts; the command translates them).
STEPS = (
    gettext_noop("pejabat"),
    gettext_noop("pengguna"),
    gettext_noop("IKU"),
    gettext_noop("DIPA"),
    gettext_noop("PK"),
    gettext_noop("baris"),
    gettext_noop("status dan pindaian"),
    gettext_noop("realisasi"),
)
NATIONAL_YEAR = 2024


class NationalError(Exception):
    """The data set cannot be generated yet; the message says what to run first."""


def _national_plan(year: int) -> None:
    """KPU's own plan for `year`, which the cascade starts from (the demo's, for 2024)."""
    if IkuSet.objects.filter(unit__kind=UnitKind.KPU, year=year).exists():
        return
    if year != NATIONAL_YEAR:
        raise NationalError(
            _("IKU nasional %(year)s belum ada; data nasional dibuat untuk tahun %(national_year)s.")
            % {"year": year, "national_year": NATIONAL_YEAR}
        )
    planning_demo_load(sorong_seed())


@transaction.atomic
def generate_national(*, year: int, seed: int, progress=None) -> dict:
    """Generate the national data set; returns counts of what was created."""
    rng = random.Random(seed)
    units = list(Unit.objects.select_related("parent", "province").order_by("sort_key"))
    if len(units) < 1000:
        raise NationalError(_("Organisasi KPU belum dimuat. Jalankan dulu: manage.py load_organisation"))
    _national_plan(year)
    step = progress or (lambda name: None)

    officials_create(units, year, rng)
    step(STEPS[0])
    actors = users_create(units)
    step(STEPS[1])
    iku_create(units, year, rng)
    step(STEPS[2])
    dipas_create(units, year, rng)
    step(STEPS[3])

    done = set(Agreement.objects.filter(year=year).values_list("unit_id", flat=True))
    courses = agreements_draft([unit for unit in units if unit.pk not in done], year, rng, actors)
    step(STEPS[4])
    rows = rows_add(courses, rng)
    step(STEPS[5])
    agreements_sign(courses, rng, actors)
    agreements_route(courses, rng, actors)
    step(STEPS[6])
    handed_in = [course.agreement for course in courses if course.status in SUBMITTED_STATUSES]
    realised = realisation_create(handed_in, year, rng, actors)
    step(STEPS[7])
    return {"units": len(units), "agreements": len(courses), "rows": rows, "realisations": realised}
