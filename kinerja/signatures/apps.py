from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "kinerja.signatures"
    label = "signatures"
    verbose_name = _("Tanda tangan elektronik dan verifikasi")
