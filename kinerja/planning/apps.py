"""Planning owns the plan a PK is drawn from: Renstra, indicators, the IKU cascade
by decree, programs and activities, DIPA and the RKT, and their Excel imports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"
    verbose_name = _("Perencanaan")

    def ready(self):
        from kinerja.planning import attention

        attention.connect()
