"""The signing lock-out counts wrong passwords in the database: every app server
process sees one count, and a restart forgets none.

Transactional: each "process" is a thread with its own database connection,
which sees only what the others committed."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from kinerja.conftest import race
from kinerja.signatures import lockout
from kinerja.signatures.models import PassphraseAttempt
from kinerja.signatures.signers import SigningError

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Tanda-Tangan-Sorong-2024!"
WRONG = "Kata sandi salah"
LOCKED = "Terlalu banyak kata sandi salah"


@pytest.fixture
def signer():
    return get_user_model().objects.create_user("sekretaris.uji", password=PASSWORD)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def attempt(user, passphrase: str):
    """One signing request: the user as the request loads it, and what the password check says."""

    def run():
        try:
            with translation.override("id"):
                lockout.password_confirm(user=fresh(user), passphrase=passphrase)
        except SigningError as error:
            return str(error)
        return "ok"

    return run


def test_wrong_passwords_sent_to_two_processes_add_up(signer):
    """Three wrong passwords to one process and two to another lock the user out
    everywhere, and still after a restart (another connection, an empty cache)."""
    assert race(*[attempt(signer, "tebak")] * 3) == [WRONG + "; tanda tangan tidak dibuat."] * 3
    assert race(*[attempt(signer, "tebak")] * 2) == [WRONG + "; tanda tangan tidak dibuat."] * 2

    assert race(attempt(signer, PASSWORD)) == [LOCKED + "; coba lagi 15 menit lagi."]
    cache.clear()
    connection.close()
    assert attempt(signer, PASSWORD)() == LOCKED + "; coba lagi 15 menit lagi."
    assert lockout.locked_out(signer)


def test_no_more_than_five_passwords_are_checked_however_many_arrive_at_once(signer):
    outcomes = race(*[attempt(signer, "tebak")] * 10)
    assert sum(outcome.startswith(WRONG) for outcome in outcomes) == lockout.MAX_WRONG_PASSPHRASES
    assert sum(outcome.startswith(LOCKED) for outcome in outcomes) == 10 - lockout.MAX_WRONG_PASSPHRASES


def test_the_lock_out_ends_fifteen_minutes_after_the_wrong_passwords(signer):
    for _ in range(lockout.MAX_WRONG_PASSPHRASES):
        assert attempt(signer, "tebak")().startswith(WRONG)
    assert attempt(signer, PASSWORD)().startswith(LOCKED)
    earlier = lockout.LOCKOUT + datetime.timedelta(seconds=1)
    for row in PassphraseAttempt.objects.all():
        PassphraseAttempt.objects.filter(pk=row.pk).update(at=row.at - earlier)
    assert not lockout.locked_out(signer)
    assert attempt(signer, PASSWORD)() == "ok"


def test_a_right_password_is_not_counted_and_four_wrong_ones_do_not_lock(signer):
    for _ in range(lockout.MAX_WRONG_PASSPHRASES - 1):
        assert attempt(signer, "tebak")().startswith(WRONG)
    for _ in range(3):
        assert attempt(signer, PASSWORD)() == "ok"
    assert PassphraseAttempt.objects.filter(user=signer).count() == lockout.MAX_WRONG_PASSPHRASES - 1
    assert not lockout.locked_out(signer)


def test_one_users_wrong_passwords_do_not_lock_out_another(signer):
    other = get_user_model().objects.create_user("ketua.uji", password=PASSWORD)
    for _ in range(lockout.MAX_WRONG_PASSPHRASES):
        attempt(signer, "tebak")()
    assert attempt(other, PASSWORD)() == "ok"
