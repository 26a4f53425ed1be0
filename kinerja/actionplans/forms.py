"""The form of one step of a Rencana Aksi. It keeps what was typed; services.step_save reads and checks it."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from kinerja.actionplans.services import StepInput, positions_for
from kinerja.lib.formatting import format_number
from kinerja.lib.text import PlainTextField
from kinerja.monitoring.models import Quarter


def due_choices() -> list:
    quarters = [(f"q{quarter}", label) for quarter, label in Quarter.choices]
    months = [(f"m{month}", name) for month, name in MONTHS.items()]
    return [("", "—"), (_("Triwulan"), quarters), (_("Bulan"), months)]


class StepForm(forms.Form):
    description = PlainTextField(label=_("Langkah/kegiatan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    position = forms.TypedChoiceField(label=_("Penanggung jawab (jabatan)"), coerce=int)
    due = forms.ChoiceField(label=_("Tenggat"))
    target_q1 = PlainTextField(label=Quarter(1).label, max_length=40, required=False)
    target_q2 = PlainTextField(label=Quarter(2).label, max_length=40, required=False)
    target_q3 = PlainTextField(label=Quarter(3).label, max_length=40, required=False)
    target_q4 = PlainTextField(label=Quarter(4).label, max_length=40, required=False)
    budget_line = forms.TypedChoiceField(label=_("Program"), coerce=int, required=False, empty_value=None)
    budget = PlainTextField(label=_("Anggaran (Rp)"), max_length=40, required=False)

    def __init__(self, *args, agreement, step=None, **kwargs):
        if step is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "description": step.description,
                "position": step.position_id,
                "due": step.due_code,
                "target_q1": step.target_q1,
                "target_q2": step.target_q2,
                "target_q3": step.target_q3,
                "target_q4": step.target_q4,
                "budget_line": step.budget_line_id,
                "budget": format_number(step.budget) if step.budget is not None else "",
            }
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [
            (position.pk, f"{position.title} ({position.unit.short_name})") for position in positions_for(agreement)
        ]
        self.fields["due"].choices = due_choices()
        self.fields["budget_line"].choices = [("", "—")] + [
            (line.pk, f"{line.program_name} ({line.program_code})" if line.program_code else line.program_name)
            for line in agreement.budget_lines.order_by("order", "pk")
        ]

    def typed(self) -> StepInput:
        data = self.cleaned_data
        return StepInput(
            description=data["description"],
            position=data["position"],
            due=data["due"],
            targets=[data[f"target_q{quarter}"] for quarter in (1, 2, 3, 4)],
            budget_line=data["budget_line"],
            budget=data["budget"],
        )
