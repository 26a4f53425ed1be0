"""Monitoring owns the quarterly realisation of an agreement's rows, the
achievement computed from it, the atasan's evaluation, and their roll-ups."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "kinerja.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan dan evaluasi")

    def ready(self):
        # The panel and the receiver need the agreement models, which are loaded
        # only now: the imports that have to wait for the app registry.
        from kinerja.agreements.signals import agreement_moved

        from . import attention, panels, receivers

        panels.connect()
        attention.connect()
        # A PK Perubahan submitted takes over the realisation of the version it replaces.
        agreement_moved.connect(receivers.carry_realisation, dispatch_uid="monitoring.carry")
