"""What the plan adds to the home page's list of things to do ("Rencana yang ditunggu").

For the year the pages open on (selectors.default_year):
- to those who keep a unit's plan (its operator and pimpinan): the unit's IKU,
  when the units below it wait for it to derive theirs, with how many wait; the
  unit's own IKU, RKT and DIPA that its PK still needs, each with the step that
  makes it (copy last year's, record the decree), or, when its IKU cannot be
  set yet, the parent it waits for and who sets that;
- to a province's verifiers: the province's IKU while its kab/kota wait for it,
  and how many of its kab/kota are not ready;
- to KPU's central verifiers: KPU's IKU while the provinces wait for it, and how
  many provinces are not ready.
Registered with organisation.selectors.add_attention_source.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.lib.formatting import format_number
from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Unit, UnitKind
from kinerja.organisation.selectors import AttentionGroup, add_attention_source
from kinerja.planning.access import EDITING_ROLES
from kinerja.planning.readiness import IKU_KINDS, Readiness, readiness
from kinerja.planning.selectors import default_year, last_year_plans


def _item(text: str, url: str) -> dict:
    return {"text": text, "url": url, "group": AttentionGroup.PLANS}


def _awaited_by_children(state: Readiness, children: int) -> dict | None:
    """The unit's IKU while `children` units below it wait for it."""
    if not children or not state.needs_iku or state.iku_ready:
        return None
    unit, year = state.unit, state.year
    text = ngettext(
        "IKU %(unit)s %(year)s belum ditetapkan; %(count)s unit di bawahnya menunggu untuk menurunkan IKU-nya.",
        "IKU %(unit)s %(year)s belum ditetapkan; %(count)s unit di bawahnya menunggu untuk menurunkan IKU-nya.",
        children,
    ) % {"unit": unit.short_name, "year": year, "count": format_number(children, language=None)}
    return _item(text, reverse("planning:unit", args=[unit.pk, year]))


def _own_steps(state: Readiness) -> list[dict]:
    """What the unit's own plan still needs for its PK, each with where it is done."""
    unit, year = state.unit, state.year
    url = reverse("planning:unit", args=[unit.pk, year])
    params = {"unit": unit.short_name, "year": year, "last": year - 1}
    copyable = last_year_plans(unit, year)
    items = []
    if state.waits_for_parent:
        items.append(
            _item(
                _("IKU %(unit)s %(year)s menunggu: %(waiting)s.") % {**params, "waiting": state.waiting_text},
                reverse("planning:unit", args=[unit.parent_id, year]),
            )
        )
    elif state.needs_iku and state.iku_set is None:
        if copyable["iku"]:
            text = _("IKU %(unit)s %(year)s belum ada: salin dari %(last)s, tinjau, lalu catat keputusannya.")
        else:
            text = _("IKU %(unit)s %(year)s belum ada: impor dari Excel.")
        items.append(_item(text % params, url))
    elif not state.iku_ready:
        items.append(
            _item(_("IKU %(unit)s %(year)s belum ditetapkan: catat nomor dan tanggal keputusannya.") % params, url)
        )
    if not state.has_rkt:
        if copyable["rkt"]:
            text = _("RKT %(unit)s %(year)s belum ada: salin dari %(last)s dan sesuaikan.")
        else:
            text = _("RKT %(unit)s %(year)s belum ada: isi atau impor dari Excel.")
        items.append(_item(text % params, url))
    if not state.dipa_ready:
        if copyable["dipa"]:
            text = _("DIPA %(unit)s %(year)s belum tercatat: impor DIPA yang disahkan, atau salin pagu %(last)s.")
        else:
            text = _("DIPA %(unit)s %(year)s belum tercatat: impor DIPA yang disahkan.")
        items.append(_item(text % params, url))
    return items


def plans_awaited(user, today: datetime.date) -> list[dict]:
    year = default_year()
    items: list[dict] = []
    kept = sorted(
        {m.unit for m in organisation_access.memberships_of(user) if m.role in EDITING_ROLES},
        key=lambda unit: unit.sort_key,
    )
    children = _children_waiting(kept)
    for state in readiness(kept, year):
        awaited = _awaited_by_children(state, children.get(state.unit.pk, 0))
        if awaited:
            items.append(awaited)
        items.extend(_own_steps(state))
    if organisation_access.sees_everything(user):
        items.extend(_national(year))
    else:
        provinces = list(Unit.objects.filter(pk__in=organisation_access.verified_province_ids(user)))
        for state in readiness(provinces, year):
            items.extend(_province(state))
    return items


def _children_waiting(units: list[Unit]) -> dict[int, int]:
    """How many commissions directly below each of `units` derive their IKU from it."""
    counts: dict[int, int] = {}
    for parent_id in Unit.objects.filter(parent__in=units, kind__in=IKU_KINDS).values_list("parent", flat=True):
        counts[parent_id] = counts.get(parent_id, 0) + 1
    return counts


def _province(state: Readiness) -> list[dict]:
    province, year = state.unit, state.year
    url = reverse("planning:province", args=[province.pk, year])
    regencies = list(Unit.objects.filter(province=province, kind=UnitKind.REGENCY).select_related("parent"))
    items = []
    if not state.iku_ready:
        awaited = _awaited_by_children(state, len(regencies))
        if awaited:
            awaited["url"] = reverse("planning:unit", args=[province.pk, year])
            items.append(awaited)
        return items
    not_ready = sum(1 for regency in readiness(regencies, year) if not regency.ready)
    if not_ready:
        items.append(
            _item(
                ngettext(
                    "%(count)s kabupaten/kota %(province)s belum siap menyusun PK %(year)s.",
                    "%(count)s kabupaten/kota %(province)s belum siap menyusun PK %(year)s.",
                    not_ready,
                )
                % {"count": format_number(not_ready, language=None), "province": province.region_name, "year": year},
                url,
            )
        )
    return items


def _national(year: int) -> list[dict]:
    national = Unit.objects.filter(kind=UnitKind.KPU).first()
    if national is None:
        return []
    state = readiness([national], year)[0]
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).select_related("parent"))
    if not state.iku_ready:
        awaited = _awaited_by_children(state, len(provinces))
        return [awaited] if awaited else []
    not_ready = sum(1 for province in readiness(provinces, year) if not province.iku_ready)
    if not not_ready:
        return []
    text = ngettext(
        "%(count)s KPU Provinsi belum menetapkan IKU %(year)s; kabupaten/kotanya menunggu.",
        "%(count)s KPU Provinsi belum menetapkan IKU %(year)s; kabupaten/kotanya menunggu.",
        not_ready,
    ) % {"count": format_number(not_ready, language=None), "year": year}
    return [_item(text, reverse("planning:index") + f"?tahun={year}#readiness")]


def connect() -> None:
    add_attention_source(plans_awaited)
