"""Monitoring owns the quarterly realisation of an agreement's rows, the
achievement computed from it, the atasan's evaluation, and their roll-ups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kinerja.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan dan evaluasi")

    def ready(self):
        # The panel needs the agreement models, which are loaded only now:
        # the one import that has to wait for the app registry.
        from . import panels

        panels.connect()
