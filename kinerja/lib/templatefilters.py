"""Template filters loaded into every template (see TEMPLATES['OPTIONS']['builtins']).

Dates and numbers follow the active language of the page (`6 Maret 2024` or
`6 March 2024`); the official documents format theirs through
kinerja.lib.formatting directly, always in Indonesian.
"""

import datetime

from django import template
from django.utils.translation import gettext_lazy as _

from kinerja.lib import formatting, timezones

register = template.Library()


@register.filter
def tanggal(value):
    """A date in the page's language: `6 Maret 2024`; anything that is not a date prints as it is."""
    if not isinstance(value, datetime.date):
        return value or ""
    return formatting.format_date(value, language=None)


@register.filter
def rupiah(value):
    """An amount in Rupiah: `Rp 5.113.999.000` (`Rp 5,113,999,000` in English)."""
    return formatting.format_rupiah(value, language=None)


@register.filter
def ribuan(value):
    """A number with its thousands grouped: `1.116` (`1,116` in English); nothing for no number."""
    if value is None or value == "":
        return ""
    return formatting.format_number(value, language=None)


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
    """A moment in a unit's own time zone: `7 Maret 2024 09.00 WIT` (`7 March 2024 09:00 WIT`)."""
    if not isinstance(value, datetime.datetime):
        return value or ""
    return formatting.format_moment(value, time_zone or timezones.WIB, language=None)


@register.filter
def jam(value, time_zone="Asia/Jakarta"):
    """The clock time of a moment in a unit's own time zone: `10.41 WIT` (`10:41 WIT`)."""
    if not isinstance(value, datetime.datetime):
        return value or ""
    return formatting.format_moment(value, time_zone or timezones.WIB, with_date=False, language=None)


FIELD_LABELS = {
    "status": _("Status"),
    "submitted_at": _("Disampaikan pada"),
    "days_late": _("Terlambat (hari)"),
    "signed_on": _("Tanggal"),
    "signed_place": _("Tempat"),
    "first_party_name": _("Pihak Pertama"),
    "first_party_position": _("Jabatan Pihak Pertama"),
    "first_party_acting": _("Status Pihak Pertama"),
    "second_party_name": _("Pihak Kedua"),
    "second_party_position": _("Jabatan Pihak Kedua"),
    "second_party_acting": _("Status Pihak Kedua"),
    "indicator_text": _("Indikator"),
    "target": _("Target"),
    "measure_unit": _("Satuan"),
    "letter": _("Huruf"),
    "output": _("Keluaran"),
    "number": _("Nomor"),
    "code": _("Kode"),
    "title": _("Judul"),
    "program_name": _("Program"),
    "program_code": _("Kode program"),
    "amount": _("Anggaran"),
    "sha256": "SHA-256",
    "realisasi": _("Realisasi"),
    "revision_of": _("Perubahan atas"),
}


@register.filter
def field_label(name):
    """The label of a field named in the change history, in the page's language."""
    return FIELD_LABELS.get(name, name)
