"""What a signing request may reach: the views that take an id come here.

Seeing the agreement follows the agreement app (an outsider gets 404, whether
or not the agreement exists); who may sign for which party is decided by
services.sign, which refuses with a message the page shows.
"""

from django.http import Http404
from django.utils.translation import gettext as _

from kinerja.agreements import access as agreement_access
from kinerja.agreements.models import Agreement
from kinerja.signatures.models import Party


def get_agreement_to_sign(user, agreement_id: int, party: str) -> Agreement:
    """The agreement `user` may see, to sign as `party`; 404 for an outsider or an unknown party."""
    agreement = agreement_access.get_agreement_for_user(user, agreement_id)
    if party not in Party.values:
        raise Http404(_("Pihak tidak dikenal."))
    return agreement
