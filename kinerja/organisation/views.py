"""Pages of the organisation: home, the organisation browser, a unit's page."""

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.organisation import access, selectors
from kinerja.organisation.models import Role, UnitKind

VISIBLE_LISTED = 12  # the home page names the units a user sees when they are this few


@login_required
def home(request):
    today = timezone.localdate()
    memberships = selectors.memberships_of(request.user)
    visible = access.visible_units(request.user)
    own = {m.unit_id for m in memberships}
    # The other units the user can see, named when they are few (a Ketua sees the secretariat too).
    others = list(visible.exclude(pk__in=own).order_by("sort_key")[: VISIBLE_LISTED + 1])
    return render(
        request,
        "organisation/home.html",
        {
            "memberships": memberships,
            "attention": selectors.attention_groups(request.user, today),
            "sees_everything": access.sees_everything(request.user),
            "visible_count": visible.count(),
            "other_units": others if len(others) <= VISIBLE_LISTED else [],
            "today": today,
        },
    )


@login_required
def index(request):
    """The national level of the organisation browser, with search by name.

    Names, kinds and region codes of the units are public directory facts and
    are listed for every signed-in user; a unit's own page (its officials) opens
    only for users who may see that unit.
    """
    query = request.GET.get("q", "").strip()[:100]
    visible_ids = set(access.visible_units(request.user).values_list("pk", flat=True))
    context = {
        "query": query,
        "visible_ids": visible_ids,
        "central_units": selectors.central_units(),
        "provinces": selectors.provinces_with_counts(),
        "regency_count": selectors.regency_count(),
    }
    if query:
        context["results"] = selectors.search_units(query)
    return render(request, "organisation/index.html", context)


@login_required
def region(request, region_code: str):
    """One province in the organisation browser: its commission, secretariat and kabupaten/kota."""
    if not re.fullmatch(r"\d{2}", region_code):
        raise Http404(_("Kode provinsi tidak dikenal."))
    province = selectors.province_of_region(region_code)
    if province is None:
        raise Http404(_("Provinsi tidak ditemukan."))
    units = selectors.units_of_province(province)
    visible_ids = set(access.visible_units(request.user).filter(province=province).values_list("pk", flat=True))
    return render(
        request,
        "organisation/region.html",
        {
            "province": province,
            "units": units,
            "visible_ids": visible_ids,
            "regency_count": sum(1 for unit in units if unit.kind == UnitKind.REGENCY),
        },
    )


@login_required
def unit_detail(request, unit_id: int):
    unit = access.get_unit_for_user(request.user, unit_id)
    today = timezone.localdate()
    visible_children = access.visible_units(request.user).filter(parent=unit).order_by("sort_key")
    return render(
        request,
        "organisation/unit.html",
        {
            "unit": unit,
            "signatory": selectors.signatory_for(unit=unit, on=today),
            "superior": selectors.superior_for(unit=unit, on=today),
            "superior_unit": selectors.superior_unit_for(unit),
            "appointments": selectors.appointments_of(unit),
            "children": visible_children,
            "roles": [Role(role).label for role in sorted(access.roles_in(request.user, unit))],
            "today": today,
        },
    )
