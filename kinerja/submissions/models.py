"""Where an agreement goes after submission (guideline C.2): the central units'
sendings to the ministries, the province's compilation of its kabupaten/kota,
and the hardcopy archive the province keeps."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Agreement
from kinerja.lib.deadlines import days_late, last_day
from kinerja.organisation.models import Unit


class Recipient(models.TextChoices):
    KEMENPANRB = "kemenpanrb", _("Kementerian PANRB")
    KEMENKEU = "kemenkeu", _("Kementerian Keuangan")
    BAPPENAS = "bappenas", _("Kementerian PPN/Bappenas")


class Channel(models.TextChoices):
    LETTER = "letter", _("Surat/ekspedisi")
    EMAIL = "email", _("Surel")
    APPLICATION = "application", _("Aplikasi (mis. e-SAKIP)")
    HAND = "hand", _("Diantar langsung")


class Form(models.TextChoices):
    HARDCOPY = "hardcopy", _("Hardcopy")
    SOFTCOPY = "softcopy", _("Softcopy")


class Sending(models.Model):
    """A central unit's agreement sent to one of the three ministries."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="sendings")
    recipient = models.CharField(_("penerima"), max_length=12, choices=Recipient.choices)
    sent_on = models.DateField(_("tanggal kirim"))
    channel = models.CharField(_("saluran"), max_length=12, choices=Channel.choices)
    form = models.CharField(_("bentuk"), max_length=10, choices=Form.choices)
    reference = models.CharField(_("nomor surat/referensi"), max_length=120, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengiriman ke kementerian")
        verbose_name_plural = _("pengiriman ke kementerian")
        ordering = ["agreement", "sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement} → {self.get_recipient_display()} ({self.get_form_display()})"

    @property
    def days_late(self) -> int:
        """Days after the submission deadline (lib.deadlines), 0 when on time. A
        sending is dated by day: it counts as made at the start of that day in
        the unit's own time zone, so a sending on 31 January is on time."""
        zone = self.agreement.unit.time_zone
        start = datetime.datetime.combine(self.sent_on, datetime.time(), ZoneInfo(zone))
        return days_late(start, self.agreement.year, zone)

    @property
    def deadline_day(self) -> datetime.date:
        return last_day(self.agreement.year)


def package_path(package: "CompilationPackage", filename: str) -> str:
    return f"kompilasi/{package.year}/{package.province.code}/{filename}"


class CompilationPackage(models.Model):
    """One compilation by a province of its kabupaten/kota's submitted agreements."""

    province = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="compilation_packages")
    year = models.PositiveSmallIntegerField(_("tahun"))
    number = models.PositiveSmallIntegerField(_("nomor paket"))
    agreements = models.ManyToManyField(Agreement, related_name="packages")
    merged_pdf = models.FileField(_("PDF gabungan"), upload_to=package_path, max_length=255)
    recap_xlsx = models.FileField(_("rekap .xlsx"), upload_to=package_path, max_length=255)
    merged_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("dikompilasi"))
    forwarded_at = models.DateTimeField(_("diteruskan ke KPU"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(_("diterima KPU"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("paket kompilasi")
        verbose_name_plural = _("paket kompilasi")
        ordering = ["province__sort_key", "-year", "number"]
        constraints = [models.UniqueConstraint(fields=["province", "year", "number"], name="unique_package_number")]

    def __str__(self) -> str:
        return gettext("Kompilasi %(province)s %(year)s paket %(number)s") % {
            "province": self.province.short_name,
            "year": self.year,
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("submissions:package", args=[self.pk])


class HardcopyArchive(models.Model):
    """Where the province keeps the signed paper copy of an agreement."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="hardcopy")
    location = models.CharField(_("lokasi arsip"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("arsip hardcopy")
        verbose_name_plural = _("arsip hardcopy")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.location}"


class HardcopyRequest(models.Model):
    """KPU asks a province for the paper copy of an agreement (guideline C.2.i)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="hardcopy_requests")
    note = models.TextField(_("keperluan"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("jawaban"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)

    class Meta:
        verbose_name = _("permintaan hardcopy")
        verbose_name_plural = _("permintaan hardcopy")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.agreement}: {self.note[:60]}"


class JobKind(models.TextChoices):
    PROVINCE_ZIP = "province_zip", _("Cetak semua PK satu provinsi (zip)")
    NATIONAL_PDFS = "national_pdfs", _("Cetak semua PK nasional (satu PDF per provinsi)")
    COMPILE = "compile", _("Kompilasi provinsi")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


def job_path(job: "PrintJob", filename: str) -> str:
    return f"cetak/{job.year}/{job.pk}-{filename}"


class PrintJob(models.Model):
    """A bulk job run by a background worker, with its progress for the page and the command line."""

    kind = models.CharField(_("jenis"), max_length=16, choices=JobKind.choices)
    province = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    result = models.FileField(_("hasil"), upload_to=job_path, blank=True, max_length=255)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Written as the job progresses: a running job whose heartbeat stops was
    # left by a worker that died, and is put back in the queue.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tugas latar")
        verbose_name_plural = _("tugas latar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        scope = self.province.short_name if self.province else gettext("nasional")
        return f"{self.get_kind_display()} — {scope} {self.year}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == JobStatus.DONE else 0)

    @property
    def is_active(self) -> bool:
        """Waiting or running: the page keeps asking for its progress."""
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE

    @property
    def has_failed(self) -> bool:
        return self.status == JobStatus.FAILED
