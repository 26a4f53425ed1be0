"""Who may see which unit. Every view that takes a unit id goes through here.

A user sees the units they hold a role in; a pimpinan also the units whose
agreements they approve as atasan langsung (a Ketua sees the secretariat); a
province verifier every unit in that province; a central verifier and an admin
see everything. Anything
else is answered with 404, so that an outsider cannot even learn that an id
exists.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kinerja.organisation.models import KINDS_WITH_SUPERIOR, Membership, Role, Unit

NATIONAL_ROLES = {Role.CENTRAL_VERIFIER, Role.ADMIN}


def memberships_of(user) -> list[Membership]:
    # Cached on the user object: a page asks several times per request.
    if not hasattr(user, "_kinerja_memberships"):
        user._kinerja_memberships = list(user.memberships.select_related("unit"))
    return user._kinerja_memberships


def is_admin(user) -> bool:
    """A superuser, or a user with the admin role in any unit."""
    return user.is_authenticated and (user.is_superuser or any(m.role == Role.ADMIN for m in memberships_of(user)))


def sees_everything(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(m.role in NATIONAL_ROLES for m in memberships_of(user))


def verified_province_ids(user) -> set[int]:
    """The KPU Provinsi units whose area this user verifies."""
    if not user.is_authenticated:
        return set()
    return {m.unit.province_id for m in memberships_of(user) if m.role == Role.PROVINCE_VERIFIER and m.unit.province_id}


def visible_units(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Unit]:
    """Every unit `user` may see."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if sees_everything(user):
        return Unit.objects.all()
    memberships = memberships_of(user)
    condition = Q(pk__in=[m.unit_id for m in memberships])
    led = [m.unit_id for m in memberships if m.role == Role.LEADER]
    if led:
        condition |= Q(parent_id__in=led, kind__in=KINDS_WITH_SUPERIOR)
    provinces = verified_province_ids(user)
    if provinces:
        condition |= Q(province_id__in=provinces)
    return Unit.objects.filter(condition)


def get_unit_for_user(user, unit_id: int) -> Unit:
    """The unit `unit_id` if `user` may see it; 404 otherwise, whether or not it exists."""
    try:
        return visible_units(user).select_related("parent", "province").get(pk=unit_id)
    except Unit.DoesNotExist:
        raise Http404(_("Unit tidak ditemukan.")) from None


def roles_in(user, unit: Unit) -> set[str]:
    """The roles `user` holds in `unit` itself."""
    return {m.role for m in memberships_of(user) if m.unit_id == unit.pk}


def reads_province(user, province_id: int | None) -> bool:
    """Whether `user` reads what a province gathers: its compiled packages and its roll-ups.

    Those are the signed agreements of every kabupaten/kota of the province, so
    only the province's verifiers read them, and KPU's central verifiers and
    admins; the province's other members (its operator, its pimpinan) see their
    own unit's agreements only.
    """
    return province_id is not None and (sees_everything(user) or province_id in verified_province_ids(user))
