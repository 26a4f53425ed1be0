"""What the Rencana Aksi adds to the agreement page (agreements.panels): a link to it."""

from kinerja.actionplans.models import ActionPlan
from kinerja.agreements.models import Agreement
from kinerja.agreements.panels import Panel, register


def plan_link(agreement: Agreement, user) -> dict | None:
    return {"plan": ActionPlan.objects.filter(agreement=agreement).first(), "agreement": agreement}


def connect() -> None:
    register(Panel(slot="links", template="actionplans/_agreement_link.html", data=plan_link, order=50))
