"""What signatures adds to the agreement app, which cannot import it.

- Back to draft, the content of the agreement may change, and a signature only
  ever covers what was signed: the standing signatures are voided (kept,
  marked void) in the move's own transaction, so a move that is rolled back
  voids nothing.
- Finalised, the agreement waits for its signatories: each official named in
  it who has an account is told, and sees it on the home page until signed.
- The agreement page shows the signing panel in its status box.

`connect()` is called once, by SignaturesConfig.ready().
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.agreements import panels
from kinerja.agreements.models import Status
from kinerja.agreements.signals import agreement_moved
from kinerja.lib.i18n import term
from kinerja.notifications.models import Kind
from kinerja.notifications.services import notify_users
from kinerja.organisation.selectors import AttentionGroup, add_attention_source
from kinerja.signatures import services
from kinerja.signatures.models import Party

# The void reason is a plain text column: it keeps the source text (marked, so
# that makemessages finds it) with the reason filled in.
VOID_REASON = gettext_noop("PK kembali ke draf: %(reason)s")

PANEL = panels.Panel(slot="actions", template="signatures/_panel.html", data=services.panel)


def void_on_draft(sender, *, agreement, to_status, reason="", at=None, **kwargs) -> None:
    if to_status == Status.DRAFT:
        services.void_signatures(agreement, VOID_REASON % {"reason": reason}, at=at)


def tell_signatories(sender, *, agreement, to_status, **kwargs) -> None:
    """A PK just finalised: each official who signs it is told, once per finalising."""
    if to_status != Status.FINAL:
        return
    change = agreement.status_changes.order_by("-at", "-pk").first()
    for party in services.parties_of(agreement):
        official = services.official_for(agreement, party)
        user = getattr(official, "user", None) if official is not None else None
        if user is None or party not in services.parties_for_user(user, agreement):
            continue
        notify_users(
            users=[user],
            kind=Kind.TO_SIGN,
            message=gettext_noop("%(agreement)s sudah final dan menunggu tanda tangan Anda sebagai %(party)s."),
            params={"agreement": str(agreement), "party": term(Party(party).label)},
            url=agreement.get_absolute_url(),
            key=f"to_sign:{agreement.pk}:{party}:{change.pk if change else 0}",
        )


def awaiting_signature(user, today) -> list[dict]:
    """The final PKs `user` signs and has not signed yet (home page)."""
    items = []
    for agreement, party in services.waiting_for(user):
        items.append(
            {
                "text": _("%(agreement)s menunggu tanda tangan Anda sebagai %(party)s.")
                % {"agreement": agreement, "party": Party(party).label},
                "url": agreement.get_absolute_url(),
                "group": AttentionGroup.SIGN,
            }
        )
    return items


def connect() -> None:
    agreement_moved.connect(void_on_draft, dispatch_uid="signatures.void_on_draft")
    agreement_moved.connect(tell_signatories, dispatch_uid="signatures.tell_signatories")
    add_attention_source(awaiting_signature)
    panels.register(PANEL)
