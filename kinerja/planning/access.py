"""Who may see and change a unit's plan (IKU, DIPA, RKT).

Seeing follows the organisation's rule (organisation.access). Changing is for
the unit's own operator and pimpinan, and for admins and central verifiers; a
province verifier reads its kab/kota's plans but does not change them (403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.organisation import access as organisation_access
from kinerja.organisation.models import Role, Unit, UnitKind
from kinerja.planning.models import Decree, Dipa, IkuItem, IkuSet, StrategicPlan, WorkPlan, WorkPlanRow, WorkPlanSection

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
        raise PermissionDenied(_("Anda tidak berwenang mengubah rencana unit ini."))


def may_import(user) -> bool:
    """Whether `user` may open the import page: an admin or central verifier, or an operator or pimpinan.

    Which units a file may change is checked row by row (`can_edit_plan`).
    """
    if organisation_access.sees_everything(user):
        return True
    return any(membership.role in EDITING_ROLES for membership in organisation_access.memberships_of(user))


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


def get_province_for_user(user, unit_id: int) -> Unit:
    """A KPU Provinsi whose gathered plans `user` reads (its verifiers, central
    verifiers, admins: organisation.access.reads_province); 404 for anyone else,
    its own operator included, who sees the kab/kota's plans only through them."""
    province = organisation_access.get_unit_for_user(user, unit_id)
    if province.kind != UnitKind.PROVINCE:
        raise Http404(_("Bukan KPU Provinsi."))
    if not organisation_access.reads_province(user, province.pk):
        raise Http404(_("Provinsi tidak ditemukan."))
    return province


def visible_unit_ids_in(user, province: Unit) -> set[int]:
    """The units of `province` that `user` may open."""
    return set(organisation_access.visible_units(user).filter(province=province).values_list("pk", flat=True))


def get_strategic_plan_for_user(user, plan_id: int) -> StrategicPlan:
    return get_object_or_404(
        StrategicPlan.objects.select_related("unit"),
        pk=plan_id,
        unit__in=organisation_access.visible_units(user),
    )


def get_decree_for_user(user, decree_id: int) -> Decree:
    return get_object_or_404(
        Decree.objects.select_related("unit"), pk=decree_id, unit__in=organisation_access.visible_units(user)
    )


def visible_dipas(user, year: int) -> QuerySet[Dipa]:
    """The DIPAs of `year` of every unit `user` may see (what an export holds)."""
    return Dipa.objects.filter(unit__in=organisation_access.visible_units(user), year=year)


def visible_iku_sets(user, year: int) -> QuerySet[IkuSet]:
    """The IKU sets of `year` of every unit `user` may see (what an export holds)."""
    return IkuSet.objects.filter(unit__in=organisation_access.visible_units(user), year=year)


def get_work_plan_for_user(user, unit_id: int, year: int) -> WorkPlan:
    """The RKT of a unit `user` sees, for `year`; 404 if the unit is not visible or has no RKT that year."""
    unit = organisation_access.get_unit_for_user(user, unit_id)
    return get_object_or_404(WorkPlan.objects.select_related("unit"), unit=unit, year=year)


def get_work_plan_section_for_user(user, section_id: int) -> WorkPlanSection:
    return get_object_or_404(
        WorkPlanSection.objects.select_related("work_plan__unit", "activity"),
        pk=section_id,
        work_plan__unit__in=organisation_access.visible_units(user),
    )


def get_work_plan_row_for_user(user, row_id: int) -> WorkPlanRow:
    return get_object_or_404(
        WorkPlanRow.objects.select_related("section__work_plan__unit", "indicator"),
        pk=row_id,
        section__work_plan__unit__in=organisation_access.visible_units(user),
    )


def visible_work_plans(user, year: int) -> QuerySet[WorkPlan]:
    """The RKTs of `year` of every unit `user` may see (what an export holds)."""
    return WorkPlan.objects.filter(unit__in=organisation_access.visible_units(user), year=year)
