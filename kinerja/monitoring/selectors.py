"""Reads for monitoring: an agreement's quarterly table, and roll-ups over a
province or the nation as SQL aggregates of the computed progress."""

import dataclasses

from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, Row, Section
from kinerja.lib.cache import cached, fingerprint
from kinerja.monitoring.achievement import BEHIND_BELOW
from kinerja.monitoring.models import Evaluation, Progress, QuarterTarget, Realisation
from kinerja.organisation.models import Unit, UnitKind
from kinerja.planning.models import IkuSet, Indicator

QUARTERS = (1, 2, 3, 4)


@dataclasses.dataclass
class Cell:
    quarter: int
    realisation: Realisation | None
    progress: Progress | None
    quarter_target: str


@dataclasses.dataclass
class RowLine:
    section: Section
    row: Row
    cells: list[Cell]

    @property
    def latest(self) -> Progress | None:
        """The achievement of the last quarter that has one."""
        measured = [cell.progress for cell in self.cells if cell.progress and cell.progress.percent is not None]
        return measured[-1] if measured else None


def agreement_table(agreement: Agreement) -> list[RowLine]:
    """Every row of an agreement with its four quarters: realisation and achievement."""
    rows = (
        Row.objects.filter(section__agreement=agreement)
        .select_related("section", "indicator")
        .prefetch_related(
            Prefetch(
                "realisations", queryset=Realisation.objects.filter(superseded_at__isnull=True), to_attr="current"
            ),
            Prefetch("progress", queryset=Progress.objects.all(), to_attr="quarters"),
            Prefetch("quarter_targets", queryset=QuarterTarget.objects.all(), to_attr="targets_by_quarter"),
        )
    )
    lines = []
    for row in rows.order_by("section__order", "order"):
        current = {r.quarter: r for r in row.current}
        progress = {p.quarter: p for p in row.quarters}
        targets = {t.quarter: t.target for t in row.targets_by_quarter}
        cells = [Cell(q, current.get(q), progress.get(q), targets.get(q, "")) for q in QUARTERS]
        lines.append(RowLine(section=row.section, row=row, cells=cells))
    return lines


def corrections(agreement: Agreement):
    """Superseded realisations of an agreement, newest first: the correction history."""
    return (
        Realisation.objects.filter(row__section__agreement=agreement, superseded_at__isnull=False)
        .select_related("row__section", "entered_by")
        .order_by("-superseded_at")
    )


def evaluations(agreement: Agreement) -> dict[int, Evaluation]:
    return {e.quarter: e for e in agreement.evaluations.select_related("by")}


def national_indicators(year: int) -> list[Indicator]:
    """KPU's IKU for the year, in their order."""
    iku_set = IkuSet.objects.filter(unit__kind=UnitKind.KPU, year=year).first()
    if iku_set is None:
        return []
    return [item.indicator for item in iku_set.items.select_related("indicator").order_by("order")]


def indicator(pk: int) -> Indicator:
    """An indicator chosen on the national page; 404 when there is none."""
    return get_object_or_404(Indicator, pk=pk)


def province_agreements(province: Unit, year: int) -> dict[int, Agreement]:
    """The agreement of each unit of a province for the year, by unit: the latest version
    submitted (a PK Perubahan still in draft is not yet the one measured), else the latest."""
    agreements = Agreement.objects.filter(unit__province=province, year=year).order_by("unit_id", "version")
    latest, measured = {}, {}
    for agreement in agreements:
        latest[agreement.unit_id] = agreement
        if agreement.status in SUBMITTED_STATUSES:
            measured[agreement.unit_id] = agreement
    return {**latest, **measured}


def _scope(queryset, province: Unit | None):
    return queryset.filter(province=province) if province is not None else queryset


def by_indicator(year: int, quarter: int, indicators: list[Indicator], province: Unit | None = None) -> dict:
    """Average achievement per indicator (and the number of rows measured)."""
    rows = (
        _scope(Progress.objects.filter(year=year, quarter=quarter, indicator__in=indicators), province)
        .exclude(percent__isnull=True)
        .values("indicator_id")
        .annotate(average=Avg("percent"), measured=Count("id"))
    )
    return {row["indicator_id"]: row for row in rows}


def trend(year: int, indicators: list[Indicator], province: Unit | None = None) -> dict[int, list]:
    """For each indicator, the average achievement of each quarter (None where nothing was measured)."""
    rows = (
        _scope(Progress.objects.filter(year=year, indicator__in=indicators), province)
        .exclude(percent__isnull=True)
        .values("indicator_id", "quarter")
        .annotate(average=Avg("percent"))
    )
    result: dict[int, list] = {indicator.pk: [None] * 4 for indicator in indicators}
    for row in rows:
        result[row["indicator_id"]][row["quarter"] - 1] = row["average"]
    return result


def by_province(year: int, quarter: int, indicator: Indicator | None = None) -> list[dict]:
    """Average achievement per province for a quarter, over one IKU or over every measured row."""
    queryset = Progress.objects.filter(year=year, quarter=quarter, province__isnull=False).exclude(percent__isnull=True)
    if indicator is not None:
        queryset = queryset.filter(indicator=indicator)
    averages = {
        row["province_id"]: row
        for row in queryset.values("province_id").annotate(average=Avg("percent"), measured=Count("id"))
    }
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE).order_by("sort_key")
    return [
        {
            "province": province,
            "average": averages.get(province.pk, {}).get("average"),
            "measured": averages.get(province.pk, {}).get("measured", 0),
        }
        for province in provinces
    ]


def province_grid(province: Unit, year: int, quarter: int) -> list[dict]:
    """Each unit of a province with its average achievement for the quarter: a map-like grid."""
    averages = {
        row["unit_id"]: row
        for row in Progress.objects.filter(province=province, year=year, quarter=quarter)
        .exclude(percent__isnull=True)
        .values("unit_id")
        .annotate(average=Avg("percent"), measured=Count("id"), behind=Count("id", filter=Q(percent__lt=BEHIND_BELOW)))
    }
    units = Unit.objects.filter(province=province).order_by("sort_key")
    return [
        {
            "unit": unit,
            "average": averages.get(unit.pk, {}).get("average"),
            "measured": averages.get(unit.pk, {}).get("measured", 0),
            "behind": averages.get(unit.pk, {}).get("behind", 0),
        }
        for unit in units
    ]


def most_behind(year: int, quarter: int, *, province: Unit | None = None, unit: Unit | None = None, limit: int = 10):
    """The rows furthest below their target in a quarter."""
    queryset = Progress.objects.filter(year=year, quarter=quarter).exclude(percent__isnull=True)
    queryset = _scope(queryset, province)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    return queryset.select_related("row__section", "unit", "agreement").order_by("percent", "pk")[:limit]


def progress_version(year: int) -> str:
    """A fingerprint of everything the achievement roll-ups depend on."""
    return fingerprint(Realisation.objects.all(), QuarterTarget.objects.all(), Agreement.objects.filter(year=year))


def national_rollup(year: int, quarter: int, indicator: Indicator | None) -> dict:
    """The national page's figures, cached until a realisation or an agreement of the year changes."""

    def compute() -> dict:
        indicators = national_indicators(year)
        return {
            "indicators": indicators,
            "averages": by_indicator(year, quarter, indicators),
            "trend": trend(year, indicators),
            "provinces": by_province(year, quarter, indicator),
            "behind": list(most_behind(year, quarter)),
        }

    key = f"national-rollup:{year}:{quarter}:{indicator.pk if indicator else ''}"
    return cached(key, progress_version(year), compute)


def province_rollup(province: Unit, year: int, quarter: int) -> dict:
    """A province page's figures, cached like the national ones."""

    def compute() -> dict:
        indicators = national_indicators(year)
        return {
            "indicators": indicators,
            "averages": by_indicator(year, quarter, indicators, province),
            "trend": trend(year, indicators, province),
            "grid": province_grid(province, year, quarter),
            "behind": list(most_behind(year, quarter, province=province)),
        }

    return cached(f"province-rollup:{province.pk}:{year}:{quarter}", progress_version(year), compute)
