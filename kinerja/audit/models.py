"""A record of every change to planning and agreement data: who, when, what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeRecord(models.Model):
    """One change to one object. Written by services, never edited."""

    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(_("jenis data"), max_length=60)
    object_id = models.CharField(_("id data"), max_length=40)
    # What the change belongs to, for a history page: "agreement:12" gathers the
    # changes of an agreement, its sections, rows and budget lines.
    scope = models.CharField(_("lingkup"), max_length=60, blank=True, db_index=True)
    action = models.CharField(_("tindakan"), max_length=40)
    summary = models.CharField(_("ringkasan"), max_length=300)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("catatan perubahan")
        verbose_name_plural = _("catatan perubahan")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"
