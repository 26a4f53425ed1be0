"""Caching of aggregates under a key that changes whenever their data changes.

A dashboard over 1,100 units is a handful of aggregate queries and some
arithmetic; its result only changes when an agreement moves or a realisation is
recorded. The key carries a cheap fingerprint of that data (a few MAX/COUNT
queries on indexed columns), so a cached result is never stale: any change
makes a new key, and the old entry simply ages out. Works per process with the
default local-memory cache and across app servers with a shared cache.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

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
    key = f"kinerja:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
