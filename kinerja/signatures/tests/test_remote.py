"""Signing through a BSrE-style HTTP signing service: a local fake of it on a loopback port."""

import pytest

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Status
from kinerja.signatures import services
from kinerja.signatures.fake_service import FakeSigningService
from kinerja.signatures.models import ElectronicSignature, Party
from kinerja.signatures.signers import SigningError

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(settings):
    fake = FakeSigningService(username="kinerja", password="rahasia-aplikasi", passphrase="passphrase-tte").start()
    settings.TTE_BACKEND = "remote"
    settings.TTE_REMOTE_URL = fake.url
    settings.TTE_REMOTE_USER = "kinerja"
    settings.TTE_REMOTE_PASSWORD = "rahasia-aplikasi"
    yield fake
    fake.stop()


@pytest.fixture
def final_secretariat(personas, sorong_agreements):
    _commission, secretariat = sorong_agreements
    return lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)


def test_both_parties_sign_through_the_service(service, final_secretariat, personas):
    services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="passphrase-tte")
    outcome = services.sign(
        agreement=final_secretariat, party=Party.SECOND, by=personas.ketua, passphrase="passphrase-tte"
    )
    assert outcome.complete
    assert [request["field"] for request in service.requests] == ["PihakPertama", "PihakKedua"]
    assert service.requests[0]["nama"] == "Marthen Kambu"
    assert service.requests[0]["url"].endswith(f"/v/{final_secretariat.document_code.code}/")
    assert {s.backend for s in ElectronicSignature.objects.filter(agreement=final_secretariat)} == {"remote"}
    final_secretariat.refresh_from_db()
    assert final_secretariat.status == Status.SIGNED


def test_the_services_refusals_reach_the_user_and_nothing_is_stored(service, final_secretariat, personas, settings):
    with pytest.raises(SigningError, match="Layanan TTE menolak: Passphrase salah"):
        services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="keliru")
    with pytest.raises(SigningError, match="Isi passphrase"):
        services.sign(agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="")
    settings.TTE_REMOTE_PASSWORD = "bukan-kredensialnya"
    with pytest.raises(SigningError, match="Kredensial aplikasi salah"):
        services.sign(
            agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="passphrase-tte"
        )
    settings.TTE_REMOTE_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(SigningError, match="tidak dapat dihubungi"):
        services.sign(
            agreement=final_secretariat, party=Party.FIRST, by=personas.sekretaris, passphrase="passphrase-tte"
        )
    assert not ElectronicSignature.objects.exists()
    final_secretariat.refresh_from_db()
    assert final_secretariat.status == Status.FINAL
