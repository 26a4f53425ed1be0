"""Who may bring in an old PK through the page, and who may see an intake.

An intake is its uploader's own work in progress (and an admin's to look after):
anyone else gets 404, whatever unit it is for. Uploading is for whoever draws up
PKs (agreements.access), for the units they draw them up for.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kinerja.agreements.access import can_edit_unit_agreements, get_agreement_for_user, units_user_drafts_for
from kinerja.intake.models import ImportedSource, IntakeSession
from kinerja.organisation.access import is_admin
from kinerja.organisation.models import Unit


def sessions_of(user) -> QuerySet[IntakeSession]:
    """The intakes `user` may see: their own; an admin's, everyone's."""
    sessions = IntakeSession.objects.select_related("unit", "agreement")
    if not user.is_authenticated:
        return sessions.none()
    return sessions if is_admin(user) else sessions.filter(created_by=user)


def get_session_for_user(user, session_id: int) -> IntakeSession:
    """The intake `session_id` if `user` may see it; 404 otherwise, whether or not it exists."""
    return get_object_or_404(sessions_of(user), pk=session_id)


def units_for_intake(user) -> list[Unit]:
    """The units `user` may bring an old PK in for: those they draw up PKs for; an admin, every unit."""
    if is_admin(user):
        return list(Unit.objects.order_by("sort_key"))
    return units_user_drafts_for(user)


def may_bring_in(user, unit: Unit) -> bool:
    return can_edit_unit_agreements(user, unit)


def get_source_for_user(user, agreement_id: int) -> ImportedSource:
    """The source file of a history PK, for whoever sees the PK; 404 for anyone else, or for a PK
    drawn up in Kinerja."""
    agreement = get_agreement_for_user(user, agreement_id)
    found = ImportedSource.objects.filter(agreement=agreement).first()
    if found is None:
        raise Http404(_("PK ini tidak dimasukkan dari berkas."))
    return found
