"""Backup owns one-archive backup and restore of every row and every stored file."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "kinerja.backup"
    label = "backup"
    verbose_name = _("Cadangan dan pemulihan")
