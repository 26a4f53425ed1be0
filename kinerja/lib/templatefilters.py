"""Template filters loaded into every template (see TEMPLATES['OPTIONS']['builtins'])."""

import datetime

from django import template

from kinerja.lib import formatting, timezones

register = template.Library()


@register.filter
def tanggal(value):
    """A date in Indonesian: `6 Maret 2024`; anything that is not a date prints as it is."""
    if not isinstance(value, datetime.date):
        return value or ""
    return formatting.format_date(value)


@register.filter
def rupiah(value):
    """An amount in Rupiah: `Rp 5.113.999.000`."""
    return formatting.format_rupiah(value)


@register.filter
def ribuan(value):
    """A whole number with dot thousands: `1.116`."""
    return formatting.group_thousands(value)


@register.filter
def zona(value):
    """The short label of a time zone name: `WIT`."""
    return timezones.LABELS.get(value, value)


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key`: a dictionary lookup with a variable key."""
    return mapping.get(key) if mapping else None
