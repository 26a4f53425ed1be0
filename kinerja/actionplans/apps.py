"""Action plans own the Rencana Aksi of a PK: the steps that carry out each of its indicators, who is
responsible for each, when it is due, its quarterly targets and its budget, agreed by the PK's parties."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "kinerja.actionplans"
    label = "actionplans"
    verbose_name = _("Rencana Aksi")

    def ready(self):
        # The panel and the receiver need the agreement models, loaded only now.
        from django.db.models.signals import pre_delete

        from kinerja.agreements.models import BudgetLine
        from kinerja.agreements.signals import agreement_revised

        from . import panels, receivers

        panels.connect()
        agreement_revised.connect(receivers.carry_plan, dispatch_uid="actionplans.carry")
        pre_delete.connect(receivers.release_budget, sender=BudgetLine, dispatch_uid="actionplans.release_budget")
