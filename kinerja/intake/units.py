"""The unit a PK brought in belongs to, named as people name it: its code, its name or short name."""

from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.organisation.models import Unit


class UnitNotFound(LookupError):
    pass


def unit_named(name: str) -> Unit:
    """The one unit whose code, name or short name is `name` (case aside); UnitNotFound otherwise."""
    text = " ".join(name.split())
    units = list(Unit.objects.filter(Q(code__iexact=text) | Q(name__iexact=text))[:2])
    if not units:
        units = [
            unit
            for unit in Unit.objects.filter(name__icontains=text.split(" ")[-1])
            if unit.short_name.lower() == text.lower()
        ]
    if len(units) != 1:
        raise UnitNotFound(
            _("Unit “%(name)s” tidak ditemukan atau tidak tunggal; tulis kodenya, mis. kpu-96.71.") % {"name": name}
        )
    return units[0]
