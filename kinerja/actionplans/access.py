"""Who sees and who changes a Rencana Aksi: whoever sees its PK sees it (agreements.access; an outsider
gets 404, whether or not it exists); the unit's own editors draw it up and change its steps; its
parties agree to it (services.plan_agree checks who they are)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.actionplans.models import ActionStep
from kinerja.agreements.access import can_edit_unit_agreements
from kinerja.agreements.models import Agreement
from kinerja.organisation.access import visible_units


def get_step_for_user(user, step_id: int) -> ActionStep:
    """A step of a plan of a unit `user` may see; 404 otherwise, whether or not it exists."""
    return get_object_or_404(
        ActionStep.objects.select_related("plan__agreement__unit", "row__section", "position"),
        pk=step_id,
        plan__agreement__unit__in=visible_units(user),
    )


def can_change(user, agreement: Agreement) -> bool:
    return can_edit_unit_agreements(user, agreement.unit)


def require_changer(user, agreement: Agreement) -> None:
    if not can_change(user, agreement):
        raise PermissionDenied(_("Anda tidak berwenang mengubah Rencana Aksi unit ini."))
