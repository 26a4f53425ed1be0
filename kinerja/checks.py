"""System checks of the deployment that Django's own checks do not know about.

`manage.py check` runs them (and so do `migrate` and `runserver`); `manage.py
check --deploy` runs them too. They are registered when the settings are read
(kinerja/settings.py imports this module), so they hold for every command.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

SITE_URL_HINT = (
    "Set SITE_URL to the address users and printed QR codes reach the application at, "
    "e.g. SITE_URL=https://kinerja.kpu.go.id."
)


def site_url_problem(url: str) -> str:
    """Why `url` cannot be the public address of the application, or "".

    Verification links and QR codes printed on every PK, and links in e-mails,
    are built from SITE_URL; a loopback address there sends every reader of a
    printed PK to their own computer."""
    if not url:
        return "SITE_URL is not set"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITE_URL {url!r} is not an http(s) address with a host name"
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return f"SITE_URL {url!r} points to this machine"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if address.is_loopback or address.is_unspecified:
        return f"SITE_URL {url!r} points to this machine"
    return ""


def _site_url_errors() -> list[Error]:
    problem = site_url_problem(getattr(settings, "SITE_URL", ""))
    if not problem:
        return []
    return [
        Error(f"{problem}: verification links and QR codes would lead nowhere.", hint=SITE_URL_HINT, id="kinerja.E001")
    ]


@register(Tags.security)
def site_url_in_production(app_configs, **kwargs) -> list[Error]:
    """In production mode every command refuses a missing or loopback SITE_URL."""
    return _site_url_errors() if settings.PRODUCTION else []


@register(Tags.security, deploy=True)
def site_url_for_deployment(app_configs, **kwargs) -> list[Error]:
    """`check --deploy` refuses it too when the secure settings are given one by one."""
    return [] if settings.PRODUCTION else _site_url_errors()
