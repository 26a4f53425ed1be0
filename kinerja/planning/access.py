"""Who may see and change a unit's plan (IKU, DIPA, RKT).

Seeing follows the organisation's rule (organisation.access). Changing is for
the unit's own operator and pimpinan, and for admins and central verifiers; a
province verifier reads its kab/kota's plans but does not change them (403).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Role, Unit
from kinerja.planning.models import Dipa, IkuItem, IkuSet

EDITING_ROLES = {Role.OPERATOR, Role.LEADER}


def can_edit_plan(user, unit: Unit) -> bool:
    if not user.is_authenticated:
        return False
    if organisation_access.sees_everything(user):
        return True
    return bool(organisation_access.roles_in(user, unit) & EDITING_ROLES)


def require_edit(user, unit: Unit) -> None:
    """403 for a user who sees `unit` but may not change its plan."""
    if not can_edit_plan(user, unit):
        raise PermissionDenied("Anda tidak berwenang mengubah rencana unit ini.")


def get_iku_item_for_user(user, item_id: int) -> IkuItem:
    item = get_object_or_404(
        IkuItem.objects.select_related("iku_set__unit", "indicator"),
        pk=item_id,
        iku_set__unit__in=organisation_access.visible_units(user),
    )
    return item


def get_iku_set_for_user(user, unit_id: int, year: int) -> IkuSet:
    unit = organisation_access.get_unit_for_user(user, unit_id)
    return get_object_or_404(IkuSet.objects.select_related("unit", "decree"), unit=unit, year=year)


def get_dipa_for_user(user, dipa_id: int) -> Dipa:
    return get_object_or_404(
        Dipa.objects.select_related("unit"), pk=dipa_id, unit__in=organisation_access.visible_units(user)
    )
