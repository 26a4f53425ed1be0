"""What the document layer keeps of the documents it issues: the verification
code printed, with a QR code, on every page of a non-draft agreement, and the
register of every PDF issued (IssuedDocument)."""

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


class IssuedKind(models.TextChoices):
    PRINT = "print", _("cetakan resmi")  # a non-draft PK as downloaded or printed in bulk, unsigned
    PARTIAL = "partial", _("dokumen bertanda tangan sebagian")  # electronic, not yet every party
    SIGNED = "signed", _("dokumen bertanda tangan")  # the scan or the PDF every party signed
    PACKAGE = "package", _("paket kompilasi")  # a province's merged PDF, a bulk print's merged file
    REPORT = "report", _("laporan")  # a realisation report


class IssuedDocument(models.Model):
    """Every PDF the app issues, by its SHA-256: what it is and which PK version it is of.

    The verification page and `manage.py verify_pdf` read their verdict from
    here: a file is only ever called the signed document when it is recorded
    as such. One row per file and kind; issuing the same bytes again (Typst
    prints the same document byte for byte) adds nothing."""

    sha256 = models.CharField(_("SHA-256"), max_length=64)
    kind = models.CharField(_("jenis"), max_length=10, choices=IssuedKind.choices)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.PROTECT, related_name="issued_documents"
    )
    version = models.PositiveSmallIntegerField(_("versi"), null=True, blank=True)
    label = models.CharField(_("keterangan"), max_length=300, blank=True)
    pages = models.PositiveIntegerField(_("halaman"), default=0)
    size = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen terbitan")
        verbose_name_plural = _("dokumen terbitan")
        constraints = [models.UniqueConstraint(fields=["sha256", "kind"], name="one_issued_document_per_kind")]
        indexes = [models.Index(fields=["sha256"], name="issued_document_sha256")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}…"
