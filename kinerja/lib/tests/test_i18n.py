"""Stored messages are shown in the reader's language (lib.i18n)."""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from kinerja.lib.i18n import day, deferred, render, rupiah, term


def test_a_term_is_stored_as_its_source_text_whatever_the_language():
    with translation.override("en"):
        assert term(gettext_lazy("Draf")) == {"term": "Draf"}


def test_terms_dates_and_amounts_follow_the_reader_and_typed_text_stays():
    message = deferred(
        gettext_noop("Status: %(old)s → %(new)s (%(reason)s)"),
        old=term(gettext_lazy("Draf")),
        new=term(gettext_lazy("Final")),
        reason="Salah ketik",
    )
    assert render(**message) == "Status: Draf → Final (Salah ketik)"
    with translation.override("en"):
        assert render(**message) == "Status: Draft → Final (Salah ketik)"
    due = {"due": day(datetime.date(2024, 2, 1)), "amount": rupiah(5_113_999_000)}
    assert render("%(due)s %(amount)s", due) == "1 Februari 2024 Rp 5.113.999.000"
    with translation.override("en"):
        assert render("%(due)s %(amount)s", due) == "1 February 2024 Rp 5,113,999,000"


def test_a_message_whose_parameters_do_not_fit_falls_back_to_the_source_text():
    assert render("%(unit)s", {"unit": "KPU Kota Sorong", "extra": 1}) == "KPU Kota Sorong"
    assert render("Tanpa parameter") == "Tanpa parameter"
