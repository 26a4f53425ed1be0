"""What signatures adds to the agreement app, which cannot import it.

- Back to draft, the content of the agreement may change, and a signature only
  ever covers what was signed: the standing signatures are voided (kept,
  marked void) in the move's own transaction, so a move that is rolled back
  voids nothing.
- The agreement page shows the signing panel in its status box.

`connect()` is called once, by SignaturesConfig.ready().
"""

from django.utils.translation import gettext_noop

from kinerja.agreements import panels
from kinerja.agreements.models import Status
from kinerja.agreements.signals import agreement_moved
from kinerja.signatures import services

# The void reason is a plain text column: it keeps the source text (marked, so
# that makemessages finds it) with the reason filled in.
VOID_REASON = gettext_noop("PK kembali ke draf: %(reason)s")

PANEL = panels.Panel(slot="actions", template="signatures/_panel.html", data=services.panel)


def void_on_draft(sender, *, agreement, to_status, reason="", at=None, **kwargs) -> None:
    if to_status == Status.DRAFT:
        services.void_signatures(agreement, VOID_REASON % {"reason": reason}, at=at)


def connect() -> None:
    agreement_moved.connect(void_on_draft, dispatch_uid="signatures.void_on_draft")
    panels.register(PANEL)
