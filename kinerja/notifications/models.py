"""Notices to users, in the app and by e-mail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.lib.i18n import render


class Kind(models.TextChoices):
    DUE_SOON = "due_soon", _("Batas penyusunan PK 7 hari lagi")
    OVERDUE = "overdue", _("PK terlambat")
    RETURNED = "returned", _("PK dikembalikan")
    RECEIVED = "received", _("PK diterima")
    FORWARDED = "forwarded", _("Kompilasi provinsi diteruskan")
    TO_SIGN = "to_sign", _("PK menunggu tanda tangan")


class Notification(models.Model):
    """One notice to one user; e-mailed after the commit that made it (services.send_notice_email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    # The message in Indonesian as written, and its source text and parameters,
    # so that it is shown in the reader's language (lib.i18n).
    message = models.CharField(_("pesan"), max_length=400)
    message_template = models.CharField(_("teks sumber pesan"), max_length=400, blank=True)
    params = models.JSONField(_("parameter pesan"), default=dict, blank=True)
    url = models.CharField(_("tautan"), max_length=200, blank=True)
    # The same event is told once per user: a reminder run twice, or a retry
    # after an error, adds nothing.
    key = models.CharField(_("kunci peristiwa"), max_length=120)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    emailed = models.BooleanField(_("terkirim lewat surel"), default=False)
    # Why the e-mail could not be sent, for the admin; empty when sent or not due.
    email_error = models.CharField(_("galat surel"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notice_per_event")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The message in the active language."""
        return render(self.message_template, self.params) if self.message_template else self.message
