"""The address a request comes from, as the login lock-out (django-axes) counts it."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind the TLS proxy the one the proxy saw.

    Behind the proxy every request arrives from the proxy's own address, so a
    lock-out by address would lock every user of the office at once. Each
    trusted proxy appends the address it received the request from to
    X-Forwarded-For, so the client is TRUSTED_PROXY_COUNT entries from the right;
    what stands further left was written by the client and is not believed.
    Without the proxy the header is ignored altogether: anyone can send it."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_TLS_PROXY:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    count = max(settings.TRUSTED_PROXY_COUNT, 1)
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
