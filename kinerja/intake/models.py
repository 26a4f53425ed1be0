"""The file a historical PK was brought in from, kept beside it as its signed document, and the
intake of such a file through the page: read in the background, reviewed, then stored."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.organisation.models import Unit


class ImportedSource(models.Model):
    """The source file of a PK brought in as history: checked as every upload is, stored
    unchanged, with what was read from it and who brought it in."""

    agreement = models.OneToOneField(
        "agreements.Agreement", verbose_name=_("PK"), on_delete=models.PROTECT, related_name="imported_source"
    )
    file = models.FileField(_("berkas sumber"), upload_to="riwayat/%Y/", max_length=255)
    filename = models.CharField(_("nama berkas"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10)  # pdf, docx, xlsx, image, text
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    reading = models.JSONField(_("hasil bacaan"), default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("berkas sumber PK riwayat")
        verbose_name_plural = _("berkas sumber PK riwayat")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("intake:source", args=[self.agreement_id])


class IntakeStatus(models.TextChoices):
    READING = "reading", _("Sedang dibaca")
    READY = "ready", _("Siap ditinjau")
    FAILED = "failed", _("Gagal dibaca")
    STORED = "stored", _("Disimpan")


def intake_path(session: "IntakeSession", filename: str) -> str:
    """A name of our own under a folder served by no URL: the uploaded name is kept only in `filename`."""
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = suffix if suffix in {".pdf", ".docx", ".xlsx", ".jpg", ".jpeg", ".png", ".txt"} else ""
    return f"impor/{session.year}/{uuid.uuid4().hex}{suffix}"


STALLED_AFTER = datetime.timedelta(minutes=10)  # a page of OCR takes seconds; PAGE_TIMEOUT is 2 minutes


class IntakeSession(models.Model):
    """An old PK brought in through the page: the uploaded file, read in the background, then
    reviewed and confirmed by the person who uploaded it before anything is stored as history."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    file = models.FileField(_("berkas"), upload_to=intake_path, max_length=255)
    filename = models.CharField(_("nama berkas"), max_length=255)
    kind = models.CharField(_("jenis"), max_length=10)  # reading.kind_of: pdf, docx, xlsx, image, text
    status = models.CharField(_("status"), max_length=8, choices=IntakeStatus.choices, default=IntakeStatus.READING)
    done = models.PositiveIntegerField(default=0)  # pages read by OCR
    total = models.PositiveIntegerField(default=0)  # pages to read by OCR; 0 while unknown or without OCR
    pages = models.PositiveIntegerField(default=0)  # pages with an image on the review page
    reading = models.JSONField(_("hasil bacaan"), default=dict, blank=True)
    places = models.JSONField(default=dict, blank=True)  # where each part of the reading stands (intake.pages)
    error = models.TextField(_("kesalahan"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # When the reader last said it was alive (queued, started, a page read): a reading silent for longer
    # than STALLED_AFTER lost its worker, and may be started again.
    progressed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("PK"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("impor PK dari berkas")
        verbose_name_plural = _("impor PK dari berkas")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} — {self.unit.short_name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("intake:session", args=[self.pk])

    @property
    def is_reading(self) -> bool:
        """Still with the background reader: the page keeps asking for its progress."""
        return self.status == IntakeStatus.READING

    @property
    def is_ready(self) -> bool:
        """Read and waiting for the person's review and confirm."""
        return self.status == IntakeStatus.READY

    @property
    def has_failed(self) -> bool:
        return self.status == IntakeStatus.FAILED

    @property
    def is_stored(self) -> bool:
        return self.status == IntakeStatus.STORED

    @property
    def is_stalled(self) -> bool:
        """Still reading by its status, but the reader has said nothing for STALLED_AFTER: its worker died
        (a restart, a machine taken down) and the reading can be started again."""
        last = self.progressed_at or self.created_at
        return self.is_reading and last is not None and timezone.now() - last > STALLED_AFTER

    @property
    def percent(self) -> int | None:
        """How far OCR has come, or None while the number of pages is unknown."""
        return round(100 * self.done / self.total) if self.total else None
