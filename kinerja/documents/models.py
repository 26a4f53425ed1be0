"""What the document layer keeps of the documents it issues: the verification
code printed, with a QR code, on every page of a non-draft agreement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Agreement


class DocumentCode(models.Model):
    """The verification code of one agreement (one version): printed with a QR code on every page."""

    agreement = models.OneToOneField(Agreement, on_delete=models.PROTECT, related_name="document_code")
    code = models.CharField(_("kode verifikasi"), max_length=9, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table was made by the signatures app, where the model began.
        db_table = "signatures_documentcode"
        verbose_name = _("kode verifikasi")
        verbose_name_plural = _("kode verifikasi")

    def __str__(self) -> str:
        return self.code
