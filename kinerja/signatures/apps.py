"""Signatures owns the electronic signatures (TTE) of an agreement's final PDF
and the public page that tells a genuine printout from a forged one."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "kinerja.signatures"
    label = "signatures"
    verbose_name = _("Tanda tangan elektronik dan verifikasi")

    def ready(self):
        # The receivers and the panel need the models, which are loaded only
        # now: the one import that has to wait for the app registry.
        from . import receivers

        receivers.connect()
