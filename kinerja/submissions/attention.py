"""What the route after submission adds to the home page's list of things to do.

- A province's verifier: the kabupaten/kota PKs submitted and waiting for its
  compilation, and its packages compiled but not yet forwarded to KPU.
- KPU's central verifiers: the provinces' packages forwarded and not yet
  received, and the submitted PKs of the central units and provinces, which
  KPU receives directly.
Registered with organisation.selectors.add_attention_source.
"""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinerja.agreements.models import Agreement, Status
from kinerja.lib.formatting import format_number
from kinerja.organisation.access import verified_province_ids
from kinerja.organisation.models import REGENCY_KINDS, Unit
from kinerja.organisation.selectors import AttentionGroup, add_attention_source
from kinerja.planning.selectors import default_year
from kinerja.submissions.access import acts_for_kpu
from kinerja.submissions.models import CompilationPackage
from kinerja.submissions.selectors import compilable


def _item(text: str, url: str) -> dict:
    return {"text": text, "url": url, "group": AttentionGroup.ROUTE}


def for_the_province(user, year: int) -> list[dict]:
    items = []
    for province in Unit.objects.filter(pk__in=verified_province_ids(user)).order_by("sort_key"):
        url = reverse("submissions:province", args=[province.pk, year])
        waiting = compilable(province, year).count()
        if waiting:
            text = ngettext(
                "%(count)s PK kabupaten/kota %(region)s %(year)s menunggu kompilasi.",
                "%(count)s PK kabupaten/kota %(region)s %(year)s menunggu kompilasi.",
                waiting,
            ) % {"count": format_number(waiting, language=None), "region": province.region_name, "year": year}
            items.append(_item(text, url))
        unsent = CompilationPackage.objects.filter(province=province, year=year, forwarded_at__isnull=True)
        for package in unsent.order_by("number"):
            text = _("Paket kompilasi ke-%(number)s %(region)s belum diteruskan ke KPU.") % {
                "number": package.number,
                "region": province.region_name,
            }
            items.append(_item(text, reverse("submissions:package", args=[package.pk])))
    return items


def for_kpu(user, year: int) -> list[dict]:
    if not acts_for_kpu(user):
        return []
    items = []
    waiting = CompilationPackage.objects.filter(year=year, forwarded_at__isnull=False, received_at__isnull=True)
    for package in waiting.select_related("province").order_by("forwarded_at"):
        text = _("Paket kompilasi ke-%(number)s %(region)s menunggu diterima.") % {
            "number": package.number,
            "region": package.province.region_name,
        }
        items.append(_item(text, reverse("submissions:package", args=[package.pk])))
    direct = (
        Agreement.objects.filter(year=year, status=Status.SUBMITTED, revised_by__isnull=True)
        .exclude(unit__kind__in=REGENCY_KINDS)
        .count()
    )
    if direct:
        text = ngettext(
            "%(count)s PK unit pusat dan provinsi %(year)s disampaikan dan menunggu diterima.",
            "%(count)s PK unit pusat dan provinsi %(year)s disampaikan dan menunggu diterima.",
            direct,
        ) % {"count": format_number(direct, language=None), "year": year}
        items.append(_item(text, reverse("submissions:dashboard") + f"?year={year}"))
    return items


def route_to_do(user, today: datetime.date) -> list[dict]:
    year = default_year()
    return for_the_province(user, year) + for_kpu(user, year)


def connect() -> None:
    add_attention_source(route_to_do)
