"""Achievement (capaian): computed from target and realisation, never typed.

Pure functions. The rules:
- higher is better: realisation / target × 100%;
- lower is better: (2 − realisation / target) × 100%, never below 0%;
- within a range: 100% inside it; outside, measured against the nearer bound
  (below: as "higher is better" against the lower bound; above: as "lower is
  better" against the upper bound);
- grades: by position on the ordered scale, (n − realised rank) / (n − target
  rank) × 100%, so that meeting the target is 100% and a better grade more;
- across quarters by measure type: cumulative sums the quarters so far, last
  value takes the latest reported quarter, flat requires every reported quarter
  to meet the target (the weakest quarter counts), and a once-a-year release is
  "not yet measured" until it is released.
Zero or missing targets give "cannot be computed", never an error or infinity.

A percentage falls in one of the achievement bands (`BANDS`): its category,
and the colour pages give it. Pages, reports and roll-ups ask the bands here;
none spells a threshold or a category of its own.
"""

import dataclasses
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.planning.targets import GRADES, MeasureType, Polarity, Target, grade_rank

HUNDRED = Decimal(100)


class Category(models.TextChoices):
    """The band a computed achievement falls in."""

    MET = "met", _("tercapai")
    NEARLY_MET = "nearly_met", _("hampir tercapai")
    NOT_MET = "not_met", _("tidak tercapai")


class Reason(models.TextChoices):
    """Why an achievement has no percentage."""

    NOT_MEASURED = "not_measured", _("belum diukur")
    NOT_COMPUTABLE = "not_computable", _("tidak dapat dihitung")


NOT_MEASURED = Reason.NOT_MEASURED
NOT_COMPUTABLE = Reason.NOT_COMPUTABLE


@dataclasses.dataclass(frozen=True)
class Band:
    """A range of achievement: from `floor` percent (inclusive) up to the band above."""

    category: Category
    floor: Decimal | None  # None: everything below the band above
    tone: str  # the style pages give the band: ok, warn or bad
    colour: str  # the name of that colour in a legend

    @property
    def label(self) -> str:
        return self.category.label


# Highest floor first: a percentage falls in the first band whose floor it reaches.
BANDS = (
    Band(Category.MET, Decimal(100), "ok", _("hijau")),
    Band(Category.NEARLY_MET, Decimal(75), "warn", _("kuning")),
    Band(Category.NOT_MET, None, "bad", _("merah")),
)
_BY_CATEGORY = {band.category: band for band in BANDS}
# A row is "behind" when it falls in the lowest band: below the floor of the one above.
BEHIND_BELOW = BANDS[-2].floor


def band(percent: Decimal | None) -> Band | None:
    """The band of a percentage; None for no percentage."""
    if percent is None:
        return None
    return next(band for band in BANDS if band.floor is None or percent >= band.floor)


def band_of(category: str) -> Band | None:
    """The band of a stored category; None for none."""
    return _BY_CATEGORY.get(category)


def category(percent: Decimal) -> Category:
    """The category of a percentage."""
    return band(percent).category


def legend() -> list[dict]:
    """Each band with the range it covers, `≥ 100%`, `75–<100%`, `< 75%`, for a chart's legend."""
    lines = []
    for index, each in enumerate(BANDS):
        upper = BANDS[index - 1].floor if index else None
        if each.floor is None:
            span = f"< {upper}%"
        elif upper is None:
            span = f"≥ {each.floor}%"
        else:
            span = f"{each.floor}–<{upper}%"
        lines.append({"band": each, "span": span})
    return lines


@dataclasses.dataclass(frozen=True)
class Value:
    """A realisation: a number or a grade (or nothing reported)."""

    number: Decimal | None = None
    grade: str = ""

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.grade


@dataclasses.dataclass(frozen=True)
class Achievement:
    """A computed achievement: a percentage, or the reason there is none."""

    percent: Decimal | None
    reason: str = ""  # NOT_MEASURED or NOT_COMPUTABLE when percent is None
    actual: Value | None = None

    @property
    def category(self) -> str:
        return category(self.percent) if self.percent is not None else ""


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _ratio(actual: Decimal, target: Decimal) -> Decimal | None:
    if target == 0:
        return None
    try:
        return actual / target
    except (InvalidOperation, ZeroDivisionError):
        return None


def single(target: Target, actual: Value, *, polarity: str, scale: str = "") -> Achievement:
    """The achievement of one realisation against one target."""
    if actual.is_empty:
        return Achievement(None, NOT_MEASURED, actual)
    if target.is_empty:
        return Achievement(None, NOT_COMPUTABLE, actual)
    if target.grade or actual.grade:
        grades = GRADES.get(scale, ())
        target_rank, actual_rank = grade_rank(target.grade, scale), grade_rank(actual.grade, scale)
        if target_rank is None or actual_rank is None or not grades:
            return Achievement(None, NOT_COMPUTABLE, actual)
        n = Decimal(len(grades))
        return Achievement(_quantize((n - actual_rank) / (n - target_rank) * HUNDRED), actual=actual)
    value = actual.number
    if polarity == Polarity.RANGE:
        lower = target.value
        upper = target.upper if target.upper is not None else target.value
        if lower <= value <= upper:
            return Achievement(HUNDRED.quantize(Decimal("0.01")), actual=actual)
        if value < lower:
            ratio = _ratio(value, lower)
            return Achievement(None, NOT_COMPUTABLE, actual) if ratio is None else _bounded(ratio * HUNDRED, actual)
        ratio = _ratio(value, upper)
        return Achievement(None, NOT_COMPUTABLE, actual) if ratio is None else _bounded((2 - ratio) * HUNDRED, actual)
    if polarity == Polarity.LOWER:
        if target.value == 0:
            # Nothing allowed: met when nothing happened, otherwise not computable as a ratio.
            return (
                Achievement(HUNDRED.quantize(Decimal("0.01")), actual=actual)
                if value <= 0
                else Achievement(None, NOT_COMPUTABLE, actual)
            )
        ratio = _ratio(value, target.value)
        return Achievement(None, NOT_COMPUTABLE, actual) if ratio is None else _bounded((2 - ratio) * HUNDRED, actual)
    ratio = _ratio(value, target.value)
    return Achievement(None, NOT_COMPUTABLE, actual) if ratio is None else _bounded(ratio * HUNDRED, actual)


def _bounded(percent: Decimal, actual: Value) -> Achievement:
    return Achievement(_quantize(max(percent, Decimal(0))), actual=actual)


def by_quarter(
    target: Target,
    quarters: list[Value],
    *,
    polarity: str,
    measure_type: str,
    scale: str = "",
    quarter_targets: list[Target] | None = None,
) -> list[Achievement]:
    """The achievement at the end of each of the four quarters.

    `quarters` holds the realisation reported for each quarter (empty Values
    for quarters not reported); `quarter_targets`, if given, replaces the year's
    target for a quarter that has one.
    """
    quarters = (list(quarters) + [Value()] * 4)[:4]
    quarter_targets = (list(quarter_targets or []) + [Target()] * 4)[:4]
    results = []
    for index in range(4):
        goal = quarter_targets[index] if not quarter_targets[index].is_empty else target
        so_far = quarters[: index + 1]
        reported = [value for value in so_far if not value.is_empty]
        if measure_type == MeasureType.ANNUAL:
            current = quarters[index]
            released = current if not current.is_empty else (reported[-1] if reported else Value())
            results.append(single(goal, released, polarity=polarity, scale=scale))
        elif not reported:
            results.append(Achievement(None, NOT_MEASURED))
        elif measure_type == MeasureType.CUMULATIVE and all(value.number is not None for value in reported):
            total = sum((value.number for value in reported), Decimal(0))
            results.append(single(goal, Value(number=total), polarity=polarity, scale=scale))
        elif measure_type == MeasureType.FLAT:
            each = [single(goal, value, polarity=polarity, scale=scale) for value in reported]
            computed = [a for a in each if a.percent is not None]
            if len(computed) < len(each):
                results.append(Achievement(None, NOT_COMPUTABLE, reported[-1]))
            else:
                results.append(min(computed, key=lambda a: a.percent))
        else:
            results.append(single(goal, reported[-1], polarity=polarity, scale=scale))
    return results
