"""Which units are ready to draw up a year's PK, and what each still waits for.

A unit is ready when what its PK is drawn from is there: its IKU set by decree
(for the commissions, which have IKU: KPU, provinsi, kabupaten/kota), its RKT and
its DIPA with allocations. A commission's IKU derives from its parent's, so
while the parent's IKU of the year is not set the unit waits for it, and the
page names the parent and who sets its plan ("IKU KPU Provinsi Papua Barat Daya
2025 belum ditetapkan — verifikator.pbd"). Read in a few queries for any number
of units: the center reads all provinces, a province all its kab/kota.
"""

import dataclasses

from django.db.models import Count
from django.utils.translation import gettext as _

from kinerja.organisation.models import Unit, UnitKind
from kinerja.planning.models import Dipa, IkuSet, WorkPlan
from kinerja.planning.selectors import plan_keepers

IKU_KINDS = {UnitKind.KPU, UnitKind.PROVINCE, UnitKind.REGENCY}


@dataclasses.dataclass
class Readiness:
    unit: Unit
    year: int
    iku_set: IkuSet | None
    has_rkt: bool
    dipa: Dipa | None
    parent_set: IkuSet | None = None
    keepers: list[str] = dataclasses.field(default_factory=list)

    @property
    def needs_iku(self) -> bool:
        return self.unit.kind in IKU_KINDS

    @property
    def iku_ready(self) -> bool:
        return not self.needs_iku or (self.iku_set is not None and self.iku_set.decree_id is not None)

    @property
    def dipa_ready(self) -> bool:
        return self.dipa is not None and self.dipa.allocation_count > 0

    @property
    def ready(self) -> bool:
        return self.iku_ready and self.has_rkt and self.dipa_ready

    @property
    def waits_for_parent(self) -> bool:
        """Its IKU cannot be set yet: the parent commission's IKU of the year is not set by decree."""
        parent = self.unit.parent
        return (
            self.needs_iku
            and self.iku_set is None
            and parent is not None
            and parent.kind in IKU_KINDS
            and (self.parent_set is None or self.parent_set.decree_id is None)
        )

    @property
    def waiting_text(self) -> str:
        """`IKU KPU Provinsi Papua Barat Daya 2025 belum ditetapkan — verifikator.pbd`, or empty."""
        if not self.waits_for_parent:
            return ""
        return _("IKU %(parent)s %(year)s belum ditetapkan — %(who)s") % {
            "parent": self.unit.parent.short_name,
            "year": self.year,
            "who": ", ".join(self.keepers) or _("verifikator pusat"),
        }

    @property
    def missing(self) -> list[str]:
        """What is not there yet, in the order it is made."""
        missing = []
        if not self.iku_ready:
            missing.append(_("IKU belum ditetapkan") if self.iku_set else _("IKU belum ada"))
        if not self.has_rkt:
            missing.append(_("RKT belum ada"))
        if not self.dipa_ready:
            missing.append(_("DIPA belum ada"))
        return missing


def readiness(units: list[Unit], year: int) -> list[Readiness]:
    """The readiness of each of `units` for `year`, in their order."""
    ids = {unit.pk for unit in units}
    parent_ids = {unit.parent_id for unit in units if unit.parent_id}
    sets = {
        iku_set.unit_id: iku_set
        for iku_set in IkuSet.objects.filter(unit__in=ids | parent_ids, year=year).select_related("decree")
    }
    plans = set(WorkPlan.objects.filter(unit__in=ids, year=year).values_list("unit", flat=True))
    dipas = {
        dipa.unit_id: dipa
        for dipa in Dipa.objects.filter(unit__in=ids, year=year).annotate(allocation_count=Count("allocations"))
    }
    keepers: dict[int, list[str]] = {}
    result = []
    for unit in units:
        item = Readiness(unit, year, sets.get(unit.pk), unit.pk in plans, dipas.get(unit.pk))
        if unit.parent_id:
            item.parent_set = sets.get(unit.parent_id)
            if item.waits_for_parent:
                if unit.parent_id not in keepers:
                    keepers[unit.parent_id] = plan_keepers(unit.parent)
                item.keepers = keepers[unit.parent_id]
        result.append(item)
    return result


def national(year: int) -> Readiness | None:
    """KPU's own readiness for `year`: its IKU is the top of the cascade."""
    kpu = Unit.objects.filter(kind=UnitKind.KPU).first()
    return readiness([kpu], year)[0] if kpu else None


def province_overview(year: int) -> list[dict]:
    """For the center: each province's own readiness and how many of its kab/kota are ready."""
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE).select_related("parent").order_by("sort_key"))
    own = readiness(provinces, year)
    regencies = list(Unit.objects.filter(kind=UnitKind.REGENCY).select_related("parent").order_by("sort_key"))
    counts: dict[int, list[int]] = {}
    for item in readiness(regencies, year):
        ready, total = counts.setdefault(item.unit.province_id, [0, 0])
        counts[item.unit.province_id] = [ready + item.ready, total + 1]
    return [
        {
            "readiness": item,
            "regencies_ready": counts.get(item.unit.pk, [0, 0])[0],
            "regencies": counts.get(item.unit.pk, [0, 0])[1],
        }
        for item in own
    ]
