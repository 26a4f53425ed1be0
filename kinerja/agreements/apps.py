"""Agreements owns the PK itself: its versions, statement, attachment rows and budget
lines, drafting and editing, the status pipeline, signed scans and reminders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kinerja.agreements"
    label = "agreements"
    verbose_name = _("Perjanjian Kinerja")
