"""The one reader of numbers, amounts, dates and measure units as people type them.

The PK editor, every import and every form read what a person typed through
these functions, so that a value accepted in one place is accepted in all:

- numbers the Indonesian way: `2,8`, `1.234`, `1.234,5` (and `2.8`, which a
  spreadsheet writes);
- a number with its measure unit: `100 %`, `100%`, `100 persen`, `1 Lembaga`;
  the unit must be the one expected (`check_unit`), never silently dropped;
- Rupiah: `Rp. 5.113.999.000,-`, `Rp 5.113.999.000,00`, `Rp5.113.999.000`,
  `5113999000`, and `5,113,999,000` as the English pages show it; cents other
  than `,00` are refused, since budgets are in whole rupiah;
- dates: `6 Maret 2024`, `6 Mar 2024`, `6 March 2024`, `06-03-2024`,
  `6/3/2024` (day first, as in Indonesia) and `2024-03-06` (ISO, which a
  browser's date field sends).

Nothing is guessed: `lOOo`, `1OO` or `l00` (what OCR makes of `100`) are not
numbers here. Proposing a correction is the OCR reader's job, not this one's.
Each refusal is a ValueRefused with a message for the user that names the text.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ValueRefused(ValueError):
    """A typed value that cannot be read; the message is for the user, in the active language."""


class NotANumber(ValueRefused):
    pass


class NotAnAmount(ValueRefused):
    pass


class NotADate(ValueRefused):
    pass


class UnitMismatch(ValueRefused):
    pass


# --- Numbers --------------------------------------------------------------------------------------------------

# Only the ASCII digits: `\d` would also take Arabic-Indic or full-width digits.
_GROUPED = r"-?[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?"
_PLAIN = r"-?[0-9]+(?:[.,][0-9]+)?"


def parse_number(text: str) -> Decimal:
    """`2,5`, `2.5`, `1.000`, `1.000,5`, `-3` as a number; NotANumber otherwise.

    A dot followed by exactly three digits groups thousands (`1.234` is 1234);
    any other dot or comma separates the decimals.
    """
    text = (text or "").strip()
    if re.fullmatch(_GROUPED, text):
        written = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(_PLAIN, text):
        written = text.replace(",", ".")
    else:
        raise NotANumber(_("“%(text)s” bukan angka.") % {"text": text})
    try:
        return Decimal(written)
    except InvalidOperation:  # pragma: no cover - the patterns above only let numbers through
        raise NotANumber(_("“%(text)s” bukan angka.") % {"text": text}) from None


# --- Measure units --------------------------------------------------------------------------------------------

# The ways of writing "per cent"; any of them is the same unit as `%`.
_PERCENT_WORDS = frozenset({"%", "persen", "prosen", "percent", "per cent", "persentase"})

# A unit written after a number: `%` (with or without a space), or a word after
# a space that holds no digit (`Lembaga`, `Orang/Hari`). `1OO` is not "1 OO".
_WITH_UNIT = re.compile(r"(?P<number>.*?[0-9])\s+(?P<unit>[^\W\d_][^\d]*)")


def split_unit(text: str) -> tuple[str, str]:
    """(number text, unit text) of `100 %`, `100%`, `100 persen`, `80–90 %`; the unit "" when none is written."""
    text = " ".join((text or "").split())
    if text.endswith("%"):
        return text[:-1].strip(), "%"
    match = _WITH_UNIT.fullmatch(text)
    if match:
        return match["number"], match["unit"]
    return text, ""


def _unit_key(unit: str) -> str:
    key = " ".join(unit.split()).casefold().rstrip(".")
    return "%" if key in _PERCENT_WORDS else key


def same_unit(first: str, second: str) -> bool:
    """Whether two measure units are the same: case and spacing aside, and `%` = `persen` = `percent`."""
    return _unit_key(first) == _unit_key(second)


def check_unit(typed: str, expected: str) -> None:
    """Refuse a unit typed beside a number that is not the indicator's.

    Nothing is checked when either is empty: a number without a unit is in the
    indicator's unit, and an indicator without one cannot be contradicted.
    """
    if typed and expected and not same_unit(typed, expected):
        raise UnitMismatch(
            _("satuan “%(typed)s” tidak sesuai dengan satuan indikator “%(expected)s”.")
            % {"typed": typed, "expected": expected}
        )


def parse_quantity(text: str, *, unit: str) -> Decimal:
    """A number, optionally followed by its unit, which must be `unit`: `100 persen` for `%`, `1 Lembaga`."""
    number, typed = split_unit(text)
    check_unit(typed, unit)
    return parse_number(number)


def parse_percent(text: str) -> Decimal:
    """`100%`, `100 %`, `100 persen`, `87,5` as the number of per cent."""
    return parse_quantity(text, unit="%")


# --- Rupiah ---------------------------------------------------------------------------------------------------

_RUPIAH_PREFIX = re.compile(r"^(?P<sign>-?)\s*(?:rp\.?|idr)\s*", re.IGNORECASE)
# Thousands grouped by dots with decimals after a comma (Indonesian), grouped by
# commas with decimals after a dot (the English pages), or not grouped at all.
_RUPIAH = (
    re.compile(r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?P<cents>[0-9]+))?"),
    re.compile(r"(?P<whole>[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<cents>[0-9]+))?"),
    re.compile(r"(?P<whole>[0-9]+)(?:[.,](?P<cents>[0-9]{1,2}))?"),
)


def parse_rupiah(text: str) -> int:
    """Whole rupiah from `Rp. 5.113.999.000,-`, `Rp 5.113.999.000,00`, `5113999000` or `5,113,999,000`.

    A minus sign is read (`-5.000` is -5000): whether an amount may be negative
    is the caller's rule. Cents other than zero are refused.
    """
    written = " ".join((text or "").split())
    compact = written.removesuffix(",-").removesuffix(".-").strip()
    prefix = _RUPIAH_PREFIX.match(compact)
    negative = False
    if prefix:
        negative = bool(prefix["sign"])
        compact = compact[prefix.end() :]
    if compact.startswith("-"):
        negative, compact = True, compact[1:]
    compact = compact.replace(" ", "")
    for pattern in _RUPIAH:
        match = pattern.fullmatch(compact)
        if match:
            break
    else:
        raise NotAnAmount(
            _("“%(text)s” bukan jumlah rupiah; tulis mis. 5.113.999.000 atau Rp 5.113.999.000,-.") % {"text": written}
        )
    cents = match["cents"] or ""
    if cents.strip("0"):
        raise NotAnAmount(
            _("“%(text)s” bukan jumlah rupiah bulat: anggaran dicatat tanpa sen (,%(cents)s).")
            % {"text": written, "cents": cents}
        )
    whole = int(re.sub(r"[.,]", "", match["whole"]))
    return -whole if negative else whole


# --- Dates ----------------------------------------------------------------------------------------------------

_MONTHS = {
    1: ("januari", "jan", "january"),
    2: ("februari", "pebruari", "feb", "peb", "february"),
    3: ("maret", "mar", "march"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "jun", "june"),
    7: ("juli", "jul", "july"),
    8: ("agustus", "agu", "agt", "ags", "agus", "aug", "august"),
    9: ("september", "sep", "sept"),
    10: ("oktober", "okt", "oct", "october"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "des", "dec", "december"),
}
_MONTH_NUMBERS = {name: number for number, names in _MONTHS.items() for name in names}

_NAMED_MONTH = re.compile(r"(?P<day>[0-9]{1,2})[\s./-]*(?P<month>[^\W\d_]+)\.?[\s.,/-]*(?P<year>[0-9]{4})")
_DAY_FIRST = re.compile(
    r"(?P<day>[0-9]{1,2})\s*(?P<separator>[./-])\s*(?P<month>[0-9]{1,2})\s*(?P=separator)\s*(?P<year>[0-9]{4})"
)
_YEAR_FIRST = re.compile(
    r"(?P<year>[0-9]{4})\s*(?P<separator>[./-])\s*(?P<month>[0-9]{1,2})\s*(?P=separator)\s*(?P<day>[0-9]{1,2})"
)


def parse_date(text: str) -> datetime.date:
    """`6 Maret 2024`, `06 Mar 2024`, `6 March 2024`, `06-03-2024`, `6/3/2024`, `2024-03-06` as a date.

    Numbers alone are read day first, as Indonesians write them, unless the
    year comes first (ISO). NotADate for any other text, and for a day that the
    calendar does not have (`31-02-2024`).
    """
    written = " ".join((text or "").split())
    month: int | None = None
    match = _NAMED_MONTH.fullmatch(written)
    if match:
        month = _MONTH_NUMBERS.get(match["month"].casefold())
    else:
        match = _DAY_FIRST.fullmatch(written) or _YEAR_FIRST.fullmatch(written)
        if match:
            month = int(match["month"])
    if match is None or month is None:
        raise NotADate(
            _("“%(text)s” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06.") % {"text": written}
        )
    try:
        return datetime.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        raise NotADate(_("Tanggal “%(text)s” tidak ada di kalender.") % {"text": written}) from None


class DateField(forms.DateField):
    """A form's date field that reads a date as `parse_date` does.

    A browser's date picker sends ISO dates (`2024-03-06`), which are read as
    well, so the field keeps working with <input type="date">; a page without
    one, or a script, may send `6 Maret 2024`.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except NotADate as refused:
            raise ValidationError(str(refused), code="invalid") from None
