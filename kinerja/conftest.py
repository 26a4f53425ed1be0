"""Shared test fixtures: the whole KPU organisation and the demo personas.

The organisation (1,116 units) and the demo data are loaded once per test
session; each test runs in a transaction that is rolled back. Tests that need a
real server (browser tests) run in transactional mode, where the database is
emptied after each test, so they load the data again through `loaded_db`.

The personas (STYLE.md): Alice-like roles for Kinerja —
- `operator`: operator of KPU Kota Sorong and its Sekretariat,
- `ketua`: Ketua KPU Kota Sorong (pimpinan),
- `province_verifier`: verifier of KPU Provinsi Papua Barat Daya,
- `central_verifier`: verifier at Biro Perencanaan dan Organisasi,
- `outsider`: operator of KPU Kabupaten Sorong, who should have no access to
  Kota Sorong's units,
- `admin`: the master-data admin;
and three more that only the tests know (`TEST_PERSONAS`), to show that a role
in some unit is not a pass to everything near it:
- `province_member`: operator of KPU Provinsi Papua Barat Daya, a member of the
  province who is not its verifier,
- `central_operator`: operator of Biro Perencanaan dan Organisasi, a central
  unit's operator who is not a central verifier,
- `other_ketua`: Ketua KPU Kabupaten Sorong, the pimpinan of another unit.
"""

import dataclasses
import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, SignedScan
from kinerja.demo.agreements import agreements_demo_load
from kinerja.demo.loader import demo_load, sorong_seed
from kinerja.demo.scans import scan_of
from kinerja.documents.builder import build_document
from kinerja.documents.models import DocumentCode, IssuedDocument
from kinerja.documents.render import render
from kinerja.monitoring.models import Evaluation, Realisation
from kinerja.organisation.models import Membership, Role, Unit
from kinerja.organisation.services import organisation_load
from kinerja.signatures.models import ElectronicSignature
from kinerja.submissions.models import CompilationPackage, HardcopyArchive, HardcopyRequest, Sending

# (username, full name, unit code, role): the personas the demo does not have.
TEST_PERSONAS = (
    ("operator.pbd", "Operator KPU Provinsi Papua Barat Daya", "kpu-96", Role.OPERATOR),
    ("operator.biro", "Operator Biro Perencanaan", "biro-perencanaan-dan-organisasi", Role.OPERATOR),
    ("ketua.kabsorong", "Ketua KPU Kabupaten Sorong", "kpu-96.01", Role.LEADER),
)


def _test_personas_load() -> None:
    """The test-only personas, without a password: tests sign them in with force_login."""
    user_model = get_user_model()
    for username, full_name, code, role in TEST_PERSONAS:
        first, _, last = full_name.partition(" ")
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, unit=Unit.objects.get(code=code), role=role)


def _load_everything() -> None:
    organisation_load()
    demo_load()
    _test_personas_load()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    # On SQLite the test database is a file of this test session, not Django's
    # shared in-memory database: there, two connections lock each other out at
    # once ("database table is locked") instead of waiting, and WAL is not
    # available, so the concurrency tests would not test what runs in production.
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    # Uploaded and generated files (scans, packages) go to a folder of the test
    # session, never into the project's media folder.
    # The same for the test certificate authority of electronic signatures.
    media = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")), TTE_CA_DIR=str(tmp_path_factory.mktemp("tte-ca"))
    )
    media.enable()
    with django_db_blocker.unblock():
        _load_everything()
    yield
    media.disable()


@pytest.fixture
def loaded_db(request):
    """The organisation and demo data, also in transactional tests."""
    if request.node.get_closest_marker("django_db") and request.node.get_closest_marker("django_db").kwargs.get(
        "transaction"
    ):
        request.getfixturevalue("transactional_db")
        _load_everything()
    else:
        request.getfixturevalue("db")


@dataclasses.dataclass
class Personas:
    operator: object
    ketua: object
    sekretaris: object
    province_verifier: object
    central_verifier: object
    outsider: object
    admin: object
    province_member: object
    central_operator: object
    other_ketua: object


@pytest.fixture
def personas(loaded_db) -> Personas:
    users = {user.username: user for user in get_user_model().objects.all()}
    return Personas(
        operator=users["operator.sorong"],
        ketua=users["ketua.sorong"],
        sekretaris=users["sekretaris.sorong"],
        province_verifier=users["verifikator.pbd"],
        central_verifier=users["verifikator.pusat"],
        outsider=users["operator.kabsorong"],
        admin=users["admin"],
        province_member=users["operator.pbd"],
        central_operator=users["operator.biro"],
        other_ketua=users["ketua.kabsorong"],
    )


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client signed in as `user`."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def units(loaded_db):
    """Units by code, for the handful of units the tests talk about."""

    class ByCode:
        def __getitem__(self, code: str) -> Unit:
            return Unit.objects.get(code=code)

    return ByCode()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}: install Debian's chromium (see .ci/run).")
    return path


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Debian's Chromium driven by Playwright; Playwright's own browser download is never used."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, loaded_db):
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    """`login(username)`: sign in through the login form with the demo password."""
    from kinerja.demo.loader import DEMO_PASSWORD

    def sign_in(username: str):
        page.goto("/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/masuk/" not in url)
        return page

    return sign_in


def make_pdf(pages: int = 1, *, password: str | None = None) -> bytes:
    """A small real PDF, optionally encrypted, for upload tests."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def scan_for(agreement, *, seed: int = 0, pages: list[int] | None = None, realistic: bool = False) -> bytes:
    """A scan of the signed paper of `agreement` as it stands: its print, rasterised, turned a little,
    as an image-only PDF (kinerja.demo.scans). Black and white by default (quick); `realistic`:
    greyscale with noise, as the scan tests use. `seed` makes different scans of the same paper."""
    agreement = Agreement.objects.get(pk=agreement.pk)
    pdf = render(build_document(agreement), "pdf")
    if realistic:
        return scan_of(pdf, seed=seed, pages=pages, rotation=0.8, noise=0.07)
    return scan_of(pdf, seed=seed, pages=pages, bitonal=True, rotation=0.4, noise=0)


def race(*actions) -> list:
    """Run `actions` at the same moment, each in its own thread with its own database connection.

    A barrier releases the threads together, so that they reach the database at
    once, as the two requests of a double click do. Returns what each action
    returned or raised, in order. Only for transactional tests
    (`django_db(transaction=True)`): a thread sees committed data only.
    """
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index: int, action) -> None:
        try:
            barrier.wait(timeout=60)
            outcomes[index] = action()
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racing request did not finish"
    return outcomes


# Kota Sorong's agreements ------------------------------------------------------

SORONG_UNITS = ["kpu-96.71", "sekretariat-96.71"]


def delete_sorong_agreements() -> None:
    """Remove Kota Sorong's agreements and everything that hangs on them (test set-up only)."""
    agreements = Agreement.objects.filter(unit__code__in=SORONG_UNITS)
    for model in (
        HardcopyArchive,
        HardcopyRequest,
        Sending,
        SignedScan,
        Evaluation,
        ElectronicSignature,
        IssuedDocument,
        DocumentCode,
    ):
        model.objects.filter(agreement__in=agreements).delete()
    Realisation.objects.filter(row__section__agreement__in=agreements).delete()
    CompilationPackage.objects.filter(agreements__in=agreements).delete()
    # Newest versions first: a revision protects the version it replaces.
    for agreement in agreements.order_by("-version"):
        Agreement.objects.filter(pk=agreement.pk).delete()


@pytest.fixture
def no_sorong_agreements(units):
    """Kota Sorong without agreements, to draft them anew."""
    delete_sorong_agreements()


@pytest.fixture
def sorong_agreements(no_sorong_agreements):
    """The two seed agreements of Kota Sorong 2024 as drafts: (commission, secretariat)."""
    commission, secretariat = agreements_demo_load(sorong_seed(), with_story=False)
    return commission, secretariat


@pytest.fixture
def both_submitted(personas):
    """Kota Sorong's commission and secretariat PKs, submitted to the province with scans of their final prints."""
    delete_sorong_agreements()
    agreements = agreements_demo_load(sorong_seed(), with_story=False)
    for agreement in agreements:
        lifecycle.agreement_finalise(agreement=agreement, by=personas.operator)
        lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=personas.operator)
        lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
    return [Agreement.objects.get(pk=a.pk) for a in agreements]


@pytest.fixture
def demo_story(units):
    """The demo agreements as `load_demo` leaves them: commission received, secretariat submitted."""
    return (
        Agreement.objects.get(unit=units["kpu-96.71"], year=2024),
        Agreement.objects.get(unit=units["sekretariat-96.71"], year=2024),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test may leave the same fingerprint behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Indonesian): a request in English
    leaves English active in its thread (LocaleMiddleware does not switch back), and
    with the catalogue complete every message would then come out in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
