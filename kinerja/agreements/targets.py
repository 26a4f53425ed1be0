"""A row's target must read as a target of its indicator's kind.

The editor saves what it can read and refuses, naming the row, what it
cannot: "abc" for a number, "-3" anywhere (a PK promises a count, a share or an
index, never less than nothing), a grade outside the indicator's scale, a unit
typed after the number that is not the row's ("12 Laporan" in a row of "%").
An empty target may be saved while drafting; finalising asks for every row's.
"""

from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement, Row, row_label
from kinerja.planning.targets import Polarity, Target, TargetError, TargetKind, parse_target


def rules(row: Row) -> tuple[str, str, str]:
    """(target kind, grade scale, polarity) of a row, from its indicator; a plain number without one."""
    indicator = row.indicator
    if indicator is None:
        return TargetKind.NUMBER, "", Polarity.HIGHER
    return indicator.target_kind, indicator.grade_scale, indicator.polarity


def measure_unit(row: Row, typed: str | None = None) -> str:
    """The unit a target of `row` is in: `typed` (the row's Satuan as being saved), else the
    row's stored one, else its indicator's; "" when none is known."""
    unit = row.measure_unit if typed is None else typed
    if not unit and row.indicator is not None:
        unit = row.indicator.measure_unit
    return unit


def reading(row: Row, text: str, *, unit: str | None = None) -> Target:
    """`text` read as a target of `row` in its measure unit (`unit` as being saved, see
    `measure_unit`); TargetError with the reason for the user, also for a negative target."""
    kind, scale, polarity = rules(row)
    target = parse_target(text, kind=kind, scale=scale, polarity=polarity, measure_unit=measure_unit(row, unit))
    if target.value is not None and target.value < 0:
        raise TargetError(_("target tidak boleh negatif"))
    return target


def problem(row: Row, text: str, *, unit: str | None = None) -> str:
    """Why `text` is not a target of `row`, or "" (an empty text is no problem while drafting)."""
    try:
        reading(row, text, unit=unit)
    except TargetError as error:
        return str(error).rstrip(".")
    return ""


def unreadable(agreement: Agreement) -> list[str]:
    """The labels of the rows of `agreement` whose target is empty or cannot be read."""
    rows = Row.objects.filter(section__agreement=agreement).select_related("indicator", "section")
    return [
        row_label(row)
        for row in rows.order_by("section__order", "order")
        if not row.target.strip() or problem(row, row.target)
    ]
