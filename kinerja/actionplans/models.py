"""The Rencana Aksi of a PK (PermenPAN-RB 53/2014): under each indicator of the PK the steps that carry
it out, each with the post responsible, when it is due, its targets per quarter and its budget from one
of the PK's programs. It is drawn up beside the PK and agreed by the PK's own parties; once every party
has agreed it is fixed (a change goes through a PK Perubahan, which carries it forward)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Agreement, BudgetLine, Row
from kinerja.monitoring.models import Quarter
from kinerja.organisation.models import Position

QUARTERS = (1, 2, 3, 4)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    AGREED = "agreed", _("Disepakati")


class ActionPlan(models.Model):
    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="action_plan")
    status = models.CharField(_("status"), max_length=8, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    agreed_at = models.DateTimeField(_("disepakati"), null=True, blank=True)
    # The plan of the version before, when this one was carried forward into a PK Perubahan.
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("Rencana Aksi")
        verbose_name_plural = _("Rencana Aksi")

    def __str__(self) -> str:
        return f"Rencana Aksi {self.agreement}"

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan", args=[self.agreement_id])

    @property
    def is_agreed(self) -> bool:
        return self.status == PlanStatus.AGREED


class ActionStep(models.Model):
    """One step (langkah/kegiatan) under an indicator of the PK."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    row = models.ForeignKey(Row, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(_("urutan"))
    description = models.CharField(_("langkah/kegiatan"), max_length=500)
    position = models.ForeignKey(
        Position, verbose_name=_("penanggung jawab"), on_delete=models.PROTECT, related_name="+"
    )
    due_quarter = models.PositiveSmallIntegerField(_("tenggat (triwulan)"), null=True, blank=True)
    due_month = models.PositiveSmallIntegerField(_("tenggat (bulan)"), null=True, blank=True)
    target_q1 = models.CharField(_("target TW I"), max_length=40, blank=True)
    target_q2 = models.CharField(_("target TW II"), max_length=40, blank=True)
    target_q3 = models.CharField(_("target TW III"), max_length=40, blank=True)
    target_q4 = models.CharField(_("target TW IV"), max_length=40, blank=True)
    # A program line deleted from a draft PK takes the budget of its steps with it (receivers.release_budget).
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("program"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    budget = models.BigIntegerField(_("anggaran (Rp)"), null=True, blank=True)

    class Meta:
        verbose_name = _("langkah Rencana Aksi")
        verbose_name_plural = _("langkah Rencana Aksi")
        ordering = ["plan", "row__section__order", "row__order", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_quarter__isnull=True) | Q(due_quarter__gte=1, due_quarter__lte=4),
                name="step_due_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | Q(due_month__gte=1, due_month__lte=12),
                name="step_due_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=Q(due_quarter__isnull=True) | Q(due_month__isnull=True), name="step_due_quarter_or_month"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | (Q(budget__gte=0) & Q(budget_line__isnull=False)),
                name="step_budget_from_a_program",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def targets(self) -> list[str]:
        return [self.target_q1, self.target_q2, self.target_q3, self.target_q4]

    @property
    def due_code(self) -> str:
        """When the step is due as the step's form gives it: `q4` for TW IV, `m3` for March."""
        return f"q{self.due_quarter}" if self.due_quarter else f"m{self.due_month}" if self.due_month else ""

    @property
    def due_label(self) -> str:
        """When the step is due, as the plan prints it: `TW IV`, or a month: `Maret`."""
        if self.due_quarter:
            return str(Quarter(self.due_quarter).label)
        return self.due_month_name

    @property
    def due_month_name(self) -> str:
        return str(MONTHS[self.due_month]) if self.due_month else ""

    @property
    def due_quarter_of(self) -> int | None:
        """The quarter the step is due in, whether given as a quarter or a month."""
        if self.due_quarter:
            return self.due_quarter
        return (self.due_month - 1) // 3 + 1 if self.due_month else None


class Consent(models.Model):
    """A party's agreement to the plan as it stood; any change to the plan while it is a draft voids it."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="consents")
    party = models.CharField(_("pihak"), max_length=8)  # signatures.models.Party
    name = models.CharField(_("nama"), max_length=150)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("persetujuan Rencana Aksi")
        verbose_name_plural = _("persetujuan Rencana Aksi")
        constraints = [models.UniqueConstraint(fields=["plan", "party"], name="one_consent_per_party")]

    def __str__(self) -> str:
        return f"{self.party}: {self.name}"
