"""Messages stored now and read later, in the reader's language.

A notice or a history entry is written once, but read by people who chose
Indonesian or English. So the message is kept as its source text (marked with
`gettext_noop`, so that `makemessages` finds it) and its parameters, and is
translated when it is shown. A parameter that is itself a text of the
interface (a status, a kind of recipient) is kept as `term(...)` and
translated too, a date as `day(...)` and an amount as `rupiah(...)`, written
in the reader's language;
anything a user typed stays as it was typed.
"""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from kinerja.lib.formatting import format_date, format_rupiah


def term(text) -> dict:
    """A parameter that is a text of the interface, translated when shown."""
    return {"term": str(_source(text))}


def day(value: datetime.date) -> dict:
    """A date parameter, written in the reader's language when shown (`1 Februari 2024`, `1 February 2024`)."""
    return {"date": value.isoformat()}


def rupiah(value: int) -> dict:
    """An amount parameter, written in the reader's language when shown (`Rp 5.113.999.000`, `Rp 5,113,999,000`)."""
    return {"rupiah": int(value)}


def _source(text):
    # A lazy translation (a choice label) is kept as its source text, whatever
    # language is active while it is stored. Django's lazy proxy keeps the
    # arguments of gettext in `_args`; there is no public way to read them.
    args = getattr(text, "_args", None)
    return args[0] if isinstance(args, tuple) and args and isinstance(args[0], str) else text


def deferred(template: str, **params) -> dict:
    """A message to store: its source text and its parameters."""
    return {"template": template, "params": params}


def render(template: str, params: dict | None = None) -> str:
    """The stored message in the active language."""
    values = {name: _value(value) for name, value in (params or {}).items()}
    translated = gettext(template) if template else ""
    try:
        return translated % values if values else translated
    except (KeyError, TypeError, ValueError):
        # A catalogue whose translation names other parameters than the
        # source must not hide the message: fall back to the source text.
        return template % values if values else template


def render_stored(template: str, params: dict | None = None) -> str:
    """The message in the site's language (Indonesian), as it is kept beside its
    source text for the admin's search, whoever's request stored it."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(template, params)


def _value(value):
    if isinstance(value, dict) and set(value) == {"term"}:
        return gettext(value["term"]) if value["term"] else ""
    if isinstance(value, dict) and set(value) == {"date"}:
        return format_date(datetime.date.fromisoformat(value["date"]), language=None)
    if isinstance(value, dict) and set(value) == {"rupiah"}:
        return format_rupiah(value["rupiah"], language=None)
    return value
