from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.lib.text import PlainTextField


def date_input() -> forms.DateInput:
    # A browser's date field reads and writes ISO dates, whatever the page language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    target = PlainTextField(label=_("Target"), max_length=40)


class DipaForm(forms.Form):
    number = PlainTextField(label=_("Nomor DIPA"), max_length=80, required=False)
    ratified_on = forms.DateField(label=_("Tanggal pengesahan"), widget=date_input())


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Tanggal reviu"), widget=date_input())
    next_review = forms.DateField(label=_("Reviu berikutnya"), widget=date_input())


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas"))


class ImportForm(forms.Form):
    KIND_CHOICES = [("dipa", _("Pagu DIPA/RKA")), ("iku", _("Set IKU")), ("rkt", _("RKT"))]
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("Berkas .xlsx"))
