"""Who reports realisation and who evaluates.

The unit's own operator and pimpinan report its realisation (agreements.access).
The evaluator is the atasan: for a secretariat, Setjen or an Eselon II unit the
pimpinan of the unit above it (its Pihak Kedua); for a commission, which signs
alone, its own pimpinan (the Ketua) and the province above it. Admins may do both.

A province's roll-up is read by those who read the province
(organisation.access.reads_province): its verifiers, KPU's central verifiers and
admins, not the province's other members; anyone else gets 404.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.agreements.access import can_edit
from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement
from kinerja.monitoring.models import Realisation
from kinerja.organisation.access import is_admin, reads_province, roles_in, verified_province_ids, visible_units
from kinerja.organisation.models import Role, Unit, UnitKind


def is_open(agreement: Agreement) -> bool:
    """Realisation and evaluation are recorded once the agreement has been submitted, and
    until a PK Perubahan of it is submitted (monitoring.carry takes the realisation over)."""
    return (
        agreement.status in SUBMITTED_STATUSES
        and not Agreement.objects.filter(revision_of=agreement, status__in=SUBMITTED_STATUSES).exists()
    )


def can_report(user, agreement: Agreement) -> bool:
    return can_edit(user, agreement)


def can_evaluate(user, agreement: Agreement) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    unit = agreement.unit
    if unit.has_superior:
        return Role.LEADER in roles_in(user, unit.parent)
    # A commission without an atasan: a kab/kota's is also evaluated by its province.
    return Role.LEADER in roles_in(user, unit) or (unit.is_regency and unit.province_id in verified_province_ids(user))


def get_realisation_for_user(user, realisation_id: int) -> Realisation:
    """A realisation of a unit `user` may see; 404 otherwise, whether or not it exists."""
    return get_object_or_404(
        Realisation.objects.select_related("row__section__agreement__unit"),
        pk=realisation_id,
        row__section__agreement__unit__in=visible_units(user),
    )


def get_province_for_user(user, unit_id: int) -> Unit:
    """The KPU Provinsi `unit_id` if `user` reads its roll-up; 404 otherwise, whether or not it exists."""
    province = Unit.objects.filter(pk=unit_id, kind=UnitKind.PROVINCE).select_related("parent", "province").first()
    if province is None or not reads_province(user, province.pk):
        raise Http404(_("Provinsi tidak ditemukan."))
    return province


def visible_unit_ids(user, province: Unit) -> set[int]:
    """The units of a province whose pages `user` may open, for a reader of its roll-up; 404 for anyone else.

    The province page asks this of every reader, so it also guards the page
    (see `get_province_for_user`).
    """
    if not reads_province(user, province.pk):
        raise Http404(_("Provinsi tidak ditemukan."))
    return set(visible_units(user).filter(province=province).values_list("pk", flat=True))
