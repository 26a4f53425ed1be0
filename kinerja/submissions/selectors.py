"""The compliance picture: for each unit, whether its PK is in, on time, and where.

A fixed number of queries whatever the number of units: the units and the
agreements of the year are read once each and counted in Python.
"""

import dataclasses
import datetime
import io

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kinerja.agreements.access import may_move
from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, Status, StatusChange
from kinerja.agreements.selectors import with_replacement
from kinerja.lib.cache import cached
from kinerja.lib.deadlines import DeadlineState, deadline_state
from kinerja.lib.sheets import append_row
from kinerja.organisation.models import CENTRAL_KINDS, REGENCY_KINDS, Unit, UnitKind
from kinerja.submissions.access import acts_for_kpu, acts_for_province
from kinerja.submissions.models import (
    Channel,
    CompilationPackage,
    Form,
    HardcopyArchive,
    HardcopyRequest,
    PrintJob,
    Recipient,
)

# A kabupaten/kota's agreement that has gone past the province's compilation.
COMPILED_STATUSES = SUBMITTED_STATUSES - {Status.SUBMITTED}


@dataclasses.dataclass
class Tally:
    """Counts for a group of units."""

    label: str
    unit_id: int | None = None
    region_code: str = ""
    units: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    missing: int = 0
    compiled: int = 0
    received: int = 0
    drafts: int = 0

    def add(self, state: DeadlineState, status: str | None, is_regency: bool) -> None:
        self.units += 1
        if state == DeadlineState.ON_TIME:
            self.on_time += 1
        elif state == DeadlineState.LATE:
            self.late += 1
        elif state == DeadlineState.MISSING:
            self.missing += 1
        else:
            self.pending += 1
        if status in SUBMITTED_STATUSES:
            self.submitted += 1
        if status == Status.RECEIVED:
            self.received += 1
        if status in COMPILED_STATUSES and is_regency:
            self.compiled += 1
        if status not in SUBMITTED_STATUSES:
            self.drafts += 1

    @property
    def percent_in(self) -> int:
        return round(100 * (self.on_time + self.late) / self.units) if self.units else 0

    def share(self, count: int) -> float:
        """Percentage of units, for the bar chart."""
        return round(100 * count / self.units, 1) if self.units else 0.0

    @property
    def share_on_time(self) -> float:
        return self.share(self.on_time)

    @property
    def share_late(self) -> float:
        return self.share(self.late)

    @property
    def share_missing(self) -> float:
        return self.share(self.missing)

    @property
    def share_pending(self) -> float:
        return self.share(self.pending)


@dataclasses.dataclass
class UnitLine:
    unit: Unit
    agreement: Agreement | None
    state: DeadlineState
    days: int
    hardcopy: str


def _agreements_by_unit(year: int, units) -> tuple[dict[int, Agreement], dict[int, Agreement]]:
    """(latest version, first version) of each unit's agreement for `year`; a PK brought in as history
    is no part of a year's compliance (it was handed in before Kinerja, on paper)."""
    latest: dict[int, Agreement] = {}
    first: dict[int, Agreement] = {}
    queryset = Agreement.objects.filter(year=year, is_history=False).only(
        "id", "unit_id", "version", "status", "submitted_at", "days_late", "signed_on", "year"
    )
    if units is not None:
        queryset = queryset.filter(unit__in=units)
    for agreement in queryset.order_by("unit_id", "version"):
        first.setdefault(agreement.unit_id, agreement)
        latest[agreement.unit_id] = agreement
    return latest, first


def _state(first: Agreement | None, year: int, zone: str, now: datetime.datetime) -> tuple[DeadlineState, int]:
    # Compliance is judged on the first version of the year: a later PK
    # Perubahan is a change, not a late submission.
    return deadline_state(first.submitted_at if first else None, year, zone, now)


_YEAR_PARTS = (
    "(SELECT MAX(id) FROM {agreements} WHERE year = %(year)s)",
    "(SELECT COUNT(*) FROM {agreements} WHERE year = %(year)s)",
    "(SELECT SUM(change_count) FROM {agreements} WHERE year = %(year)s)",
    "(SELECT MAX(s.id) FROM {moves} s JOIN {agreements} a ON a.id = s.agreement_id WHERE a.year = %(year)s)",
    "(SELECT COUNT(*) FROM {moves} s JOIN {agreements} a ON a.id = s.agreement_id WHERE a.year = %(year)s)",
)
_ARCHIVES = (
    "FROM {archives} h JOIN {agreements} a ON a.id = h.agreement_id "
    "JOIN {units} u ON u.id = a.unit_id WHERE a.year = %(year)s AND u.province_id = %(province)s"
)
_PROVINCE_PARTS = ("(SELECT COUNT(*) " + _ARCHIVES + ")", "(SELECT MAX(h.recorded_at) " + _ARCHIVES + ")")


def _fingerprint_row(year: int, province: Unit | None = None) -> tuple:
    """In one query: max(id), count and the sum of change counts of the year's
    agreements; max(id) and count of their status changes; and, for a province,
    the count and latest time of its hardcopy locations. Rows added or removed
    change a max or a count; edits in place (the signing date, say) raise an
    agreement's change count; a location is updated in place, so its time
    tells the change."""
    parts = _YEAR_PARTS + (_PROVINCE_PARTS if province is not None else ())
    tables = {
        "agreements": Agreement._meta.db_table,
        "moves": StatusChange._meta.db_table,
        "archives": HardcopyArchive._meta.db_table,
        "units": Unit._meta.db_table,
    }
    # Only table names of our own models are put into the text; the values are parameters.
    sql = "SELECT " + ", ".join(part.format(**tables) for part in parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": year, "province": province.pk if province else None})
        return cursor.fetchone()


def compliance_version(year: int) -> str:
    """A fingerprint of everything the compliance figures of `year` depend on."""
    return ":".join(str(value) for value in _fingerprint_row(year))


def national_compliance(year: int, now: datetime.datetime) -> tuple[Tally, list[Tally]]:
    """National totals and one tally per province, cached until an agreement of the year changes.

    The figures also depend on the hour (a unit becomes "missing" at the
    deadline), so the hour is part of the key.
    """
    return cached(f"national-compliance:{year}", national_version(year, now), lambda: _national_compliance(year, now))


def national_version(year: int, now: datetime.datetime) -> str:
    return f"{compliance_version(year)}:{now:%Y%m%d%H}"


def _national_compliance(year: int, now: datetime.datetime) -> tuple[Tally, list[Tally]]:
    units = list(Unit.objects.values("id", "kind", "province_id", "time_zone"))
    provinces = {
        p["id"]: Tally(label=p["region_name"], unit_id=p["id"], region_code=p["region_code"])
        for p in Unit.objects.filter(kind=UnitKind.PROVINCE).values("id", "region_name", "region_code")
    }
    # Lazy: the figures are cached once for readers of either language.
    central = Tally(label=gettext_lazy("KPU, Setjen dan Eselon II"))
    total = Tally(label=gettext_lazy("Nasional"))
    latest, first = _agreements_by_unit(year, None)
    for unit in units:
        state, _days = _state(first.get(unit["id"]), year, unit["time_zone"], now)
        status = latest[unit["id"]].status if unit["id"] in latest else None
        is_regency = unit["kind"] in REGENCY_KINDS  # a row of values(), not a Unit: no is_regency
        group = provinces.get(unit["province_id"], central)
        group.add(state, status, is_regency)
        total.add(state, status, is_regency)
    return total, [central, *sorted(provinces.values(), key=lambda tally: tally.region_code)]


def province_compliance(
    province: Unit, year: int, now: datetime.datetime, version: str | None = None
) -> tuple[Tally, list[UnitLine]]:
    """One province: its totals and a line per unit, with the hardcopy location.

    Cached like the national figures; a hardcopy location recorded also makes a
    new key. `version`: province_version(), when the caller has it already.
    """
    return cached(
        f"province-compliance:{province.pk}:{year}",
        version or province_version(province, year, now),
        lambda: _province_compliance(province, year, now),
    )


def province_version(province: Unit, year: int, now: datetime.datetime) -> str:
    """A fingerprint of everything a province's compliance page shows."""
    row = ":".join(str(value) for value in _fingerprint_row(year, province))
    return f"{row}/{now:%Y%m%d%H}/{province.name}"


def _province_compliance(province: Unit, year: int, now: datetime.datetime) -> tuple[Tally, list[UnitLine]]:
    units = list(Unit.objects.filter(province=province).order_by("sort_key"))
    latest, first = _agreements_by_unit(year, units)
    archives = dict(
        HardcopyArchive.objects.filter(agreement__unit__in=units, agreement__year=year).values_list(
            "agreement__unit_id", "location"
        )
    )
    total = Tally(label=province.region_name, unit_id=province.pk, region_code=province.region_code)
    lines = []
    for unit in units:
        state, days = _state(first.get(unit.pk), year, unit.time_zone, now)
        agreement = latest.get(unit.pk)
        total.add(state, agreement.status if agreement else None, unit.is_regency)
        lines.append(
            UnitLine(unit=unit, agreement=agreement, state=state, days=days, hardcopy=archives.get(unit.pk, ""))
        )
    return total, lines


def central_lines(year: int, now: datetime.datetime) -> list[UnitLine]:
    units = list(Unit.objects.filter(kind__in=CENTRAL_KINDS).order_by("sort_key"))
    latest, first = _agreements_by_unit(year, units)
    lines = []
    for unit in units:
        state, days = _state(first.get(unit.pk), year, unit.time_zone, now)
        lines.append(UnitLine(unit=unit, agreement=latest.get(unit.pk), state=state, days=days, hardcopy=""))
    return lines


def compilable(province: Unit, year: int) -> QuerySet[Agreement]:
    """The current agreements of a province's kabupaten/kota waiting for compilation: never a
    version a PK Perubahan replaced."""
    return (
        Agreement.objects.filter(
            unit__province=province,
            unit__kind__in=REGENCY_KINDS,
            year=year,
            status=Status.SUBMITTED,
            revised_by__isnull=True,
        )
        .select_related("unit")
        .order_by("unit__sort_key")
    )


def forwarded_packages(year: int) -> QuerySet[CompilationPackage]:
    """The provinces' packages of `year` sent to KPU, the oldest waiting first."""
    return (
        CompilationPackage.objects.filter(year=year, forwarded_at__isnull=False)
        .select_related("province")
        .order_by("received_at", "forwarded_at")
    )


def province_packages(province: Unit, year: int) -> QuerySet[CompilationPackage]:
    return CompilationPackage.objects.filter(province=province, year=year).annotate(agreement_count=Count("agreements"))


def package_agreements(package: CompilationPackage) -> QuerySet[Agreement]:
    return with_replacement(package.agreements.select_related("unit").order_by("unit__sort_key"))


def hardcopy_requests(year: int, province: Unit | None = None) -> QuerySet[HardcopyRequest]:
    """KPU's requests for the paper copies of `year`'s agreements (of one province's units if given)."""
    requests = HardcopyRequest.objects.filter(agreement__year=year).select_related("agreement__unit")
    return requests if province is None else requests.filter(agreement__unit__province=province)


def hardcopy_of(agreement: Agreement) -> HardcopyArchive | None:
    return HardcopyArchive.objects.filter(agreement=agreement).first()


def routing_panel(agreement: Agreement, user) -> dict | None:
    """The agreement page's "routing" panel: where a submitted PK went, and the forms to record it.

    Nothing before submission. A central unit's PK shows its sendings to the
    ministries; a region's its hardcopy archive and KPU's requests for it.
    """
    if agreement.status not in SUBMITTED_STATUSES:
        return None
    return {
        "sendings": agreement.sendings.all(),
        "hardcopy": hardcopy_of(agreement),
        "requests": agreement.hardcopy_requests.all(),
        "recipients": Recipient.choices,
        "channels": Channel.choices,
        "forms": Form.choices,
        "is_central": acts_for_kpu(user),
        "is_province_verifier": acts_for_province(user, agreement.unit.province_id),
    }


def compile_panel(agreement: Agreement, user) -> dict | None:
    """The agreement page's pointer to the province's compilation page, for whoever may compile it now."""
    if Status.COMPILED not in agreement.next_statuses() or not may_move(user, agreement, Status.COMPILED):
        return None
    return {"province_id": agreement.unit.province_id, "year": agreement.year}


def print_jobs(national: bool, provinces: list[Unit]) -> QuerySet[PrintJob]:
    """The jobs a user follows: all of them nationally, else those of their provinces."""
    jobs = PrintJob.objects.all() if national else PrintJob.objects.filter(province__in=provinces)
    return jobs.select_related("province", "created_by")


def national_compliance_xlsx(year: int, now: datetime.datetime) -> bytes:
    """The national compliance table as a workbook: one row per group of units, then the total."""
    total, rows = national_compliance(year, now)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Kepatuhan %(year)s") % {"year": year}
    sheet.append(
        [
            _("Wilayah"),
            _("Unit"),
            _("Disampaikan"),
            _("Tepat waktu"),
            _("Terlambat"),
            _("Belum (lewat batas)"),
            _("Belum (masih waktu)"),
            _("Dikompilasi"),
            _("Diterima KPU"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for tally in [*rows, total]:
        figures = [tally.units, tally.submitted, tally.on_time, tally.late, tally.missing, tally.pending]
        append_row(sheet, [str(tally.label), *figures, tally.compiled, tally.received])
    sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
