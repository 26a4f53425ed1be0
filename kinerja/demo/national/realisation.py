"""Two quarters of realisation for every agreement of the national data set that
was handed in, and the achievement computed from them.

Each value is typed as an operator types it and read by monitoring's own
`parse_value`; the realisations are plain rows, written in bulk, and the
achievement is then computed by monitoring's `progress_recompute_rows`, the bulk
form of what a recorded realisation triggers (one rule for both), so no rule of
achievement lives here.
"""

import datetime
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from kinerja.agreements.models import Agreement, Row
from kinerja.demo.national.people import Actors
from kinerja.monitoring.models import Realisation
from kinerja.monitoring.services import parse_value, progress_recompute_rows, row_target
from kinerja.planning.targets import GradeScale


def _typed(row: Row, quarter: int, rng: random.Random) -> str:
    """What the operator types for `row` in `quarter`: a grade, a number, or nothing."""
    target = row_target(row)
    if target.grade:
        scale = row.indicator.grade_scale if row.indicator else ""
        return rng.choice(["B", "BB", "CC"] if scale == GradeScale.SAKIP else ["WTP", "WDP"])
    if target.value is not None:
        number = (target.value * Decimal(rng.randint(30, 110)) / 100 * quarter / 2).quantize(Decimal("0.01"))
        return f"{number:f}".replace(".", ",")
    return ""


def realisation_create(handed_in: list[Agreement], year: int, rng: random.Random, actors: Actors) -> int:
    """Record quarters I and II of every row of `handed_in`; return how many values were recorded."""
    rows = list(
        Row.objects.filter(section__agreement__in=handed_in)
        .select_related("indicator", "section__agreement__unit")
        .prefetch_related("quarter_targets")
        .order_by("section__agreement__unit__sort_key", "section__order", "order")
    )
    realisations = []
    for row in rows:
        unit = row.section.agreement.unit
        for quarter in (1, 2):
            text = _typed(row, quarter, rng)
            if not text:
                continue
            value = parse_value(row, text)
            realisations.append(
                Realisation(
                    row=row,
                    quarter=quarter,
                    value=value.number,
                    grade=value.grade,
                    entered_by=actors.operators[unit.pk],
                    entered_at=datetime.datetime(year, 3 * quarter + 1, 7, tzinfo=ZoneInfo(unit.time_zone)),
                )
            )
    Realisation.objects.bulk_create(realisations, batch_size=2000)
    progress_recompute_rows(Row.objects.filter(pk__in=[row.pk for row in rows]))
    return len(realisations)
