"""What monitoring adds to the agreement page (agreements.panels)."""

from kinerja.agreements.models import Agreement
from kinerja.agreements.panels import Panel, register
from kinerja.monitoring.access import is_open


def progress_link(agreement: Agreement, user) -> dict | None:
    """The link to the realisation and achievement of a submitted agreement; nothing before."""
    return {} if is_open(agreement) else None


def connect() -> None:
    register(Panel(slot="links", template="monitoring/_agreement_link.html", data=progress_link))
