"""Reads of the organisation: who signs, who approves, what a user may see."""

import datetime
from collections.abc import Callable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, TextChoices
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kinerja.lib.formatting import format_number
from kinerja.organisation import access
from kinerja.organisation.models import CENTRAL_KINDS, Appointment, Membership, Unit, UnitKind


def _in_office_on(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def signatory_for(*, unit: Unit, on: datetime.date) -> Appointment | None:
    """Who signs the agreement of `unit` on `day`: the holder of its head position.

    When two terms overlap (a Plh standing in while the holder is away, or a
    Plt named before the predecessor's term is closed), the most recently
    started one signs: it is the later decision.
    """
    return (
        Appointment.objects.filter(_in_office_on(on), position__unit=unit, position__is_head=True)
        .select_related("person", "position", "position__unit")
        .order_by("-starts_on", "-pk")
        .first()
    )


def superior_unit_for(unit: Unit) -> Unit | None:
    """The unit whose head is the atasan langsung (Pihak Kedua) of `unit`'s signatory.

    Per the guideline: Setjen is approved by the Ketua KPU, an Eselon II unit by
    the Sekretaris Jenderal, a secretariat by the Ketua of its commission. The
    commissions (KPU, KPU Provinsi, KPU Kabupaten/Kota) sign alone.
    """
    return unit.parent if unit.has_superior else None


def superior_for(*, unit: Unit, on: datetime.date) -> Appointment | None:
    """Who approves, as atasan langsung, the agreement of `unit` on `day`."""
    superior_unit = superior_unit_for(unit)
    if superior_unit is None:
        return None
    return signatory_for(unit=superior_unit, on=on)


def appointments_of(unit: Unit) -> QuerySet[Appointment]:
    """Every term of office in `unit`, newest first."""
    return (
        Appointment.objects.filter(position__unit=unit)
        .select_related("person", "position")
        .order_by("-starts_on", "-pk")
    )


def units_without_signatory(units: QuerySet[Unit], on: datetime.date) -> QuerySet[Unit]:
    """The units among `units` whose head position nobody holds on `day`."""
    holder = Appointment.objects.filter(_in_office_on(on), position__unit=OuterRef("pk"), position__is_head=True)
    return units.filter(~Exists(holder))


def provinces_with_counts() -> QuerySet[Unit]:
    """The 38 KPU Provinsi/KIP Aceh with the number of their kabupaten/kota."""
    return Unit.objects.filter(kind=UnitKind.PROVINCE).annotate(
        regency_count=Count("province_units", filter=Q(province_units__kind=UnitKind.REGENCY))
    )


def search_units(query: str, limit: int = 50) -> QuerySet[Unit]:
    """Units whose name, short name or region code contains every word of `query`."""
    units = Unit.objects.select_related("province")
    words = query.split()
    for word in words[:8]:
        units = units.filter(Q(name__icontains=word) | Q(short_name__icontains=word) | Q(region_code__startswith=word))
    return units[:limit]


def memberships_of(user) -> QuerySet[Membership]:
    """The roles `user` holds, unit by unit, for the home page."""
    return user.memberships.select_related("unit").order_by("unit__sort_key", "role")


def central_units() -> QuerySet[Unit]:
    """KPU, Setjen and the Eselon II units."""
    return Unit.objects.filter(kind__in=CENTRAL_KINDS)


def regency_count() -> int:
    """How many KPU/KIP Kabupaten/Kota there are."""
    return Unit.objects.filter(kind=UnitKind.REGENCY).count()


def province_of_region(region_code: str) -> Unit | None:
    """The KPU Provinsi/KIP Aceh of the province with Kemendagri code `region_code`."""
    return Unit.objects.filter(kind=UnitKind.PROVINCE, region_code=region_code).first()


def units_of_province(province: Unit) -> QuerySet[Unit]:
    """Every unit in the scope of a KPU Provinsi, itself included, in the directory's order."""
    return Unit.objects.filter(province=province).order_by("sort_key")


def _missing_heads(count: int, where: str) -> str:
    if where:
        return ngettext(
            "%(count)s unit kerja di wilayah %(region)s belum mencatat pimpinan yang menjabat hari ini.",
            "%(count)s unit kerja di wilayah %(region)s belum mencatat pimpinan yang menjabat hari ini.",
            count,
        ) % {"count": format_number(count, language=None), "region": where}
    return ngettext(
        "%(count)s unit kerja di seluruh Indonesia belum mencatat pimpinan yang menjabat hari ini.",
        "%(count)s unit kerja di seluruh Indonesia belum mencatat pimpinan yang menjabat hari ini.",
        count,
    ) % {"count": format_number(count, language=None)}


class AttentionGroup(TextChoices):
    """The home page's headings, in the order shown: what to do, grouped by what it is."""

    RETURNED = "returned", gettext_lazy("Dikembalikan untuk diperbaiki")
    SIGN = "sign", gettext_lazy("Menunggu tanda tangan Anda")
    DRAFT = "draft", gettext_lazy("PK yang perlu diselesaikan")
    REALISATION = "realisation", gettext_lazy("Realisasi yang jatuh tempo")
    ROUTE = "route", gettext_lazy("Kompilasi dan penerimaan")
    PLANS = "plans", gettext_lazy("Rencana yang ditunggu")
    ORGANISATION = "organisation", gettext_lazy("Data organisasi")


# What the apps above add to the home page's list: each source gives the items
# ({"group", "text", "url"}) that need a user's attention on a day. Organisation
# cannot import those apps, so each registers its source in its AppConfig.ready().
AttentionSource = Callable[[object, datetime.date], list[dict]]
_attention_sources: list[AttentionSource] = []


def add_attention_source(source: AttentionSource) -> None:
    """Register `source` for the home page (once: registering it again changes nothing)."""
    if source not in _attention_sources:
        _attention_sources.append(source)


def attention_for(user, today: datetime.date) -> list[dict]:
    """What needs this user's attention on `today`, most specific first.

    First what the apps above registered (an agreement sent back to the user's
    unit), then the organisation itself: a unit whose head position nobody
    holds cannot sign its agreement.
    """
    items: list[dict] = [item for source in _attention_sources for item in source(user, today)]
    own_units = Unit.objects.filter(pk__in=[m.unit_id for m in user.memberships.all()])
    for unit in units_without_signatory(own_units, today):
        items.append(
            {
                "text": _(
                    "Pimpinan %(unit)s yang menjabat hari ini belum tercatat; "
                    "PK tidak dapat difinalkan tanpa penandatangan."
                )
                % {"unit": unit.short_name},
                "url": unit.get_absolute_url(),
                "group": AttentionGroup.ORGANISATION,
            }
        )
    if access.sees_everything(user):
        missing = units_without_signatory(Unit.objects.all(), today).count()
        if missing:
            items.append({"text": _missing_heads(missing, ""), "url": "", "group": AttentionGroup.ORGANISATION})
        return items
    for province in Unit.objects.filter(pk__in=access.verified_province_ids(user)):
        missing = units_without_signatory(Unit.objects.filter(province=province), today).count()
        if missing:
            items.append(
                {
                    "text": _missing_heads(missing, province.region_name),
                    "url": reverse("organisation:region", args=[province.region_code]),
                    "group": AttentionGroup.ORGANISATION,
                }
            )
    return items


def attention_groups(user, today: datetime.date) -> list[dict]:
    """`attention_for` under its headings, in their order: [{"label", "count", "items"}]; the count is the list's."""
    items = attention_for(user, today)
    groups = []
    for group in AttentionGroup:
        listed = [item for item in items if item.get("group", AttentionGroup.ORGANISATION) == group]
        if listed:
            groups.append({"key": group.value, "label": group.label, "count": len(listed), "items": listed})
    return groups
