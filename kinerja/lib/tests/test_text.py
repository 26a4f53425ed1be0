"""lib.text: the one rule for typed text."""

import pytest
from django import forms

from kinerja.lib.text import PlainTextField, TextRefused, clean_text


def test_a_text_is_stripped_and_loses_stray_control_characters():
    assert clean_text("  Rak\x07 1\x1f, map\tA\n ", field="Lokasi") == "Rak 1, map\tA"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Rak\x00 1", "Lokasi berisi karakter NUL"),
        ("Rak \u202efdp.exe", "Lokasi berisi karakter tersembunyi pembalik arah teks (U+202E)"),
        ("Rak \u2067x\u2069", "(U+2067)"),
        ("x" * 301, "Lokasi terlalu panjang (301 karakter); paling banyak 300."),
        ("x" * 1_048_576, "(1.048.576 karakter)"),
        ("  ", "Lokasi wajib diisi."),
    ],
)
def test_a_text_that_cannot_be_stored_is_refused_with_the_reason(text, message):
    with pytest.raises(TextRefused) as refused:
        clean_text(text, field="Lokasi", max_length=300, required=True)
    assert message in str(refused.value)


def test_a_service_gets_its_own_kind_of_refusal():
    class RoutingError(Exception):
        pass

    with pytest.raises(RoutingError, match="NUL"):
        clean_text("\x00", field="Jawaban", error=RoutingError)


def test_a_form_field_applies_the_same_rule():
    class Form(forms.Form):
        number = PlainTextField(label="Nomor DIPA", max_length=80, required=False)

    assert Form({"number": " SP DIPA-076.01 "}).is_valid()
    form = Form({"number": "SP\u202eDIPA"})
    assert not form.is_valid()
    assert "Nomor DIPA berisi karakter tersembunyi" in form.errors["number"][0]
