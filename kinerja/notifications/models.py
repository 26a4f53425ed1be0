"""Notices to users, in the app and by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DUE_SOON = "due_soon", _("Batas penyusunan PK 7 hari lagi")
    OVERDUE = "overdue", _("PK terlambat")
    RETURNED = "returned", _("PK dikembalikan")
    RECEIVED = "received", _("PK diterima")
    FORWARDED = "forwarded", _("Kompilasi provinsi diteruskan")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    message = models.CharField(_("pesan"), max_length=400)
    url = models.CharField(_("tautan"), max_length=200, blank=True)
    # The same event is told once per user: a reminder run twice, or a retry
    # after an error, adds nothing.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed = models.BooleanField(_("terkirim lewat surel"), default=False)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notice_per_event")]

    def __str__(self) -> str:
        return self.message
