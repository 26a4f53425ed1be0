"""What the agreements add to the home page's list of things to do.

- An agreement a verifier sent back to draft waits for its unit: the operator
  and the pimpinan see it with the reason, who returned it and when (in the
  unit's own time zone), and a link to the PK, until it is finalised again.
- The PK of the year each unit the user draws up for must reach: not drawn up
  yet, still a draft, final and waiting for signatures, signed and waiting to
  be submitted; with the deadline and the days left, in the unit's own zone.
Registered with organisation.selectors.add_attention_source.
"""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.agreements import access
from kinerja.agreements.models import Agreement, Status
from kinerja.lib.deadlines import last_day
from kinerja.lib.formatting import format_date, format_number
from kinerja.lib.templatefilters import waktu
from kinerja.organisation.selectors import AttentionGroup, add_attention_source
from kinerja.planning.selectors import default_year


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
                "group": AttentionGroup.RETURNED,
            }
        )
    return items


def _deadline(unit, year: int) -> str:
    """`batas 31 Januari 2025, 12 hari lagi (WIT)`, or how late it is, counted in the unit's own zone."""
    today = timezone.localtime(timezone.now(), ZoneInfo(unit.time_zone)).date()
    left = (last_day(year) - today).days
    params = {
        "date": format_date(last_day(year), language=None),
        "days": format_number(abs(left), language=None),
        "zone": unit.time_zone_label,
    }
    if left > 0:
        return _("batas %(date)s, %(days)s hari lagi (%(zone)s)") % params
    if left == 0:
        return _("batas hari ini, %(date)s pukul 23.59 %(zone)s") % params
    return _("batas %(date)s telah lewat %(days)s hari") % params


NEXT_STEP = {
    Status.DRAFT: gettext_lazy("%(agreement)s masih draf; lengkapi lalu finalkan: %(deadline)s"),
    Status.FINAL: gettext_lazy(
        "%(agreement)s sudah final: tandatangani (elektronik, atau cetak dan unggah pindaiannya): %(deadline)s"
    ),
    Status.SIGNED: gettext_lazy("%(agreement)s sudah ditandatangani: sampaikan: %(deadline)s"),
}


def agreements_to_finish(user, today: datetime.date) -> list[dict]:
    """The PK of the plan year of each unit the user draws up for, until it is submitted."""
    year = default_year()
    items = []
    for unit in access.units_user_drafts_for(user):
        agreement = Agreement.objects.filter(unit=unit, year=year).order_by("-version").first()
        if agreement is not None and (agreement.status not in NEXT_STEP or agreement.is_revision):
            continue
        if agreement is not None and agreement.status == Status.DRAFT:
            change = agreement.back_to_draft()
            if change is not None and change.is_return:
                continue  # listed with its reason under "returned"
        deadline = _deadline(unit, year)
        if agreement is None:
            text = _("PK %(year)s %(unit)s belum disusun: %(deadline)s") % {
                "year": year,
                "unit": unit.short_name,
                "deadline": deadline,
            }
            url = reverse("agreements:list") + f"?unit={unit.pk}&tahun={year}"
        else:
            text = NEXT_STEP[agreement.status] % {"agreement": agreement, "deadline": deadline}
            url = agreement.get_absolute_url()
        items.append({"text": text, "url": url, "group": AttentionGroup.DRAFT})
    return items


def connect() -> None:
    """Add the returned agreements and the ones to finish to the home page (idempotent)."""
    add_attention_source(returned_agreements)
    add_attention_source(agreements_to_finish)
