"""The DIPA import: every (unit, year) of the file gets exactly the file's allocations."""

import dataclasses
import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.audit.models import Action
from kinerja.audit.services import diff, record_change
from kinerja.lib.i18n import rupiah
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, Dipa, DipaAllocation, Program
from kinerja.planning.spreadsheets import cells
from kinerja.planning.spreadsheets.cells import ImportRejected, ImportResult, RowError
from kinerja.planning.spreadsheets.layout import DIPA_COLUMNS, DIPA_SHEET


@dataclasses.dataclass
class _DipaPlan:
    """One DIPA of the file: its header and its allocations by (program id, activity id)."""

    unit: Unit
    year: int
    number: str
    ratified_on: datetime.date
    row: int  # the first row of this DIPA
    allocations: dict[tuple[int, int | None], tuple[int, Program, Activity | None, int]] = dataclasses.field(
        default_factory=dict
    )


def dipa_import(*, data: bytes, by, can_edit: Callable[[Unit], bool]) -> ImportResult:
    """Create or update the DIPA of every (unit, year) in the file and replace its allocations.

    `can_edit(unit)` says whether `by` may change that unit's plan. Raises
    ImportRejected, having saved nothing, if anything in the file is wrong.
    """
    rows = cells.read_rows(data, sheet=DIPA_SHEET, columns=DIPA_COLUMNS)
    plans = _dipa_plans(rows, cells.Context(can_edit))
    try:
        with transaction.atomic():
            for plan in plans:
                _dipa_save(plan, by=by)
    except (ProtectedError, RestrictedError) as error:
        raise cells.rejected(_("Pagu DIPA lama masih dirujuk data lain sehingga tidak dapat diganti.")) from error
    except IntegrityError as error:
        raise cells.rejected(
            _("Data berubah selama impor (mungkin oleh pengguna lain); silakan impor ulang.")
        ) from error
    return ImportResult(sets=len(plans), rows=sum(len(plan.allocations) for plan in plans))


@dataclasses.dataclass
class _DipaLine:
    """The cells of one row, read."""

    unit: Unit | None
    year: int | None
    number: str
    ratified_on: datetime.date | None
    program: Program | None
    activity: Activity | None
    amount: int | None


class _Catalogue:
    """Programs and activities by code, read once per file."""

    def __init__(self):
        self.programs = {program.code: program for program in Program.objects.all()}
        self.activities = {activity.code: activity for activity in Activity.objects.select_related("program")}
        self.number_length = Dipa._meta.get_field("number").max_length


def _dipa_plans(rows: list[cells.Row], context: cells.Context) -> list[_DipaPlan]:
    errors: list[RowError] = []
    catalogue = _Catalogue()
    plans: dict[tuple[int, int], _DipaPlan] = {}
    for row in rows:
        line = cells.Line(row, errors)
        read = _read_line(line, context, catalogue)
        if line.ok:
            _add_line(plans, line, read)
    if errors:
        raise ImportRejected(errors)
    return list(plans.values())


def _read_line(line: cells.Line, context: cells.Context, catalogue: _Catalogue) -> _DipaLine:
    unit = context.unit(line)
    year = line.get("Tahun", cells.year)
    number = line.get("Nomor DIPA", required=False, max_length=catalogue.number_length) or ""
    ratified_on = line.get("Tanggal Pengesahan", cells.date)
    program = activity = None
    program_code = line.get("Kode Program")
    if program_code is not None:
        program = catalogue.programs.get(program_code)
        if program is None:
            line.error(_("program “%(code)s” tidak dikenal.") % {"code": program_code})
    activity_code = line.get("Kode Kegiatan", required=False)
    if activity_code is not None:
        activity = catalogue.activities.get(activity_code)
        if activity is None:
            line.error(_("kegiatan “%(code)s” tidak dikenal.") % {"code": activity_code})
        elif program is not None and activity.program_id != program.pk:
            line.error(
                _(
                    "kegiatan “%(activity)s” bukan bagian dari program “%(program)s” "
                    "(kegiatan ini termasuk program “%(own_program)s”)."
                )
                % {"activity": activity.code, "program": program.code, "own_program": activity.program.code}
            )
    amount = line.get("Pagu (Rp)", cells.amount)
    return _DipaLine(unit, year, number, ratified_on, program, activity, amount)


def _add_line(plans: dict[tuple[int, int], _DipaPlan], line: cells.Line, read: _DipaLine) -> None:
    unit, year, program, activity = read.unit, read.year, read.program, read.activity
    plan = plans.get((unit.pk, year))
    if plan is None:
        plan = plans[(unit.pk, year)] = _DipaPlan(unit, year, read.number, read.ratified_on, line.number)
    elif (plan.number, plan.ratified_on) != (read.number, read.ratified_on):
        line.error(
            _(
                "Nomor DIPA/Tanggal Pengesahan berbeda dengan baris %(row)s untuk %(unit)s tahun %(year)s; "
                "satu DIPA hanya punya satu nomor dan tanggal."
            )
            % {"row": plan.row, "unit": unit.short_name, "year": year}
        )
        return
    key = (program.pk, activity.pk if activity else None)
    if key in plan.allocations:
        if activity:
            what = _("kegiatan %(code)s") % {"code": activity.code}
        else:
            what = _("program %(code)s (tingkat program)") % {"code": program.code}
        line.error(
            _("baris ganda: pagu %(what)s untuk %(unit)s tahun %(year)s sudah ada di baris %(row)s.")
            % {"what": what, "unit": unit.short_name, "year": year, "row": plan.allocations[key][0]}
        )
        return
    plan.allocations[key] = (line.number, program, activity, read.amount)


def _dipa_save(plan: _DipaPlan, *, by) -> Dipa:
    dipa = Dipa.objects.select_for_update().filter(unit=plan.unit, year=plan.year).first()
    created = dipa is None
    if created:
        dipa = Dipa(unit=plan.unit, year=plan.year, number=plan.number, ratified_on=plan.ratified_on)
        changes = {}
    else:
        changes = diff(dipa, {"number": plan.number, "ratified_on": plan.ratified_on})
        dipa.number, dipa.ratified_on = plan.number, plan.ratified_on
    dipa.full_clean()
    dipa.save()

    existing = {(allocation.program_id, allocation.activity_id): allocation for allocation in dipa.allocations.all()}
    old_total = sum(allocation.amount for allocation in existing.values())
    to_create, to_update = [], []
    for key, (_row, program, activity, amount) in plan.allocations.items():
        # Update in place rather than delete and recreate: an allocation keeps
        # its id for anything that refers to it.
        allocation = existing.pop(key, None)
        if allocation is None:
            to_create.append(DipaAllocation(dipa=dipa, program=program, activity=activity, amount=amount))
        elif allocation.amount != amount:
            allocation.amount = amount
            to_update.append(allocation)
    DipaAllocation.objects.filter(pk__in=[allocation.pk for allocation in existing.values()]).delete()
    DipaAllocation.objects.bulk_create(to_create)
    DipaAllocation.objects.bulk_update(to_update, ["amount"])

    new_total = sum(amount for _row, _program, _activity, amount in plan.allocations.values())
    if new_total != old_total:
        changes["total"] = [str(old_total), str(new_total)]
    params = {
        "unit": plan.unit.short_name,
        "year": plan.year,
        "count": len(plan.allocations),
        "total": rupiah(new_total),
    }
    if created:
        summary = gettext_noop("Impor DIPA %(unit)s %(year)s: %(count)s pagu, total %(total)s (DIPA baru)")
    else:
        summary = gettext_noop(
            "Impor DIPA %(unit)s %(year)s: %(count)s pagu, total %(total)s "
            "(%(created)s baru, %(updated)s diubah, %(deleted)s dihapus)"
        )
        params |= {"created": len(to_create), "updated": len(to_update), "deleted": len(existing)}
    record_change(
        obj=dipa, action=Action.IMPORT, summary=summary, params=params, by=by, unit=plan.unit, changes=changes
    )
    return dipa
