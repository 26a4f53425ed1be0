"""A row's target must read as a target of its indicator's kind.

The editor saves what it can read and refuses, naming the row, what it
cannot: "abc" for a number, "-3" anywhere (a PK promises a count, a share or an
index, never less than nothing), a grade outside the indicator's scale. An
empty target may be saved while drafting; finalising asks for every row's.
"""

from django.utils.translation import gettext as _

from kinerja.agreements.models import Agreement, Row, row_label
from kinerja.planning.targets import Polarity, TargetError, TargetKind, parse_target


def rules(row: Row) -> tuple[str, str, str]:
    """(target kind, grade scale, polarity) of a row, from its indicator; a plain number without one."""
    indicator = row.indicator
    if indicator is None:
        return TargetKind.NUMBER, "", Polarity.HIGHER
    return indicator.target_kind, indicator.grade_scale, indicator.polarity


def problem(row: Row, text: str) -> str:
    """Why `text` is not a target of `row`, or "" (an empty text is no problem while drafting)."""
    kind, scale, polarity = rules(row)
    try:
        target = parse_target(text, kind=kind, scale=scale, polarity=polarity)
    except TargetError as error:
        return str(error).rstrip(".")
    if target.value is not None and target.value < 0:
        return _("target tidak boleh negatif")
    return ""


def unreadable(agreement: Agreement) -> list[str]:
    """The labels of the rows of `agreement` whose target is empty or cannot be read."""
    rows = Row.objects.filter(section__agreement=agreement).select_related("indicator", "section")
    return [
        row_label(row)
        for row in rows.order_by("section__order", "order")
        if not row.target.strip() or problem(row, row.target)
    ]
