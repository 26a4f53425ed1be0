"""What the intake adds to the agreement page (agreements.panels): a PK brought in as history
says so, with its dates as known and its source file."""

from kinerja.agreements.models import Agreement
from kinerja.agreements.panels import Panel, register
from kinerja.intake.models import ImportedSource


def history(agreement: Agreement, user) -> dict | None:
    if not agreement.is_history:
        return None
    return {"source": ImportedSource.objects.filter(agreement=agreement).first(), "agreement": agreement}


def connect() -> None:
    register(Panel(slot="routing", template="intake/_history.html", data=history, order=10))
