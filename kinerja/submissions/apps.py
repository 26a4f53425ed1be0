"""Submissions owns what follows a submission: the province's compilation,
KPU's receipt, the sendings to the ministries, the hardcopy archive, the
compliance dashboards and the bulk printing jobs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "kinerja.submissions"
    label = "submissions"
    verbose_name = _("Penyampaian dan kompilasi")

    def ready(self):
        # The panel's data needs the models, which are loaded only now.
        from kinerja.agreements.panels import Panel, register
        from kinerja.submissions import attention
        from kinerja.submissions.selectors import compile_panel, routing_panel

        # Below the agreement's status box, once it is submitted: where it went.
        register(Panel(slot="routing", template="submissions/_routing.html", data=routing_panel))
        # In the status box, for the province verifier: where the compilation is done.
        register(Panel(slot="actions", template="submissions/_compile_link.html", data=compile_panel))
        # The home page lists what waits for compilation and receipt.
        attention.connect()
