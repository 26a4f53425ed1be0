"""What the agreements add to the home page's list of things to do.

An agreement a verifier sent back to draft waits for its unit: the operator and
the pimpinan see it on their home page with the reason, who returned it and
when (in the unit's own time zone), and a link to the PK, until it is finalised
again. Registered with organisation.selectors.add_attention_source.
"""

import datetime

from django.utils.translation import gettext as _

from kinerja.agreements import access
from kinerja.agreements.models import Agreement, Status
from kinerja.lib.templatefilters import waktu
from kinerja.organisation.selectors import add_attention_source


def returned_agreements(user, today: datetime.date) -> list[dict]:
    """The drafts of the units `user` draws up for that a verifier sent back, newest first."""
    units = access.units_user_drafts_for(user)
    if not units:
        return []
    items = []
    drafts = Agreement.objects.filter(unit__in=units, status=Status.DRAFT).select_related("unit")
    for agreement in drafts.order_by("unit__sort_key", "-year", "-version"):
        change = agreement.back_to_draft()
        if change is None or not change.is_return:
            continue
        who = (change.by.get_full_name() or change.by.username) if change.by else _("(pengguna dihapus)")
        items.append(
            {
                "text": _("%(agreement)s dikembalikan oleh %(by)s, %(at)s: %(reason)s")
                % {
                    "agreement": agreement,
                    "by": who,
                    "at": waktu(change.at, agreement.unit.time_zone),
                    "reason": change.reason,
                },
                "url": agreement.get_absolute_url(),
            }
        )
    return items


def connect() -> None:
    """Add the returned agreements to the home page (idempotent)."""
    add_attention_source(returned_agreements)
