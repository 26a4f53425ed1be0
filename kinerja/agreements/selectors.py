"""Reads of agreements."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from kinerja.agreements.models import Agreement, Row, Section, Status, StatusChange
from kinerja.audit.models import ChangeRecord
from kinerja.organisation.models import Unit
from kinerja.planning.selectors import plan_years


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


def with_replacement(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Each agreement with `replaced_by_version`: the version of the PK Perubahan that replaced it, or None."""
    return queryset.annotate(
        replaced_by_version=Subquery(Agreement.objects.filter(revision_of=OuterRef("pk")).values("version")[:1])
    )


def visible_agreements(units: QuerySet[Unit]) -> QuerySet[Agreement]:
    """The agreements of `units`, newest year first, every version (a replaced one says so)."""
    return with_replacement(
        Agreement.objects.filter(unit__in=units).select_related("unit").order_by("-year", "unit__sort_key", "-version")
    )


def latest_version(agreement: Agreement) -> Agreement:
    """The version of the unit's PK for the year that stands now: `agreement` itself, or its latest PK Perubahan."""
    return (
        Agreement.objects.filter(unit_id=agreement.unit_id, year=agreement.year)
        .select_related("unit")
        .order_by("-version")
        .first()
    ) or agreement


def revision_of(agreement: Agreement) -> Agreement | None:
    """The PK Perubahan made from `agreement`, if any."""
    return Agreement.objects.filter(revision_of=agreement).first()


def history_of(agreement: Agreement) -> dict:
    """What the history page shows: every version of the year, status changes, scans and changes."""
    return {
        "versions": Agreement.objects.filter(unit=agreement.unit, year=agreement.year).order_by("version"),
        "status_changes": agreement.status_changes.select_related("by"),
        "scans": agreement.scans.select_related("uploaded_by"),
        "changes": ChangeRecord.objects.filter(scope=agreement.history_scope).select_related("by"),
    }


# The moves of the unit that made the agreement what it is: whoever made one of
# them may not be the one who checks it (agreements.access.may_move).
PREPARING_MOVES = (Status.FINAL, Status.SIGNED, Status.SUBMITTED)


def preparers_of(agreement: Agreement) -> set[int]:
    """The ids of the users who finalised, signed (by scan) or submitted `agreement`, in any round."""
    return set(
        StatusChange.objects.filter(agreement=agreement, to_status__in=PREPARING_MOVES, by__isnull=False).values_list(
            "by_id", flat=True
        )
    )


def selector_years(current: int | None = None) -> list[int]:
    """The years a year selector offers, newest first: every year with a plan or a PK,
    the default year, next year (to start it) and `current` (the year shown)."""
    years = set(plan_years(current)) | set(Agreement.objects.values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)
