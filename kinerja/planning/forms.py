from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.lib import values
from kinerja.lib.text import PlainTextField
from kinerja.planning import work_plans
from kinerja.planning.models import Indicator, WorkPlan, WorkPlanSection


def date_input() -> forms.DateInput:
    # A browser's date field reads and writes ISO dates, whatever the page language.
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TargetForm(forms.Form):
    target = PlainTextField(label=_("Target"), max_length=40)


class DipaForm(forms.Form):
    number = PlainTextField(label=_("Nomor DIPA"), max_length=80, required=False)
    ratified_on = values.DateField(label=_("Tanggal pengesahan"), widget=date_input())


class ReviewForm(forms.Form):
    reviewed_on = values.DateField(label=_("Tanggal reviu"), widget=date_input())
    next_review = values.DateField(label=_("Reviu berikutnya"), widget=date_input())


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas"))


class ImportForm(forms.Form):
    KIND_CHOICES = [("dipa", _("Pagu DIPA/RKA")), ("iku", _("Set IKU")), ("rkt", _("RKT"))]
    kind = forms.ChoiceField(label=_("Jenis data"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("Berkas .xlsx"))


class DecreeForm(forms.Form):
    number = PlainTextField(
        label=_("Nomor keputusan"),
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "12/PR.01-Kpt/01/2025"}),
    )
    issued_on = values.DateField(label=_("Tanggal keputusan"), widget=date_input())
    title = PlainTextField(label=_("Tentang"), max_length=300, required=False)


class CopyForm(forms.Form):
    """The confirm of a "Salin dari tahun lalu": the diff's fingerprint, and a new DIPA's header."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    number = PlainTextField(label=_("Nomor DIPA"), max_length=80, required=False)
    ratified_on = values.DateField(label=_("Tanggal pengesahan"), widget=date_input(), required=False)


class WorkPlanSectionForm(forms.Form):
    """A section of the RKT: its title, and the activity code when it is an activity."""

    title = PlainTextField(
        label=_("Sasaran/kegiatan"),
        max_length=work_plans.TITLE_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Perencanaan Program dan Anggaran")}),
    )
    activity_code = PlainTextField(
        label=_("Kode kegiatan (opsional)"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "6709", "list": "rkt-activities", "size": 8}),
    )


class WorkPlanRowForm(forms.Form):
    """A row's output, target and measure unit, as changed on the RKT page."""

    output = PlainTextField(
        label=_("Keluaran"),
        max_length=work_plans.OUTPUT_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. Layanan Perkantoran (opsional)")}),
    )
    target = PlainTextField(
        label=_("Target"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("mis. 100, 80–90 atau WTP")}),
    )
    measure_unit = PlainTextField(
        label=_("Satuan"),
        max_length=work_plans.MEASURE_UNIT_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("kosongkan: satuan indikator")}),
    )


class WorkPlanRowAddForm(WorkPlanRowForm):
    """A new row: the section it goes to and its indicator, the unit's IKU of the year listed first."""

    section = forms.ModelChoiceField(
        label=_("Bagian"),
        queryset=WorkPlanSection.objects.none(),
        empty_label=None,
        error_messages={"required": _("Pilih bagian RKT."), "invalid_choice": _("Pilih bagian RKT.")},
    )
    indicator = forms.ModelChoiceField(
        label=_("Indikator"),
        queryset=Indicator.objects.all(),
        error_messages={"required": _("Pilih indikator baris ini."), "invalid_choice": _("Indikator tidak dikenal.")},
    )
    field_order = ["section", "indicator", "output", "target", "measure_unit"]

    def __init__(self, *args, work_plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = work_plan.sections.all()
        self.fields["section"].label_from_instance = lambda section: f"{section.order}. {section.title}"
        choices = [("", _("— pilih indikator —"))]
        for label, group in work_plans.indicator_groups(work_plan.unit, work_plan.year):
            choices.append((label, [(indicator.pk, _indicator_label(indicator)) for indicator in group]))
        self.fields["indicator"].choices = choices


def _indicator_label(indicator: Indicator) -> str:
    return f"{indicator.code} — {indicator.name} ({indicator.measure_unit})"
