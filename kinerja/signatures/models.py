"""Electronic signatures (TTE) of an agreement's final PDF. The verification
code printed on every page belongs to the documents app (documents.models)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.agreements.models import Agreement


class Party(models.TextChoices):
    FIRST = "first", _("Pihak Pertama")
    SECOND = "second", _("Pihak Kedua")


def signed_path(signature: "ElectronicSignature", filename: str) -> str:
    agreement = signature.agreement
    return f"tte/{agreement.year}/{agreement.unit.code}/{signature.sha256}.pdf"


class ElectronicSignature(models.Model):
    """One party's PAdES signature. The file is the whole PDF after this signature
    (an incremental update of the one before), so every earlier signature stays
    verifiable inside it. A signature is voided, never deleted, when the agreement
    goes back to draft."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="electronic_signatures")
    party = models.CharField(_("pihak"), max_length=10, choices=Party.choices)
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    certificate_subject = models.CharField(_("subjek sertifikat"), max_length=300)
    certificate_issuer = models.CharField(_("penerbit sertifikat"), max_length=300)
    certificate_serial = models.CharField(_("nomor seri sertifikat"), max_length=80)
    backend = models.CharField(_("layanan penanda tangan"), max_length=20)
    signed_at = models.DateTimeField(_("ditandatangani"))
    file = models.FileField(_("berkas"), upload_to=signed_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    void_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tanda tangan elektronik")
        verbose_name_plural = _("tanda tangan elektronik")
        ordering = ["agreement", "signed_at", "pk"]
        constraints = [
            # One standing signature per party: a double click signs once.
            models.UniqueConstraint(
                fields=["agreement", "party"], condition=Q(voided_at__isnull=True), name="one_signature_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_party_display()}: {self.signer_name}"


class PassphraseAttempt(models.Model):
    """One try of a signer's account password, counted for the signing lock-out.

    Kept in the database, so that every app server process counts the same tries
    and a restart forgets none. A row is written before the password is checked
    and removed when it was right: the rows of the last minutes are the wrong
    tries and those still being checked (kinerja/signatures/lockout.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("percobaan kata sandi TTE")
        verbose_name_plural = _("percobaan kata sandi TTE")
        indexes = [models.Index(fields=["user", "at"], name="passphrase_attempt_user_at")]

    def __str__(self) -> str:
        return f"{self.user} — {self.at.isoformat(timespec='seconds')}"
