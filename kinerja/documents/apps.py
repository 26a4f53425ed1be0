"""Documents owns the official document of an agreement: its model, its renderers
(PDF, DOCX, XLSX), its preview and downloads, its verification code, the
register of issued PDFs and the check of uploaded scans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "kinerja.documents"
    label = "documents"
    verbose_name = _("Dokumen")

    def ready(self):
        from kinerja.agreements import hooks, signals
        from kinerja.agreements.panels import Panel, register
        from kinerja.documents import receivers, scans

        # The agreement page shows the preview and download buttons beside the PK.
        register(Panel(slot="documents", template="documents/_downloads.html", data=lambda agreement, user: {}))
        # A scan is stored only when it is the signed paper of the PK's current version.
        hooks.register_scan_check(scans.check_scan)
        # Every signed document joins the register of issued PDFs.
        signals.signed_document_stored.connect(receivers.record_signed_document, dispatch_uid="documents.signed")
