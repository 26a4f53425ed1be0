"""Indonesian formatting of dates and money, as the KPU documents write them."""

import datetime
from decimal import Decimal

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_date(value: datetime.date | None) -> str:
    """`6 Maret 2024`; an empty string for no date."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def group_thousands(value: int | Decimal) -> str:
    """`5113999000` -> `5.113.999.000`; negative numbers keep their sign."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def format_rupiah(value: int | Decimal | None) -> str:
    """`Rp 5.113.999.000`; an empty string when the amount is unknown."""
    if value is None:
        return ""
    return f"Rp {group_thousands(value)}"
