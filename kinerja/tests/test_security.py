"""Hardening: production settings, security headers, sessions, passwords and stored files.

Login throttling and lock-out (five wrong passwords) are shown in
kinerja/organisation/tests/test_login.py, and here behind the TLS proxy; CSRF on
every URL and form in test_access_matrix.py.
"""

import datetime
import json
import os
import re
import secrets
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.checks import Tags, run_checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from kinerja.checks import site_url_problem
from kinerja.demo.loader import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable

# The environment of a production server (README, "Deploying"), in its long form
# and through the one switch DJANGO_ENV=production.
PRODUCTION_LONG = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "kinerja.kpu.go.id",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_TLS_PROXY": "true",
    "SITE_URL": "https://kinerja.kpu.go.id",
}
PRODUCTION_SHORT = {
    "DJANGO_ENV": "production",
    "ALLOWED_HOSTS": "kinerja.kpu.go.id",
    "SITE_URL": "https://kinerja.kpu.go.id",
}
SETTING_VARIABLES = {
    "DJANGO_ENV",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "TRUSTED_PROXY_COUNT",
    "SITE_URL",
    # `make test` sets it for the browser tests; a deployment must not (check --deploy says so).
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(args: list[str], **variables) -> subprocess.CompletedProcess:
    """Run Python in the project with the settings' variables exactly as given (the rest of the environment kept)."""
    env = {name: value for name, value in os.environ.items() if name not in SETTING_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="kinerja.settings", **variables)
    return subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def a_secret_key() -> str:
    return secrets.token_urlsafe(50)


# Production settings ------------------------------------------------------------


@pytest.mark.parametrize("production", [PRODUCTION_LONG, PRODUCTION_SHORT], ids=["long", "DJANGO_ENV"])
def test_check_deploy_finds_nothing_with_the_production_settings(production):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=a_secret_key(), **production
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_flags_the_development_key():
    result = run_python(["manage.py", "check", "--deploy"], **{**PRODUCTION_LONG})
    assert "security.W009" in result.stdout + result.stderr


def test_production_mode_turns_every_secure_default_on():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(["
        "s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.BEHIND_TLS_PROXY,"
        "s.FILE_UPLOAD_PERMISSIONS, s.FILE_UPLOAD_DIRECTORY_PERMISSIONS]))"
    )
    result = run_python(["-c", script], SECRET_KEY=a_secret_key(), **PRODUCTION_SHORT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        False,
        True,
        True,
        True,
        31536000,
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        0o640,
        0o750,
    ]


def test_the_production_web_server_refuses_to_start_without_its_public_address():
    """gunicorn runs no system checks, so the WSGI module itself refuses a loopback SITE_URL."""
    secret = a_secret_key()
    refused = run_python(
        ["-c", "import kinerja.wsgi"], **{**PRODUCTION_SHORT, "SITE_URL": "http://127.0.0.1:8000"}, SECRET_KEY=secret
    )
    assert refused.returncode != 0
    assert "points to this machine" in refused.stderr
    served = run_python(["-c", "import kinerja.wsgi"], **PRODUCTION_SHORT, SECRET_KEY=secret)
    assert served.returncode == 0, served.stderr


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_python(["manage.py", "check"], **PRODUCTION_SHORT)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_the_web_server_refuses_the_development_key_when_debug_is_off():
    refused = run_python(["-c", "import kinerja.wsgi"])
    assert refused.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is the development key" in refused.stderr
    # `make run` serves with DEBUG on; a deployment brings its own key.
    assert run_python(["-c", "import kinerja.wsgi"], DEBUG="true").returncode == 0
    assert run_python(["-c", "import kinerja.wsgi"], SECRET_KEY=a_secret_key()).returncode == 0


# The public address ------------------------------------------------------------------


def kinerja_errors(**options) -> list[str]:
    """The ids of the project's own check messages (Django's depend on the test settings)."""
    return [message.id for message in run_checks(tags=[Tags.security], **options) if message.id.startswith("kinerja.")]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://127.0.0.1:8000",
        "http://localhost:8000/",
        "http://[::1]/",
        "http://0.0.0.0:8000",
        "kinerja.kpu.go.id",
    ],
)
def test_a_missing_or_loopback_site_url_is_refused(url):
    assert site_url_problem(url)
    with override_settings(SITE_URL=url, PRODUCTION=True):
        assert kinerja_errors() == ["kinerja.E001"]
    # In development `make run` serves on loopback: only `check --deploy` refuses it there.
    with override_settings(SITE_URL=url, PRODUCTION=False):
        assert kinerja_errors() == []
        assert kinerja_errors(include_deployment_checks=True) == ["kinerja.E001"]


@pytest.mark.parametrize("url", ["https://kinerja.kpu.go.id", "https://10.1.2.3:8443/kinerja/", "http://kinerja.local"])
def test_a_real_site_url_passes(url):
    assert site_url_problem(url) == ""
    with override_settings(SITE_URL=url, PRODUCTION=True):
        assert kinerja_errors(include_deployment_checks=True) == []


def test_production_mode_refuses_to_run_commands_without_site_url():
    production = {**PRODUCTION_SHORT, "SECRET_KEY": a_secret_key()}
    del production["SITE_URL"]
    unset = run_python(["manage.py", "check"], **production)
    assert unset.returncode != 0
    assert "kinerja.E001" in unset.stderr and "SITE_URL is not set" in unset.stderr
    loopback = run_python(
        ["manage.py", "check", "--deploy"], **{**PRODUCTION_LONG, "SITE_URL": "http://127.0.0.1:8000"}
    )
    assert loopback.returncode != 0
    assert "kinerja.E001" in loopback.stderr and "points to this machine" in loopback.stderr


# Demo data -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["load_demo", "generate_national"])
def test_demo_commands_refuse_to_run_in_production(command, tmp_path):
    """Their users carry the public demo password: in production they stop before touching the database."""
    database = tmp_path / "empty.sqlite3"
    result = run_python(
        ["manage.py", command],
        SECRET_KEY=a_secret_key(),
        DATABASE_URL=f"sqlite:///{database}",
        **PRODUCTION_SHORT,
    )
    assert result.returncode != 0
    assert f"CommandError: {command} tidak dijalankan pada DJANGO_ENV=production" in result.stderr
    assert "Tidak ada data yang dibuat." in result.stderr
    assert not database.exists() or not sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall()


@pytest.mark.parametrize(
    ("command", "loader"), [("load_demo", "demo_load"), ("generate_national", "generate_national")]
)
def test_in_production_the_demo_loaders_are_never_called(command, loader, monkeypatch, loaded_db):
    def refuse(**kwargs):
        raise AssertionError(f"{loader} ran in production")

    monkeypatch.setattr(f"kinerja.demo.management.commands.{command}.{loader}", refuse)
    users = get_user_model().objects.count()
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="Tidak ada data yang dibuat"):
        call_command(command)
    assert get_user_model().objects.count() == users


# Headers -------------------------------------------------------------------------


def test_every_page_carries_the_security_headers(client, loaded_db):
    response = client.get(reverse("login"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    expected = {name: " ".join(sources) for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}
    assert policy == expected
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # Plain HTTP in development: no HSTS.
    assert "Strict-Transport-Security" not in response


def test_downloads_carry_nosniff_but_no_page_policy(client_for, personas, demo_story):
    """A PDF is left to the browser's viewer (a page policy would block it) and is never sniffed as HTML."""
    commission = demo_story[0]
    scan = commission.current_scan()
    response = client_for(personas.operator).get(reverse("agreements:scan_download", args=[commission.pk, scan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response


PRODUCTION_TLS = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


@override_settings(**PRODUCTION_TLS)
def test_behind_the_tls_proxy_pages_carry_hsts_and_plain_http_is_redirected(loaded_db):
    client = Client()
    over_tls = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert over_tls.status_code == 200
    assert over_tls["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert over_tls.cookies["csrftoken"]["secure"] is True

    plain = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/masuk/"


TEMPLATE_DIRS = [ROOT / "kinerja" / "templates", *sorted((ROOT / "kinerja").glob("*/templates"))]
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)


def test_no_template_has_inline_script_style_or_event_handler():
    """The page policy allows none: behaviour and computed sizes go through kinerja.js and data attributes."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for folder in TEMPLATE_DIRS
        for path in sorted(folder.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    ]
    assert not found, "\n".join(found)


# Sessions ------------------------------------------------------------------------


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, personas):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.post(reverse("login"), {"username": "operator.sorong", "password": DEMO_PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    # A browser-session cookie: no lifetime of its own, gone when the browser closes.
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + datetime.timedelta(hours=8)
    assert abs(session.expire_date - expected) < datetime.timedelta(minutes=1)


def test_an_expired_session_goes_back_to_the_login_page(client, personas):
    client.post(reverse("login"), {"username": "operator.sorong", "password": DEMO_PASSWORD})
    assert client.get(reverse("agreements:list")).status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("agreements:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('agreements:list')}"


# Passwords -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "weak",
    ["kinerja", "1234567890123", "password123", "operator.sorong"],
    ids=["short", "numeric", "common", "like-the-username"],
)
def test_django_validators_refuse_a_weak_password(personas, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=personas.operator)


def test_a_user_changes_their_password_only_to_a_strong_one(client_for, personas):
    client = client_for(personas.operator)
    url = reverse("password_change")
    page = client.get(url)
    assert page.status_code == 200
    assert "Ubah kata sandi" in page.content.decode()

    weak = client.post(url, {"old_password": DEMO_PASSWORD, "new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert weak.context["form"].errors["new_password2"]
    personas.operator.refresh_from_db()
    assert personas.operator.check_password(DEMO_PASSWORD)

    strong = "Laporan-Kinerja-Sorong-2024!"
    done = client.post(url, {"old_password": DEMO_PASSWORD, "new_password1": strong, "new_password2": strong})
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    personas.operator.refresh_from_db()
    assert personas.operator.check_password(strong)
    # The session goes on with the new password.
    assert client.get(reverse("password_change_done")).status_code == 200


def test_the_old_password_is_required_to_change_it(client_for, personas):
    strong = "Laporan-Kinerja-Sorong-2024!"
    response = client_for(personas.operator).post(
        reverse("password_change"), {"old_password": "salah", "new_password1": strong, "new_password2": strong}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]


# Stored files ----------------------------------------------------------------------


def test_stored_files_have_no_public_path(client_for, personas, demo_story):
    """A scan is reached only through the access-checked view: its storage path answers 404 to everyone."""
    commission = demo_story[0]
    scan = commission.current_scan()
    assert Path(scan.file.path).is_file()
    clients = {"anonymous": Client(), **{name: client_for(getattr(personas, name)) for name in ("operator", "admin")}}
    for who, client in clients.items():
        for path in (f"/media/{scan.file.name}", f"/{scan.file.name}", f"/static/../media/{scan.file.name}"):
            assert client.get(path).status_code == 404, (who, path)

    download = reverse("agreements:scan_download", args=[commission.pk, scan.pk])
    response = client_for(personas.operator).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(scan.file.path).read_bytes()
    assert client_for(personas.outsider).get(download).status_code == 404


def mode(path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_stored_files_are_readable_by_the_application_only(demo_story):
    """Scans, signed documents and packages are 0640 and their folders 0750, whatever the umask."""
    scan = demo_story[0].current_scan()
    assert mode(scan.file.path) == 0o640
    assert mode(Path(scan.file.path).parent) == 0o750
    previous = os.umask(0o022)
    try:
        name = default_storage.save("uji-izin/baru/berkas.pdf", ContentFile(b"%PDF-1.7"))
    finally:
        os.umask(previous)
    try:
        assert mode(default_storage.path(name)) == 0o640
        assert mode(Path(default_storage.path(name)).parent) == 0o750
    finally:
        default_storage.delete(name)


def test_the_file_store_is_outside_every_static_folder():
    media = Path(settings.MEDIA_ROOT).resolve()
    for folder in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        folder = Path(folder).resolve()
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media), folder
    assert getattr(settings, "WHITENOISE_ROOT", None) is None


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "https://evil.example/", "/\\evil.example/"])
def test_a_form_sends_back_to_this_site_only(client_for, personas, demo_story, elsewhere):
    """The hardcopy form's `next` may name a page of the site, never another site."""
    commission = demo_story[0]
    client = client_for(personas.province_verifier)
    url = reverse("submissions:hardcopy", args=[commission.pk])
    response = client.post(url, {"location": "Rak 2", "next": elsewhere})
    assert response.status_code == 302
    assert response["Location"] == commission.get_absolute_url()
    inside = client.post(url, {"location": "Rak 2", "next": "/pemantauan/"})
    assert inside["Location"] == "/pemantauan/"


# Login lock-out behind the proxy -----------------------------------------------------------


def sign_in(address: str, password: str, *, claimed: str = "192.0.2.99"):
    """A sign-in of the Sorong operator through the proxy (10.0.0.2), which appends the
    client's `address` to the X-Forwarded-For the client sent (`claimed`)."""
    return Client().post(
        reverse("login"),
        {"username": "operator.sorong", "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"{claimed}, {address}",
    )


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_wrong_passwords_lock_out_only_their_own_address(personas):
    """Every request comes from the proxy (10.0.0.2): a stranger's five wrong passwords
    lock the user out at the stranger's address only, and the office still signs in."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("203.0.113.7", "salah")
    assert sign_in("203.0.113.7", DEMO_PASSWORD).status_code == 429
    assert sign_in("198.51.100.20", DEMO_PASSWORD).status_code == 302
    # What the client writes in the header itself, left of the proxy's entry, is not believed.
    assert sign_in("203.0.113.7", DEMO_PASSWORD, claimed="198.51.100.20").status_code == 429


def test_without_the_proxy_the_forwarded_header_is_not_believed(personas):
    """Anyone may send X-Forwarded-For: without BEHIND_TLS_PROXY the address is the connection's."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in("203.0.113.7", "salah")
    assert sign_in("198.51.100.20", DEMO_PASSWORD).status_code == 429
