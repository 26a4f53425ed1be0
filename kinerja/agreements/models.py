"""The performance agreement (PK): statement, parties, attachment sections and
rows, program budget lines. Rows keep a copy of the indicator's text, so that a
later change to the plan never alters an agreement."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Acting, Unit
from kinerja.planning.models import Activity, Indicator, Program


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINAL = "final", _("Final")
    SIGNED = "signed", _("Ditandatangani")
    SUBMITTED = "submitted", _("Disampaikan")
    COMPILED = "compiled", _("Dikompilasi provinsi")
    RECEIVED = "received", _("Diterima KPU")


class RevisionReason(models.TextChoices):
    OFFICIAL = "official", _("Pergantian pejabat")
    BUDGET = "budget", _("Perubahan program/kegiatan/anggaran")
    PRIORITY = "priority", _("Perubahan prioritas atau asumsi")


class Agreement(models.Model):
    """One version of a unit's PK for a year; a PK Perubahan is a later version."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="agreements")
    year = models.PositiveSmallIntegerField(_("tahun"))
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    revision_of = models.OneToOneField(
        "self",
        verbose_name=_("perubahan atas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by",
    )
    revision_reason = models.CharField(_("alasan perubahan"), max_length=10, choices=RevisionReason.choices, blank=True)
    revision_note = models.TextField(_("keterangan perubahan"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)

    opening = models.TextField(_("kalimat pembuka"))
    paragraphs = models.JSONField(_("pernyataan"), default=list)
    first_party_name = models.CharField(_("nama Pihak Pertama"), max_length=150, blank=True)
    first_party_position = models.CharField(_("jabatan Pihak Pertama"), max_length=200, blank=True)
    first_party_acting = models.CharField(
        _("status Pihak Pertama"), max_length=3, choices=Acting.choices, blank=True, default=Acting.DEFINITIVE
    )
    has_second_party = models.BooleanField(_("dengan Pihak Kedua"), default=False)
    second_party_name = models.CharField(_("nama Pihak Kedua"), max_length=150, blank=True)
    second_party_position = models.CharField(_("jabatan Pihak Kedua"), max_length=200, blank=True)
    second_party_acting = models.CharField(
        _("status Pihak Kedua"), max_length=3, choices=Acting.choices, blank=True, default=Acting.DEFINITIVE
    )
    signed_place = models.CharField(_("tempat"), max_length=80, blank=True)
    signed_on = models.DateField(_("tanggal"), null=True, blank=True)

    # Incremented by every saved edit of these fields; an edit carries the count
    # it started from, so that a concurrent edit is detected, never overwritten.
    change_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["unit__sort_key", "-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "version"], name="one_agreement_version")]

    def __str__(self) -> str:
        suffix = f" (Perubahan ke-{self.version - 1})" if self.version > 1 else ""
        return f"PK {self.year} {self.unit.short_name}{suffix}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:edit", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """Only a draft may change; anything after it is fixed for good."""
        return self.status == Status.DRAFT

    @property
    def is_revision(self) -> bool:
        return self.revision_of_id is not None


class Section(models.Model):
    """A strategic goal or an activity in the attachment, holding rows."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("urutan"))
    number = models.CharField(_("nomor"), max_length=10, blank=True)
    code = models.CharField(_("kode kegiatan"), max_length=10, blank=True)
    title = models.TextField(_("sasaran strategis/kegiatan"))
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    change_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("bagian lampiran")
        verbose_name_plural = _("bagian lampiran")
        ordering = ["agreement", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Row(models.Model):
    """An indicator with its target; optionally a letter and the output it belongs to."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("urutan"))
    letter = models.CharField(_("huruf"), max_length=5, blank=True)
    output = models.TextField(_("keluaran"), blank=True)
    indicator_text = models.TextField(_("indikator kinerja"))
    # The indicator of the plan the row was drawn from; the text above is a
    # copy, kept even if the plan changes later.
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(_("target"), max_length=40, blank=True)
    measure_unit = models.CharField(_("satuan"), max_length=40, blank=True)
    change_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("baris lampiran")
        verbose_name_plural = _("baris lampiran")
        ordering = ["section", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator_text}: {self.target} {self.measure_unit}"


class BudgetLine(models.Model):
    """A program's budget in the attachment; the amount may be left blank, as in the seed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budget_lines")
    order = models.PositiveSmallIntegerField(_("urutan"))
    program_name = models.CharField(_("program"), max_length=300)
    program_code = models.CharField(_("kode program"), max_length=20, blank=True)
    program = models.ForeignKey(Program, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("anggaran (Rp)"), null=True, blank=True)
    change_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("anggaran program")
        verbose_name_plural = _("anggaran program")
        ordering = ["agreement", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="budget_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_name} ({self.program_code})"
