"""Targets: a number, a percentage, a range, or a grade on an ordered scale.

Pure functions, no database: used by the planning models, the cascade check, the
agreement's quality checks, imports and (later) the achievement rules.
"""

import dataclasses
import re
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.lib import values
from kinerja.lib.formatting import format_number


class TargetKind(models.TextChoices):
    NUMBER = "number", _("Angka")
    PERCENT = "percent", _("Persentase")
    GRADE = "grade", _("Predikat/peringkat")


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")
    RANGE = "range", _("Dalam rentang")


class MeasureType(models.TextChoices):
    CUMULATIVE = "cumulative", _("Kumulatif (jumlah triwulan)")
    LAST = "last", _("Nilai terakhir")
    FLAT = "flat", _("Tetap (setiap triwulan)")
    ANNUAL = "annual", _("Rilis tahunan")


class GradeScale(models.TextChoices):
    NONE = "", _("—")
    AUDIT_OPINION = "audit", _("Opini BPK (WTP > WDP > TW > TMP)")
    SAKIP = "sakip", _("Predikat SAKIP (AA > A > BB > B > CC > C > D)")


# Best grade first.
GRADES = {
    GradeScale.AUDIT_OPINION: ("WTP", "WDP", "TW", "TMP"),
    GradeScale.SAKIP: ("AA", "A", "BB", "B", "CC", "C", "D"),
}


class TargetError(ValueError):
    """A target text that cannot be read; the message is for the user."""


@dataclasses.dataclass(frozen=True)
class Target:
    """A target as planned: `value` (and `upper` for a range), or a `grade`."""

    value: Decimal | None = None
    upper: Decimal | None = None
    grade: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.grade

    def display(self, measure_unit: str = "") -> str:
        """`100 %`, `1 Lembaga`, `80–90 %`, `WTP`."""
        if self.grade:
            return self.grade
        if self.value is None:
            return ""
        text = format_number(self.value)
        if self.upper is not None:
            text = f"{text}–{format_number(self.upper)}"
        return f"{text} {measure_unit}".strip()


def parse_number(text: str) -> Decimal:
    """Read `2,5`, `2.5`, `1.000`, `1.000,5` as a number (lib.values); raise TargetError otherwise."""
    try:
        return values.parse_number(text)
    except values.ValueRefused as refused:
        raise TargetError(str(refused)) from None


def parse_target(
    text: str, *, kind: str, scale: str = "", polarity: str = Polarity.HIGHER, measure_unit: str = ""
) -> Target:
    """Read a target as typed by a planner: `100`, `100 %`, `100 persen`, `80–90`, `1 Lembaga`, `WTP`.

    A unit typed after the number must be `measure_unit` (lib.values.check_unit):
    `12 Laporan` is refused for a `%` indicator rather than stored as 12 %.
    An empty `measure_unit` checks nothing.
    """
    text = " ".join((text or "").split())
    if not text:
        return Target()
    if kind == TargetKind.GRADE:
        grades = GRADES.get(scale, ())
        grade = text.upper()
        if grade not in grades:
            raise TargetError(
                gettext("Predikat “%(text)s” tidak dikenal; pilih salah satu dari %(grades)s.")
                % {"text": text, "grades": ", ".join(grades)}
            )
        return Target(grade=grade)
    text = _without_unit(text, measure_unit)
    if polarity == Polarity.RANGE:
        parts = re.split(r"\s*(?:–|-|s\.?d\.?|sampai)\s*", text, maxsplit=1)
        parts = [part for part in parts if part]
        if len(parts) != 2:
            raise TargetError(
                gettext("Target rentang “%(text)s” harus ditulis sebagai batas bawah–batas atas, mis. 80–90.")
                % {"text": text}
            )
        # Each bound may carry the unit too: `80 %–90 %`.
        lower = parse_number(_without_unit(parts[0], measure_unit))
        upper = parse_number(_without_unit(parts[1], measure_unit))
        if lower > upper:
            raise TargetError(
                gettext("Batas bawah %(lower)s lebih besar dari batas atas %(upper)s.")
                % {"lower": parts[0], "upper": parts[1]}
            )
        return Target(value=lower, upper=upper)
    value = parse_number(text)
    if kind == TargetKind.PERCENT and value < 0:
        raise TargetError(gettext("Persentase tidak boleh negatif."))
    return Target(value=value)


def _without_unit(text: str, measure_unit: str) -> str:
    """`text` without the unit typed after it, which must be `measure_unit`; TargetError otherwise."""
    number, typed_unit = values.split_unit(text)
    try:
        values.check_unit(typed_unit, measure_unit)
    except values.UnitMismatch as refused:
        raise TargetError(str(refused)) from None
    return number


def grade_rank(grade: str, scale: str) -> int | None:
    """0 for the best grade of the scale, larger for worse; None if unknown."""
    grades = GRADES.get(scale, ())
    return grades.index(grade) if grade in grades else None


def weaker_phrase(polarity: str) -> str:
    """How a weaker target stands to its parent's, said the way the indicator reads:
    below it (higher is better), looser than it (lower is better), outside it (a range)."""
    if polarity == Polarity.LOWER:
        return gettext("lebih longgar dari")
    if polarity == Polarity.RANGE:
        return gettext("di luar rentang")
    return gettext("di bawah")


def weaker_than(regional: Target, parent: Target, *, polarity: str, scale: str = "") -> bool:
    """Whether `regional` asks for less than `parent` ("below the parent's target").

    Higher is better: a smaller value is weaker. Lower is better: a larger value
    is weaker. Range: a range that reaches outside the parent's is weaker.
    Grades: a worse grade on the scale is weaker. Empty targets are never
    compared (a missing target is its own finding).
    """
    if regional.is_empty or parent.is_empty:
        return False
    if regional.grade or parent.grade:
        regional_rank, parent_rank = grade_rank(regional.grade, scale), grade_rank(parent.grade, scale)
        if regional_rank is None or parent_rank is None:
            return False
        return regional_rank > parent_rank
    if polarity == Polarity.LOWER:
        return regional.value > parent.value
    if polarity == Polarity.RANGE:
        parent_upper = parent.upper if parent.upper is not None else parent.value
        regional_upper = regional.upper if regional.upper is not None else regional.value
        return regional.value < parent.value or regional_upper > parent_upper
    return regional.value < parent.value
