"""Reads of agreements."""

from django.db.models import Prefetch, QuerySet

from kinerja.agreements.models import Agreement, Row, Section
from kinerja.organisation.models import Unit


def with_content(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Agreements with their sections, rows and budget lines in as few queries as possible."""
    return queryset.select_related("unit", "unit__parent", "revision_of").prefetch_related(
        Prefetch(
            "sections",
            queryset=Section.objects.prefetch_related(
                Prefetch("rows", queryset=Row.objects.select_related("indicator"))
            ),
        ),
        "budget_lines",
    )


def current_agreement(unit: Unit, year: int) -> Agreement | None:
    """The latest version of a unit's PK for a year."""
    return with_content(Agreement.objects.filter(unit=unit, year=year)).order_by("-version").first()


def previous_year_rows(agreement: Agreement) -> dict[int, Row]:
    """Last year's rows of the same unit, by indicator, for the rows of `agreement`."""
    # One query: the rows of the latest version of last year's agreement.
    latest = (
        Agreement.objects.filter(unit=agreement.unit, year=agreement.year - 1).order_by("-version").values("pk")[:1]
    )
    rows = Row.objects.filter(section__agreement__in=latest, indicator__isnull=False).order_by(
        "section__order", "order"
    )
    return {row.indicator_id: row for row in rows}


def default_year() -> int:
    """The year pages open on: the latest year with an agreement, else this year."""
    from django.db.models import Max
    from django.utils import timezone

    latest = Agreement.objects.aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year
