"""Agreements owns the PK itself: its versions, statement, attachment rows and budget
lines, drafting and editing, the status pipeline, signed scans and reminders."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kinerja.agreements"
    label = "agreements"
    verbose_name = _("Perjanjian Kinerja")

    def ready(self):
        # The home page's to-do list (organisation) shows the returned agreements;
        # attention.py needs the models, which are loaded only now.
        from kinerja.agreements import attention

        attention.connect()
