"""Intake brings in what exists: whole PKs read from the app's own exports, Word files,
PDFs, scans and OCR text, reviewed by a person, then stored as history."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "kinerja.intake"
    label = "intake"
    verbose_name = _("Impor PK")

    def ready(self):
        from kinerja.intake import panels

        panels.connect()
