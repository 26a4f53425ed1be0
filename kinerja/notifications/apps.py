"""Notifications owns telling users (in the app and by e-mail after commit);
the apps above decide what to tell and when."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kinerja.notifications"
    label = "notifications"
    verbose_name = _("Pemberitahuan")
