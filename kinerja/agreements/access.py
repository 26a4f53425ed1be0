"""Who may see and edit an agreement: every view that takes an id comes here.

Seeing follows the unit (organisation.access): anyone else gets 404. Editing a
draft is for the unit's operator and pimpinan and for admins; a central verifier
also edits the agreements of the central units (KPU, Setjen, Eselon II), which
Biro Perencanaan draws up, but only verifies the regions'. A province verifier
reads only (403).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.agreements import selectors
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section, SignedScan, Status
from kinerja.organisation.access import (
    is_admin,
    memberships_of,
    roles_in,
    sees_everything,
    verified_province_ids,
    visible_units,
)
from kinerja.organisation.models import Role


def get_agreement_for_user(user, agreement_id: int, *, content: bool = False) -> Agreement:
    """The agreement if `user` may see its unit; 404 otherwise, whether or not it exists."""
    queryset = Agreement.objects.filter(pk=agreement_id)
    queryset = selectors.with_content(queryset) if content else queryset.select_related("unit")
    # Loaded first, then its unit checked: cheaper than filtering every agreement
    # through the set of visible units, and the same answer.
    agreement = queryset.first()
    if agreement is None or not visible_units(user).filter(pk=agreement.unit_id).exists():
        raise Http404(_("PK tidak ditemukan."))
    return agreement


def get_section_for_user(user, section_id: int) -> Section:
    return get_object_or_404(
        Section.objects.select_related("agreement__unit"), pk=section_id, agreement__unit__in=visible_units(user)
    )


def get_row_for_user(user, row_id: int) -> Row:
    return get_object_or_404(
        Row.objects.select_related("section__agreement__unit"),
        pk=row_id,
        section__agreement__unit__in=visible_units(user),
    )


def get_budget_line_for_user(user, line_id: int) -> BudgetLine:
    return get_object_or_404(
        BudgetLine.objects.select_related("agreement__unit"), pk=line_id, agreement__unit__in=visible_units(user)
    )


def get_scan(agreement: Agreement, scan_id: int) -> SignedScan:
    """A signed document of `agreement` (already checked for the user); 404 for another agreement's."""
    return get_object_or_404(SignedScan, pk=scan_id, agreement=agreement)


def units_user_drafts_for(user) -> list:
    """The units of the user's own memberships whose agreements the user may draw up."""
    return [m.unit for m in user.memberships.select_related("unit") if can_edit_unit_agreements(user, m.unit)]


def can_edit(user, agreement: Agreement) -> bool:
    return can_edit_unit_agreements(user, agreement.unit)


def can_edit_unit_agreements(user, unit) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if unit.is_central and any(m.role == Role.CENTRAL_VERIFIER for m in memberships_of(user)):
        return True
    return bool(roles_in(user, unit) & {Role.OPERATOR, Role.LEADER})


def require_editor(user, agreement: Agreement) -> None:
    if not can_edit(user, agreement):
        raise PermissionDenied(_("Anda tidak berwenang mengubah PK unit ini."))


# The two moves that check an agreement someone else prepared.
VERIFYING_MOVES = (Status.COMPILED, Status.RECEIVED)


def may_move(user, agreement: Agreement, to: str) -> bool:
    """Who may move an agreement to status `to` (see lifecycle).

    The unit's own editors finalise, sign (by scan), submit and reopen; the
    province verifier compiles its kabupaten/kota's agreements and may return
    them while they wait at the province; KPU's central verifiers receive and
    return anything; admins may do everything. The duties are separated
    (`checks_independently`): nobody compiles or receives an agreement they
    prepared, or one of their own unit.
    """
    if not user.is_authenticated:
        return False
    if to in VERIFYING_MOVES and not checks_independently(user, agreement):
        return False
    if is_admin(user):
        return True
    central = sees_everything(user)
    in_province = agreement.unit.province_id in verified_province_ids(user)
    if to in (Status.FINAL, Status.SIGNED, Status.SUBMITTED):
        return can_edit(user, agreement)
    if to == Status.COMPILED:
        return in_province
    if to == Status.RECEIVED:
        return central
    if to == Status.DRAFT:
        if agreement.status == Status.FINAL:
            return can_edit(user, agreement)
        if agreement.status == Status.SUBMITTED and in_province:
            return True
        return central
    return False


def checks_independently(user, agreement: Agreement) -> bool:
    """Whether `user` may be the one who compiles or receives `agreement`.

    Not whoever finalised, signed by scan or submitted it (its status changes
    say who), and not a member of its own unit: a central verifier of Biro
    Perencanaan, which also draws up the central units' agreements, cannot
    take its own bureau's agreement from draft to received alone. Admins keep
    every other power, so that they can unblock a stuck agreement, but they too
    never check an agreement they prepared themselves; the unit rule does not
    bind them, since an admin's role sits at KPU itself.
    """
    if user.pk in selectors.preparers_of(agreement):
        return False
    return is_admin(user) or not roles_in(user, agreement.unit)
