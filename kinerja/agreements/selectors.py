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
    previous = current_agreement(agreement.unit, agreement.year - 1)
    if previous is None:
        return {}
    return {
        row.indicator_id: row
        for section in previous.sections.all()
        for row in section.rows.all()
        if row.indicator_id is not None
    }


def default_year() -> int:
    """The year pages open on: the latest year with an agreement, else this year."""
    from django.db.models import Max
    from django.utils import timezone

    latest = Agreement.objects.aggregate(latest=Max("year"))["latest"]
    return latest or timezone.localdate().year
