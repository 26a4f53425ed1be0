"""The plan a PK is drawn from: Renstra, indicators, the IKU cascade by decree,
programs and activities, DIPA and the RKT."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Unit
from kinerja.planning.targets import GradeScale, MeasureType, Polarity, Target, TargetKind, parse_target

PK_DAYS_AFTER_DIPA = 30


class TargetFields(models.Model):
    """A target stored so that it can be compared: value (and upper bound) or grade."""

    target_value = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_upper = models.DecimalField(_("batas atas"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_grade = models.CharField(_("target predikat"), max_length=8, blank=True)

    class Meta:
        abstract = True

    @property
    def target(self) -> Target:
        return Target(value=self.target_value, upper=self.target_upper, grade=self.target_grade)

    def set_target(self, target: Target) -> None:
        self.target_value, self.target_upper, self.target_grade = target.value, target.upper, target.grade


class Indicator(models.Model):
    """A performance indicator with everything needed to judge it later."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama indikator"), max_length=500)
    measure_unit = models.CharField(_("satuan"), max_length=40, help_text=_("Lembaga, Unit, Layanan, %, Indeks, ..."))
    target_kind = models.CharField(_("jenis target"), max_length=10, choices=TargetKind.choices)
    grade_scale = models.CharField(_("skala predikat"), max_length=10, choices=GradeScale.choices, blank=True)
    polarity = models.CharField(_("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    measure_type = models.CharField(
        _("jenis pengukuran"), max_length=12, choices=MeasureType.choices, default=MeasureType.LAST
    )
    definition = models.TextField(_("definisi/formula"), blank=True)

    class Meta:
        verbose_name = _("indikator kinerja")
        verbose_name_plural = _("indikator kinerja")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target_kind="grade") | ~models.Q(grade_scale=""),
                name="grade_indicator_has_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def parse_target(self, text: str, *, measure_unit: str = "") -> Target:
        """`text` read as a target of this indicator; a unit typed after the number must be
        `measure_unit` (a row's own), or else this indicator's."""
        return parse_target(
            text,
            kind=self.target_kind,
            scale=self.grade_scale,
            polarity=self.polarity,
            measure_unit=measure_unit or self.measure_unit,
        )


class StrategicPlan(models.Model):
    """A Renstra: five years of strategic goals with yearly targets."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="strategic_plans")
    title = models.CharField(_("judul"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))

    class Meta:
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")
        ordering = ["-start_year"]
        constraints = [models.UniqueConstraint(fields=["unit", "start_year"], name="one_renstra_per_unit_period")]

    def __str__(self) -> str:
        return f"{self.title} {self.start_year}–{self.end_year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:renstra", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Goal(models.Model):
    """A strategic goal (sasaran strategis) of a Renstra."""

    plan = models.ForeignKey(StrategicPlan, verbose_name=_("Renstra"), on_delete=models.CASCADE, related_name="goals")
    number = models.PositiveSmallIntegerField(_("nomor"))
    title = models.CharField(_("sasaran strategis"), max_length=500)

    class Meta:
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="unique_goal_number")]

    def __str__(self) -> str:
        return f"SS{self.number} {self.title}"


class PlanTarget(TargetFields):
    """The Renstra target of one indicator of a goal for one year."""

    goal = models.ForeignKey(Goal, verbose_name=_("sasaran"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))

    class Meta:
        verbose_name = _("target Renstra")
        verbose_name_plural = _("target Renstra")
        ordering = ["goal", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator", "year"], name="one_renstra_target_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.target.display(self.indicator.measure_unit)}"


class Decree(models.Model):
    """A Keputusan that establishes a unit's IKU set."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="decrees")
    number = models.CharField(_("nomor keputusan"), max_length=120)
    issued_on = models.DateField(_("tanggal"))
    title = models.CharField(_("tentang"), max_length=300, blank=True)
    signed_file = models.FileField(_("berkas bertanda tangan"), upload_to="keputusan/%Y/", blank=True, max_length=255)

    class Meta:
        verbose_name = _("keputusan")
        verbose_name_plural = _("keputusan")
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["unit", "number"], name="unique_decree_number_per_unit")]

    def __str__(self) -> str:
        return self.number


class IkuSet(models.Model):
    """The key performance indicators of one unit for one year, set by decree."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="iku_sets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    decree = models.ForeignKey(
        Decree, verbose_name=_("keputusan"), null=True, blank=True, on_delete=models.PROTECT, related_name="iku_sets"
    )
    review_due = models.DateField(_("jadwal reviu"), null=True, blank=True)
    reviewed_on = models.DateField(_("terakhir direviu"), null=True, blank=True)

    class Meta:
        verbose_name = _("set IKU")
        verbose_name_plural = _("set IKU")
        ordering = ["unit__sort_key", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_iku_set_per_unit_year")]

    def __str__(self) -> str:
        return f"IKU {self.unit.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:unit", args=[self.unit_id, self.year])

    def review_overdue(self, today: datetime.date) -> bool:
        return self.review_due is not None and self.review_due < today


class IkuItem(TargetFields):
    """One indicator of an IKU set, with its target and the parent item it comes from."""

    iku_set = models.ForeignKey(IkuSet, verbose_name=_("set IKU"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    goal = models.CharField(_("sasaran strategis"), max_length=500)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+")
    # The item of the parent unit's IKU set this one is derived from; empty for
    # an indicator specific to this unit (and for KPU's own IKU).
    source = models.ForeignKey(
        "self",
        verbose_name=_("turunan dari"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_items",
    )

    class Meta:
        verbose_name = _("IKU")
        verbose_name_plural = _("IKU")
        ordering = ["iku_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["iku_set", "indicator"], name="indicator_once_per_iku_set")]

    def __str__(self) -> str:
        return self.indicator.name

    @property
    def is_unit_specific(self) -> bool:
        return self.source_id is None

    @property
    def target_display(self) -> str:
        return self.target.display(self.indicator.measure_unit)


class Program(models.Model):
    """A budget program, e.g. 076.01.CQ."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama program"), max_length=300)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Activity(models.Model):
    """A budget activity (kegiatan), e.g. 6709, under a program."""

    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("nama kegiatan"), max_length=300)
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="activities")

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Dipa(models.Model):
    """A unit's ratified budget for a year; the PK is due 30 days after ratification."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="dipas")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    number = models.CharField(_("nomor DIPA"), max_length=80, blank=True)
    ratified_on = models.DateField(_("tanggal pengesahan"))

    class Meta:
        verbose_name = _("DIPA")
        verbose_name_plural = _("DIPA")
        ordering = ["unit__sort_key", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_dipa_per_unit_year")]

    def __str__(self) -> str:
        return f"DIPA {self.unit.short_name} {self.year}"

    @property
    def pk_due_on(self) -> datetime.date:
        """The last day to draw up the PK: 30 calendar days after ratification (guideline C.2.b)."""
        return pk_due_date(self.ratified_on)

    def total(self) -> int:
        return sum(allocation.amount for allocation in self.allocations.all())


def pk_due_date(ratified_on: datetime.date) -> datetime.date:
    return ratified_on + datetime.timedelta(days=PK_DAYS_AFTER_DIPA)


class DipaAllocation(models.Model):
    """The amount of a DIPA for a program, or for one activity of it."""

    dipa = models.ForeignKey(Dipa, verbose_name=_("DIPA"), on_delete=models.CASCADE, related_name="allocations")
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(
        Activity, verbose_name=_("kegiatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.BigIntegerField(_("pagu (Rp)"))

    class Meta:
        verbose_name = _("pagu DIPA")
        verbose_name_plural = _("pagu DIPA")
        ordering = ["dipa", "program__code", "activity__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dipa", "activity"],
                condition=models.Q(activity__isnull=False),
                name="one_allocation_per_activity",
            ),
            models.UniqueConstraint(
                fields=["dipa", "program"],
                condition=models.Q(activity__isnull=True),
                name="one_program_level_allocation",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.activity or self.program}: {self.amount}"


class WorkPlan(models.Model):
    """The RKT: a unit's planned goals, indicators and targets for a year."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="work_plans")
    year = models.PositiveSmallIntegerField(_("tahun"))

    class Meta:
        verbose_name = _("RKT")
        verbose_name_plural = _("RKT")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_rkt_per_unit_year")]

    def __str__(self) -> str:
        return f"RKT {self.unit.short_name} {self.year}"


class WorkPlanSection(models.Model):
    """A goal or an activity of the RKT, holding its rows."""

    work_plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("urutan"))
    title = models.CharField(_("sasaran/kegiatan"), max_length=500)
    activity = models.ForeignKey(
        Activity, verbose_name=_("kegiatan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bagian RKT")
        verbose_name_plural = _("bagian RKT")
        ordering = ["work_plan", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class WorkPlanRow(TargetFields):
    """One planned indicator with its target, and the output it belongs to."""

    section = models.ForeignKey(WorkPlanSection, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("urutan"))
    output = models.CharField(_("keluaran"), max_length=500, blank=True)
    indicator = models.ForeignKey(Indicator, verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+")
    measure_unit = models.CharField(_("satuan"), max_length=40)

    class Meta:
        verbose_name = _("baris RKT")
        verbose_name_plural = _("baris RKT")
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return f"{self.indicator.name}: {self.target_display}"

    @property
    def target_display(self) -> str:
        return self.target.display(self.measure_unit)
