"""A record of every change to planning and agreement data: who, when, what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.lib.i18n import render


class Action(models.TextChoices):
    """What a change did; stored in English, shown in the reader's language."""

    CREATE = "create", _("Susun")
    ADD = "add", _("Tambah")
    UPDATE = "update", _("Ubah")
    DELETE = "delete", _("Hapus")
    REORDER = "reorder", _("Ubah urutan")
    STATUS = "status", _("Status")
    SCAN = "scan", _("Pindaian")
    REVISE = "revise", _("PK Perubahan")
    SIGN = "sign", _("Tanda tangan elektronik")
    IMPORT = "import", _("Impor")
    SEND = "send", _("Kirim")
    ARCHIVE = "archive", _("Arsip")
    EVALUATE = "evaluate", _("Evaluasi")
    REALISE = "realise", _("Realisasi")
    CORRECT = "correct", _("Koreksi realisasi")
    REVIEW_IKU = "review_iku", _("Reviu IKU")
    UPDATE_DIPA = "update_dipa", _("Ubah DIPA")
    UPDATE_TARGET = "update_target", _("Ubah target")
    UPLOAD_DECREE = "upload_decree", _("Unggah keputusan")


class ChangeRecord(models.Model):
    """One change to one object. Written by services, never edited, except that an
    autosave folds into its own entry of a few minutes before (audit.services.record_change)."""

    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(_("jenis data"), max_length=60)
    object_id = models.CharField(_("id data"), max_length=40)
    # What the change belongs to, for a history page: "agreement:12" gathers the
    # changes of an agreement, its sections, rows and budget lines.
    scope = models.CharField(_("lingkup"), max_length=60, blank=True, db_index=True)
    action = models.CharField(_("tindakan"), max_length=40, choices=Action.choices)
    # The summary in Indonesian as written (for the admin and searches), and
    # its source text and parameters, so that a page shows it in the reader's
    # language (lib.i18n).
    summary = models.CharField(_("ringkasan"), max_length=300)
    summary_template = models.CharField(_("teks sumber ringkasan"), max_length=300, blank=True)
    summary_params = models.JSONField(_("parameter ringkasan"), default=dict, blank=True)
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
        return f"{self.at:%Y-%m-%d %H:%M} {self.display_summary}"

    @property
    def display_summary(self) -> str:
        """The summary in the active language."""
        if not self.summary_template:
            return self.summary
        return render(self.summary_template, self.summary_params)
