"""The signing lock-out: five wrong passwords within 15 minutes stop a user's
electronic signing for 15 minutes.

The tries are rows in the database (PassphraseAttempt), so every app server
process and every restart sees one count. A try is recorded before the password
is checked, in a transaction that holds the user's row: tries sent at the same
moment from several processes are counted one after the other, and no more than
MAX_WRONG_PASSPHRASES of them are ever checked.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.signatures.models import PassphraseAttempt
from kinerja.signatures.signers import SigningError

MAX_WRONG_PASSPHRASES = 5  # then signing is refused for LOCKOUT
LOCKOUT = datetime.timedelta(minutes=15)


def _recent(user, now: datetime.datetime):
    return PassphraseAttempt.objects.filter(user=user, at__gt=now - LOCKOUT)


def locked_out(user) -> bool:
    """Whether `user` had MAX_WRONG_PASSPHRASES wrong (or unfinished) tries in the last 15 minutes."""
    return _recent(user, timezone.now()).count() >= MAX_WRONG_PASSPHRASES


def _locked_out_error() -> SigningError:
    return SigningError(_("Terlalu banyak kata sandi salah; coba lagi 15 menit lagi."))


def _attempt_start(user) -> PassphraseAttempt:
    """Record a try of `user`'s password, or refuse it when the user is locked out."""
    now = timezone.now()
    with transaction.atomic():
        # One user's tries are counted one at a time (on SQLite the write lock does it).
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        if _recent(user, now).count() >= MAX_WRONG_PASSPHRASES:
            raise _locked_out_error()
        PassphraseAttempt.objects.filter(user=user, at__lte=now - LOCKOUT).delete()
        return PassphraseAttempt.objects.create(user=user, at=now)


def password_confirm(*, user, passphrase: str) -> None:
    """The signer's consent with the local CA: `passphrase` must be the account password.

    Raises SigningError when it is wrong or the user is locked out; a right
    password does not count as a try."""
    attempt = _attempt_start(user)
    if not user.check_password(passphrase or ""):
        raise SigningError(_("Kata sandi salah; tanda tangan tidak dibuat."))
    attempt.delete()


def refuse_when_locked_out(user) -> None:
    """For a remote signing service, which checks its own passphrase: refuse while locked out."""
    if locked_out(user):
        raise _locked_out_error()
