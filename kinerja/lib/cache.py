"""Caching of aggregates under a key that changes whenever their data changes.

A dashboard over 1,100 units is a handful of aggregate queries and some
arithmetic; its result only changes when an agreement moves or a realisation is
recorded. The key carries a cheap fingerprint of that data (a few MAX/COUNT
queries on indexed columns), so a cached result is never stale: any change
makes a new key, and the old entry simply ages out. Works per process with the
default local-memory cache and across app servers with a shared cache.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

T = TypeVar("T")
TIMEOUT = 600


def fingerprint(*querysets: QuerySet) -> str:
    """`max(pk):count` of each queryset: changes whenever a row is added or removed."""
    parts = []
    for queryset in querysets:
        figures = queryset.aggregate(top=Max("pk"), n=Count("pk"))
        parts.append(f"{figures['top']}:{figures['n']}")
    return "/".join(parts)


def cached(name: str, version: str, compute: Callable[[], T]) -> T:
    # Hashed: a version may hold spaces and dates, which some cache backends refuse in keys.
    key = f"kinerja:{name}:{hashlib.sha256(version.encode()).hexdigest()[:32]}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def cached_fragment(name: str, version: str, template: str, context: Callable[[], dict]) -> SafeString:
    """A page fragment rendered once per data version and language.

    For the parts of a page that are the same for every reader (the national
    tables and charts): rendering 1,100 units' worth of rows costs more than the
    queries behind them. The fragment is rendered without the request, so it can
    hold nothing of one user (no CSRF token, no names); `context` is only called
    when the fragment is not in the cache.
    """
    html = cached(f"{name}:{get_language()}", version, lambda: render_to_string(template, context()))
    return mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
