"""Reading small values from a query string, with a fallback for anything else."""

from collections.abc import Callable


def query_int(request, name: str, *, low: int, high: int, default: Callable[[], int]) -> int:
    """`?name=` as an integer within [low, high]; `default()` when missing, malformed or out of range."""
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default()
    return value if low <= value <= high else default()
