"""Audit owns the change history: who changed what, when, from which value to which."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kinerja.audit"
    label = "audit"
    verbose_name = _("Riwayat perubahan")
