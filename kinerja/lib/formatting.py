"""Dates, numbers and money, written with Django's own locale data.

The official documents (a PK and its attachment, the reports, the compliance
recap) are Indonesian whatever language the reader chose for the interface:
they call these functions as they are, and get `6 Maret 2024` and
`Rp 5.113.999.000`. Pages pass `language=None`, which means the active
language (the template filters do): `6 March 2024` and `Rp 5,113,999,000`
in English.
"""

import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from django.utils import dateformat, formats, numberformat, translation

from kinerja.lib import timezones

# The language of the official documents.
DOCUMENT_LANGUAGE = "id"

# Django's own TIME_FORMAT for Indonesian ("G.i") drops the leading zero that
# the pages have always shown ("09.00"); the hour keeps two digits in both.
_TIME_FORMATS = {"id": "H.i"}
_TIME_FORMAT = "H:i"


def format_number(value: int | Decimal, *, places: int | None = None, language: str | None = DOCUMENT_LANGUAGE) -> str:
    """`1.000`, `2,5`, `-1.500`: thousands grouped, the decimal separator of the language.

    Without `places` a decimal loses its trailing zeros (`2,50` → `2,5`); with
    `places` it is rounded to that many decimals (`87,46` → `87,5` for 1).
    `language=None` writes the number in the active language.
    """
    if isinstance(value, Decimal):
        value = value.normalize() if places is None else value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN)
    language = language or translation.get_language()
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR", language),
        decimal_pos=places,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR", language),
        force_grouping=True,
    )


def format_rupiah(value: int | Decimal | None, *, language: str | None = DOCUMENT_LANGUAGE) -> str:
    """`Rp 5.113.999.000`; an empty string when the amount is unknown."""
    if value is None:
        return ""
    return f"Rp {format_number(value, language=language)}"


def format_date(value: datetime.date | None, *, language: str | None = DOCUMENT_LANGUAGE) -> str:
    """`6 Maret 2024` (`6 March 2024` in English); an empty string for no date."""
    if value is None:
        return ""
    with translation.override(language or translation.get_language()):
        return dateformat.format(value, "j F Y")


def format_time(value: datetime.time | datetime.datetime, *, language: str | None = DOCUMENT_LANGUAGE) -> str:
    """`09.00` in Indonesian, `09:00` in English."""
    language = language or translation.get_language()
    return dateformat.time_format(value, _TIME_FORMATS.get(language, _TIME_FORMAT))


def format_moment(
    value: datetime.datetime, time_zone: str, *, with_date: bool = True, language: str | None = DOCUMENT_LANGUAGE
) -> str:
    """A moment in a unit's own zone with its label: `7 Maret 2024 09.00 WIT`, or
    `09.00 WIT` without the date; `7 March 2024 09:00 WIT` in English."""
    local = value.astimezone(ZoneInfo(time_zone))
    parts = [format_date(local.date(), language=language)] if with_date else []
    parts += [format_time(local, language=language), timezones.LABELS.get(time_zone, "")]
    return " ".join(part for part in parts if part)
