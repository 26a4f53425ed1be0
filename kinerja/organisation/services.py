"""Changes to the organisation that touch several rows."""

import csv
import dataclasses
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.lib import timezones
from kinerja.organisation.models import Acting, Appointment, Membership, Person, Position, Unit, UnitKind

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclasses.dataclass(frozen=True)
class UnitSpec:
    """What the organisation data says one unit should be."""

    code: str
    kind: str
    name: str
    short_name: str
    head_title: str
    parent_code: str | None
    province_code: str | None  # the `code` of the KPU Provinsi unit
    region_code: str
    region_name: str
    time_zone: str
    place: str
    sort_key: str


@dataclasses.dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _commission(region_code: str) -> tuple[str, str]:
    """Full and short name of the commission of a region: KIP in Aceh, KPU elsewhere."""
    if region_code[:2] == "11":
        return "Komisi Independen Pemilihan", "KIP"
    return "Komisi Pemilihan Umum", "KPU"


def _province_label(name: str) -> str:
    # "Daerah Istimewa Yogyakarta" and "Daerah Khusus ..." are not called "Provinsi".
    return name if name.startswith("Daerah ") else f"Provinsi {name}"


def _place_of(regency_name: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if regency_name.startswith(prefix):
            return regency_name[len(prefix) :]
    return regency_name


def _central_specs(data_dir: Path) -> list[UnitSpec]:
    """KPU, Setjen and the Eselon II units, all in Jakarta."""
    return [
        UnitSpec(
            code=row["code"],
            kind=row["kind"],
            name=row["name"],
            short_name=row["short_name"],
            head_title=row["head_title"],
            parent_code=row["parent"] or None,
            province_code=None,
            region_code="",
            region_name="",
            time_zone=timezones.WIB,
            place="Jakarta",
            sort_key=f"0-{index:03d}",
        )
        for index, row in enumerate(_read_csv(data_dir / "central_units.csv"))
    ]


def _regional_specs(
    *, code: str, name: str, label: str, kinds: tuple[str, str], parent_code: str, province_code: str, place: str
) -> list[UnitSpec]:
    """The commission of a region and its secretariat."""
    full, short = _commission(code)
    commission_name, commission_short = f"{full} {label}", f"{short} {label}"
    commission_code = f"kpu-{code}"
    common = {
        "province_code": province_code,
        "region_code": code,
        "region_name": name,
        "time_zone": timezones.zone_for_region(code),
        "place": place,
    }
    return [
        UnitSpec(
            code=commission_code,
            kind=kinds[0],
            name=commission_name,
            short_name=commission_short,
            head_title=f"Ketua {commission_short}",
            parent_code=parent_code,
            sort_key=f"{code}-0",
            **common,
        ),
        UnitSpec(
            code=f"sekretariat-{code}",
            kind=kinds[1],
            name=f"Sekretariat {commission_name}",
            short_name=f"Sekretariat {commission_short}",
            head_title=f"Sekretaris {commission_short}",
            parent_code=commission_code,
            sort_key=f"{code}-1",
            **common,
        ),
    ]


def organisation_specs(data_dir: Path = DATA_DIR) -> list[UnitSpec]:
    """Every unit of the KPU organisation, built from the data files in `data_dir`."""
    specs = _central_specs(data_dir)
    for row in _read_csv(data_dir / "provinces.csv"):
        code, name = row["code"], row["name"]
        specs += _regional_specs(
            code=code,
            name=name,
            # Aceh's provincial commission is plainly "KIP Aceh".
            label=name if code == "11" else _province_label(name),
            kinds=(UnitKind.PROVINCE, UnitKind.PROVINCE_SECRETARIAT),
            parent_code="kpu",
            province_code=f"kpu-{code}",
            place="",
        )
    for row in _read_csv(data_dir / "regencies.csv"):
        code, name = row["code"], row["name"]
        specs += _regional_specs(
            code=code,
            name=name,
            label=name,
            kinds=(UnitKind.REGENCY, UnitKind.REGENCY_SECRETARIAT),
            parent_code=f"kpu-{row['province_code']}",
            province_code=f"kpu-{row['province_code']}",
            place=_place_of(name),
        )
    return specs


SPEC_FIELDS = ("kind", "name", "short_name", "region_code", "region_name", "time_zone", "sort_key")


def _unit_apply(unit: Unit, spec: UnitSpec, parent: Unit | None, province: Unit | None) -> bool:
    """Bring `unit` in line with `spec` and save it if anything changed; return whether it did."""
    changed = unit.pk is None
    for field in SPEC_FIELDS:
        if getattr(unit, field) != getattr(spec, field):
            setattr(unit, field, getattr(spec, field))
            changed = True
    if spec.place and not unit.place:
        unit.place = spec.place
        changed = True
    if unit.parent_id != (parent.pk if parent else None):
        unit.parent = parent
        changed = True
    if province is not None and unit.province_id != province.pk:
        unit.province = province
        changed = True
    if changed:
        unit.save()
    if spec.province_code == spec.code and unit.province_id != unit.pk:
        # A KPU Provinsi belongs to its own province scope.
        unit.province = unit
        unit.save(update_fields=["province"])
    return changed


def _head_apply(unit: Unit, head: Position | None, title: str) -> bool:
    """Create or retitle the head position of `unit`; return whether anything changed."""
    if head is None:
        Position.objects.create(unit=unit, title=title, is_head=True)
        return True
    if head.title != title:
        head.title = title
        head.save(update_fields=["title"])
        return True
    return False


@transaction.atomic
def organisation_load(*, data_dir: Path = DATA_DIR) -> LoadResult:
    """Create or update every unit of the organisation and its head position.

    Idempotent: a unit is found by its stable `code`, so a second run changes
    nothing, and a run after the data files changed updates names in place
    without touching officials, users or agreements. A place typed by an admin
    is kept when the data files have none.
    """
    existing = {unit.code: unit for unit in Unit.objects.all()}
    heads = {position.unit_id: position for position in Position.objects.filter(is_head=True)}
    result = LoadResult()
    # Parents always come before their children in the specs.
    for spec in organisation_specs(data_dir):
        created = spec.code not in existing
        unit = existing.setdefault(spec.code, Unit(code=spec.code))
        parent = existing[spec.parent_code] if spec.parent_code else None
        province = existing.get(spec.province_code) if spec.province_code else None
        changed = _unit_apply(unit, spec, parent, province)
        changed = _head_apply(unit, heads.get(unit.pk), spec.head_title) or changed
        if created:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


@transaction.atomic
def appointment_create(
    *,
    unit: Unit,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    acting: str = Acting.DEFINITIVE,
    nip: str = "",
) -> Appointment:
    """Record that a person holds the head position of `unit` for a period.

    The person is found by name and NIP so that recording the same appointment
    twice does not create a second person or a second term.
    """
    position = unit.head_position()
    if position is None:
        raise ValueError(_("Unit %(unit)s belum memiliki jabatan pimpinan.") % {"unit": unit})
    person, _created = Person.objects.get_or_create(name=name, nip=nip)
    appointment, _created = Appointment.objects.get_or_create(
        person=person,
        position=position,
        starts_on=starts_on,
        defaults={"ends_on": ends_on, "acting": acting},
    )
    changed = False
    if appointment.ends_on != ends_on:
        appointment.ends_on = ends_on
        changed = True
    if appointment.acting != acting:
        appointment.acting = acting
        changed = True
    if changed:
        appointment.full_clean()
        appointment.save()
    return appointment


@transaction.atomic
def user_with_roles(*, username: str, password: str, full_name: str, roles: list[tuple[Unit, str]], **flags):
    """Create or update a user and give them exactly `roles` (unit, role)."""
    user_model = get_user_model()
    first, _, last = full_name.partition(" ")
    user, _created = user_model.objects.get_or_create(username=username)
    user.first_name, user.last_name = first, last
    for flag, value in flags.items():
        setattr(user, flag, value)
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    wanted = {(unit.pk, role) for unit, role in roles}
    current = {(m.unit_id, m.role): m for m in user.memberships.all()}
    for key, membership in current.items():
        if key not in wanted:
            membership.delete()
    for unit_id, role in wanted - current.keys():
        Membership.objects.create(user=user, unit_id=unit_id, role=role)
    return user
