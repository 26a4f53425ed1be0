"""Quarterly realisation of an agreement's rows, its computed achievement,
the atasan's evaluation per quarter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Agreement, Row
from kinerja.lib.formatting import format_number
from kinerja.monitoring.achievement import Band, Category, Reason, band_of
from kinerja.organisation.models import Unit
from kinerja.planning.models import Indicator


class Quarter(models.IntegerChoices):
    Q1 = 1, _("TW I")
    Q2 = 2, _("TW II")
    Q3 = 3, _("TW III")
    Q4 = 4, _("TW IV")


def evidence_path(realisation: "Realisation", filename: str) -> str:
    agreement = realisation.row.section.agreement
    return f"bukti/{agreement.year}/{agreement.unit.code}/{realisation.evidence_sha256}-{filename[-80:]}"


class Realisation(models.Model):
    """What a row achieved in a quarter. A correction writes a new row and marks
    this one superseded, so that every value ever reported stays."""

    row = models.ForeignKey(Row, on_delete=models.PROTECT, related_name="realisations")
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter.choices)
    value = models.DecimalField(_("nilai"), max_digits=20, decimal_places=4, null=True, blank=True)
    grade = models.CharField(_("predikat"), max_length=8, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    evidence_file = models.FileField(_("berkas bukti"), upload_to=evidence_path, blank=True, max_length=255)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_link = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    correction_reason = models.TextField(_("alasan koreksi"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("dicatat"))
    superseded_at = models.DateTimeField(_("digantikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["row", "quarter", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["row", "quarter"], condition=Q(superseded_at__isnull=True), name="one_current_realisation"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.row} TW{self.quarter}: {self.grade or self.value}"

    @property
    def display(self) -> str:
        if self.grade:
            return self.grade
        return format_number(self.value) if self.value is not None else ""


class QuarterTarget(models.Model):
    """An optional target for one quarter, replacing the year's target there."""

    row = models.ForeignKey(Row, on_delete=models.CASCADE, related_name="quarter_targets")
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter.choices)
    target = models.CharField(_("target"), max_length=40)

    class Meta:
        verbose_name = _("target triwulan")
        verbose_name_plural = _("target triwulan")
        constraints = [models.UniqueConstraint(fields=["row", "quarter"], name="one_quarter_target")]

    def __str__(self) -> str:
        return f"{self.row} TW{self.quarter}: {self.target}"


class Progress(models.Model):
    """The computed achievement of a row at the end of a quarter.

    Derived, never typed: rewritten from the realisations whenever one of the
    row's realisations or quarter targets changes, and kept as rows so that the
    roll-ups over a province or the nation are plain SQL aggregates.
    """

    row = models.ForeignKey(Row, on_delete=models.CASCADE, related_name="progress")
    quarter = models.PositiveSmallIntegerField(choices=Quarter.choices)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, null=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField(db_index=True)
    actual = models.CharField(max_length=40, blank=True)
    percent = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    reason = models.CharField(max_length=30, blank=True, choices=Reason.choices)
    category = models.CharField(max_length=30, blank=True, choices=Category.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["row", "quarter"], name="one_progress_per_quarter")]
        indexes = [models.Index(fields=["year", "quarter", "indicator"]), models.Index(fields=["year", "province"])]

    def __str__(self) -> str:
        return f"{self.row} TW{self.quarter}: {self.percent}"

    @property
    def band(self) -> Band | None:
        """The achievement band of this quarter, for its colour and category label."""
        return band_of(self.category)


class Recommendation(models.TextChoices):
    NONE = "none", _("Tidak ada")
    REWARD = "reward", _("Penghargaan")
    COACHING = "coaching", _("Pembinaan")
    SANCTION = "sanction", _("Sanksi")


class Evaluation(models.Model):
    """The atasan's evaluation of an agreement for a quarter."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="evaluations")
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=Quarter.choices)
    assessment = models.TextField(_("penilaian"))
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    recommendation = models.CharField(
        _("rekomendasi"), max_length=12, choices=Recommendation.choices, default=Recommendation.NONE
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("waktu"), auto_now=True)

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        ordering = ["agreement", "quarter"]
        constraints = [models.UniqueConstraint(fields=["agreement", "quarter"], name="one_evaluation_per_quarter")]

    def __str__(self) -> str:
        return _("Evaluasi %(agreement)s TW%(quarter)s") % {"agreement": self.agreement, "quarter": self.quarter}
