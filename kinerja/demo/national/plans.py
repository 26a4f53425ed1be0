"""The plans of the national data set: IKU down the cascade and a DIPA for every
unit, from which each unit's agreement is then drawn up."""

import datetime
import random

from kinerja.organisation.models import Unit, UnitKind
from kinerja.planning.models import Dipa, DipaAllocation, IkuItem, IkuSet, Program


def iku_create(units: list[Unit], year: int, rng: random.Random) -> None:
    """IKU sets down the cascade: every province from KPU's, every kab/kota from its province's."""
    national = IkuSet.objects.get(unit__kind=UnitKind.KPU, year=year)
    national_items = {item.indicator_id: item for item in national.items.all()}
    existing = set(IkuSet.objects.filter(year=year).values_list("unit_id", flat=True))
    review = datetime.date(year, 7, 1)
    for kind, codes in ((UnitKind.PROVINCE, None), (UnitKind.REGENCY, ["KPU.IKU.03", "KPU.IKU.04", "KPU.IKU.05"])):
        targets_units = [u for u in units if u.kind == kind and u.pk not in existing]
        IkuSet.objects.bulk_create(
            [
                IkuSet(unit=u, year=year, review_due=review + datetime.timedelta(days=rng.randint(0, 365)))
                for u in targets_units
            ],
            batch_size=500,
        )
        sets = {s.unit_id: s for s in IkuSet.objects.filter(unit__in=targets_units, year=year)}
        parents = {
            s.unit_id: {item.indicator_id: item for item in s.items.all()}
            for s in IkuSet.objects.filter(unit__in={u.parent_id for u in targets_units}, year=year).prefetch_related(
                "items"
            )
        }
        items = []
        for unit in targets_units:
            source_items = parents.get(unit.parent_id, national_items) if kind == UnitKind.REGENCY else national_items
            chosen = [i for i in source_items.values() if codes is None or i.indicator.code in codes]
            for order, source in enumerate(sorted(chosen, key=lambda i: i.order), start=1):
                items.append(
                    IkuItem(
                        iku_set=sets[unit.pk],
                        order=order,
                        goal=source.goal,
                        indicator_id=source.indicator_id,
                        source=source,
                        target_value=source.target_value,
                        target_upper=source.target_upper,
                        target_grade=source.target_grade,
                    )
                )
        IkuItem.objects.bulk_create(items, batch_size=1000)


def dipas_create(units: list[Unit], year: int, rng: random.Random) -> None:
    """A ratified DIPA with two program allocations for every unit that has none for `year`."""
    programs = {p.code: p for p in Program.objects.all()}
    existing = set(Dipa.objects.filter(year=year).values_list("unit_id", flat=True))
    new = [
        Dipa(
            unit=unit,
            year=year,
            number=f"SP DIPA-076.01.{rng.randint(1, 2)}.{unit.region_code or '00'}/{year}",
            ratified_on=datetime.date(year - 1, 12, 1) + datetime.timedelta(days=rng.randint(0, 45)),
        )
        for unit in units
        if unit.pk not in existing
    ]
    Dipa.objects.bulk_create(new, batch_size=500)
    dipas = {d.unit_id: d for d in Dipa.objects.filter(unit__in=units, year=year)}
    allocations = []
    for dipa in dipas.values():
        if dipa.unit_id in existing:
            continue
        allocations.append(
            DipaAllocation(dipa=dipa, program=programs["076.01.CQ"], amount=rng.randint(2, 40) * 250_000_000)
        )
        allocations.append(
            DipaAllocation(dipa=dipa, program=programs["076.01.WA"], amount=rng.randint(4, 20) * 125_000_000)
        )
    DipaAllocation.objects.bulk_create(allocations, batch_size=1000)
