"""The file a historical PK was brought in from, kept beside it as its signed document."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
