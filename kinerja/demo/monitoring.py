"""Demo realisation of Kota Sorong's 2024 agreements: mixed achievements, one
grade, one indicator never reported, and the Ketua's evaluation."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from kinerja.agreements.models import Agreement, Row
from kinerja.lib.timezones import WIT
from kinerja.monitoring.models import Realisation, Recommendation
from kinerja.monitoring.services import evaluation_record, realisation_record

# Reported in the second week after each quarter, Sorong time.
REPORTED_ON = {1: "2024-04-08", 2: "2024-07-08", 3: "2024-10-07", 4: "2025-01-08"}
# Fractions of the target reached by the end of each quarter, cycled over the rows:
# most rows reach their target, some fall short (50–90%), one exceeds it.
PATTERNS = [
    (Decimal("0.25"), Decimal("0.5"), Decimal("0.75"), Decimal("1")),
    (Decimal("0.5"), Decimal("0.5"), Decimal("0.75"), Decimal("0.9")),
    (Decimal("0"), Decimal("0.25"), Decimal("0.5"), Decimal("0.5")),
    (Decimal("0.5"), Decimal("1"), Decimal("1"), Decimal("1.2")),
]
# The once-a-year indicators of section 9: released in the fourth quarter.
ANNUAL = {"KPU.IKU.03": "B", "KPU.IKU.04": "WDP", "KPU.IKU.05": "27"}


def _at(quarter: int) -> datetime.datetime:
    return datetime.datetime.fromisoformat(f"{REPORTED_ON[quarter]}T10:00:00").replace(tzinfo=ZoneInfo(WIT))


def _value(row: Row, fraction: Decimal) -> str:
    try:
        target = Decimal(row.target.replace(",", "."))
    except ArithmeticError:
        target = Decimal(1)
    return f"{(target * fraction).normalize():f}".replace(".", ",")


@transaction.atomic
def monitoring_demo_load() -> None:
    """Record the realisation once; a second run finds it there and does nothing."""
    agreements = list(Agreement.objects.filter(unit__code__in=["kpu-96.71", "sekretariat-96.71"], year=2024))
    if not agreements or Realisation.objects.filter(row__section__agreement__in=agreements).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["operator.sorong", "ketua.sorong"])}
    operator, ketua = users["operator.sorong"], users["ketua.sorong"]
    for agreement in agreements:
        # The secretariat has reported two quarters so far; the commission all four.
        quarters = (1, 2, 3, 4) if agreement.unit.code == "kpu-96.71" else (1, 2)
        rows = list(
            Row.objects.filter(section__agreement=agreement)
            .select_related("indicator")
            .order_by("section__order", "order")
        )
        for index, row in enumerate(rows):
            if index == 4:
                continue  # one indicator never reported: "belum diukur"
            code = row.indicator.code if row.indicator else ""
            if code in ANNUAL:
                if 4 in quarters:
                    realisation_record(
                        row=row, quarter=4, value_text=ANNUAL[code], by=operator, now=_at(4), note="Rilis tahunan"
                    )
                continue
            pattern = PATTERNS[index % len(PATTERNS)]
            for quarter in quarters:
                realisation_record(
                    row=row,
                    quarter=quarter,
                    value_text=_value(row, pattern[quarter - 1]),
                    by=operator,
                    now=_at(quarter),
                    link="https://kota-sorong.kpu.go.id/" if quarter == 1 else "",
                )
        if agreement.unit.code == "sekretariat-96.71":
            evaluation_record(
                agreement=agreement,
                quarter=2,
                assessment="Sebagian besar kegiatan tahapan berjalan sesuai jadwal; pembentukan badan adhoc "
                "dan logistik perlu dipercepat.",
                follow_up="Rapat koordinasi mingguan dengan sekretariat sampai akhir triwulan III.",
                recommendation=Recommendation.COACHING,
                by=ketua,
            )
