"""Documents owns the official document of an agreement: its model, its renderers
(PDF, DOCX, XLSX), its preview and downloads, and its verification code."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "kinerja.documents"
    label = "documents"
    verbose_name = _("Dokumen")

    def ready(self):
        from kinerja.agreements.panels import Panel, register

        # The agreement page shows the preview and download buttons beside the PK.
        register(Panel(slot="documents", template="documents/_downloads.html", data=lambda agreement, user: {}))
