"""The one rule for text typed into a form before it is stored.

A text is refused, with a message that names the field, when it holds a NUL
byte (PostgreSQL cannot store one, and no keyboard types one), when it holds a
character that reverses the direction of the text around it (U+202A–U+202E,
U+2066–U+2069: they make "pk‮fdp.exe" read as "pkexe.pdf"), or when it is
longer than its field. Other control characters, which a paste from a PDF may
bring along, are removed. Markup (HTML, Typst) and formula-looking text are
ordinary text: the pages, documents and spreadsheets print them literally.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.lib.formatting import format_number

MAX_TEXT = 3000  # a paragraph of an agreement

_REMOVED = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIRECTION = re.compile("[\u202a-\u202e\u2066-\u2069]")


class TextRefused(ValueError):
    """A text refused; the message is for the user, in the active language."""


def text_problem(value: str, *, field: str, max_length: int) -> str | None:
    """Why `value` may not be stored in `field`, or None; in the active language."""
    if "\x00" in value:
        return _("%(field)s berisi karakter NUL (\\0) yang tidak dapat disimpan; ketik ulang isiannya.") % {
            "field": field
        }
    direction = _DIRECTION.search(value)
    if direction:
        return _(
            "%(field)s berisi karakter tersembunyi pembalik arah teks (U+%(code)s); "
            "hapus karakter itu lalu simpan lagi."
        ) % {"field": field, "code": f"{ord(direction.group()):04X}"}
    if len(value) > max_length:
        return _("%(field)s terlalu panjang (%(length)s karakter); paling banyak %(max)s.") % {
            "field": field,
            "length": format_number(len(value), language=None),
            "max": format_number(max_length, language=None),
        }
    return None


def clean_text(
    value: str | None,
    *,
    field: str,
    max_length: int = MAX_TEXT,
    required: bool = False,
    error: type[Exception] = TextRefused,
) -> str:
    """`value` stripped and without stray control characters, or `error` raised with the reason.

    `error` lets a service raise its own kind of refusal, which its pages
    already show to the user.
    """
    value = _REMOVED.sub("", value or "").strip()
    problem = text_problem(value, field=field, max_length=max_length)
    if problem:
        raise error(problem)
    if required and not value:
        raise error(_("%(field)s wajib diisi.") % {"field": field})
    return value


class PlainTextField(forms.CharField):
    """A form field that applies `clean_text`: the same rule and messages as every service."""

    def clean(self, value):
        value = self.to_python(value)
        try:
            return clean_text(
                value, field=str(self.label), max_length=self.max_length or MAX_TEXT, required=self.required
            )
        except TextRefused as refused:
            raise ValidationError(str(refused), code="text") from None
