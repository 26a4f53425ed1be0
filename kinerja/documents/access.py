"""Who may print an agreement: whoever may see it (agreements.access); anyone else gets 404."""

from kinerja.agreements.access import get_agreement_for_user
from kinerja.agreements.models import Agreement


def get_printable_agreement(user, agreement_id: int) -> Agreement:
    """The agreement with its content, if `user` may see its unit; 404 otherwise."""
    return get_agreement_for_user(user, agreement_id, content=True)
