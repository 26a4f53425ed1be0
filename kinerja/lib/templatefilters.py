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


@register.filter
def waktu(value, time_zone="Asia/Jakarta"):
    """A moment in a unit's own time zone: `7 Maret 2024 09.00 WIT`."""
    if not isinstance(value, datetime.datetime):
        return value or ""
    from zoneinfo import ZoneInfo

    local = value.astimezone(ZoneInfo(time_zone or "Asia/Jakarta"))
    label = timezones.LABELS.get(time_zone or "Asia/Jakarta", "")
    return f"{formatting.format_date(local.date())} {local:%H.%M} {label}".strip()


FIELD_LABELS = {
    "status": "Status",
    "signed_on": "Tanggal",
    "signed_place": "Tempat",
    "first_party_name": "Pihak Pertama",
    "first_party_position": "Jabatan Pihak Pertama",
    "first_party_acting": "Status Pihak Pertama",
    "second_party_name": "Pihak Kedua",
    "second_party_position": "Jabatan Pihak Kedua",
    "second_party_acting": "Status Pihak Kedua",
    "indicator_text": "Indikator",
    "target": "Target",
    "measure_unit": "Satuan",
    "letter": "Huruf",
    "output": "Keluaran",
    "number": "Nomor",
    "code": "Kode",
    "title": "Judul",
    "program_name": "Program",
    "program_code": "Kode program",
    "amount": "Anggaran",
    "sha256": "SHA-256",
    "realisasi": "Realisasi",
    "revision_of": "Perubahan atas",
}


@register.filter
def field_label(name):
    """The Indonesian label of a field named in the change history."""
    return FIELD_LABELS.get(name, name)
