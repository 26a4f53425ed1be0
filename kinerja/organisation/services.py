"""Changes to the organisation that touch several rows."""

import csv
import dataclasses
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

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


def organisation_specs(data_dir: Path = DATA_DIR) -> list[UnitSpec]:
    """Every unit of the KPU organisation, built from the data files in `data_dir`."""
    specs: list[UnitSpec] = []
    for index, row in enumerate(_read_csv(data_dir / "central_units.csv")):
        specs.append(
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
        )

    provinces = {row["code"]: row["name"] for row in _read_csv(data_dir / "provinces.csv")}
    for code, name in provinces.items():
        full, short = _commission(code)
        # Aceh's provincial commission is plainly "KIP Aceh".
        label = name if code == "11" else _province_label(name)
        commission_name, commission_short = f"{full} {label}", f"{short} {label}"
        province_key = f"kpu-{code}"
        zone = timezones.zone_for_region(code)
        specs.append(
            UnitSpec(
                code=province_key,
                kind=UnitKind.PROVINCE,
                name=commission_name,
                short_name=commission_short,
                head_title=f"Ketua {commission_short}",
                parent_code="kpu",
                province_code=province_key,
                region_code=code,
                region_name=name,
                time_zone=zone,
                place="",
                sort_key=f"{code}-0",
            )
        )
        specs.append(
            UnitSpec(
                code=f"sekretariat-{code}",
                kind=UnitKind.PROVINCE_SECRETARIAT,
                name=f"Sekretariat {commission_name}",
                short_name=f"Sekretariat {commission_short}",
                head_title=f"Sekretaris {commission_short}",
                parent_code=province_key,
                province_code=province_key,
                region_code=code,
                region_name=name,
                time_zone=zone,
                place="",
                sort_key=f"{code}-1",
            )
        )

    for row in _read_csv(data_dir / "regencies.csv"):
        code, name = row["code"], row["name"]
        full, short = _commission(code)
        commission_name, commission_short = f"{full} {name}", f"{short} {name}"
        province_key = f"kpu-{row['province_code']}"
        zone = timezones.zone_for_region(code)
        specs.append(
            UnitSpec(
                code=f"kpu-{code}",
                kind=UnitKind.REGENCY,
                name=commission_name,
                short_name=commission_short,
                head_title=f"Ketua {commission_short}",
                parent_code=province_key,
                province_code=province_key,
                region_code=code,
                region_name=name,
                time_zone=zone,
                place=_place_of(name),
                sort_key=f"{code}-0",
            )
        )
        specs.append(
            UnitSpec(
                code=f"sekretariat-{code}",
                kind=UnitKind.REGENCY_SECRETARIAT,
                name=f"Sekretariat {commission_name}",
                short_name=f"Sekretariat {commission_short}",
                head_title=f"Sekretaris {commission_short}",
                parent_code=f"kpu-{code}",
                province_code=province_key,
                region_code=code,
                region_name=name,
                time_zone=zone,
                place=_place_of(name),
                sort_key=f"{code}-1",
            )
        )
    return specs


@transaction.atomic
def organisation_load(*, data_dir: Path = DATA_DIR) -> LoadResult:
    """Create or update every unit of the organisation and its head position.

    Idempotent: a unit is found by its stable `code`, so a second run changes
    nothing, and a run after the data files changed updates names in place
    without touching officials, users or agreements. A place typed by an admin
    is kept when the data files have none.
    """
    specs = organisation_specs(data_dir)
    existing = {unit.code: unit for unit in Unit.objects.all()}
    heads = {position.unit_id: position for position in Position.objects.filter(is_head=True)}
    result = LoadResult()

    fields = ("kind", "name", "short_name", "region_code", "region_name", "time_zone", "sort_key")
    # Parents always come before their children in `specs`.
    for spec in specs:
        unit = existing.get(spec.code)
        parent = existing[spec.parent_code] if spec.parent_code else None
        province = existing.get(spec.province_code) if spec.province_code else None
        if unit is None:
            unit = Unit(code=spec.code)
            existing[spec.code] = unit
            created = True
        else:
            created = False
        changed = created
        for field in fields:
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

        head = heads.get(unit.pk)
        if head is None:
            Position.objects.create(unit=unit, title=spec.head_title, is_head=True)
            changed = True
        elif head.title != spec.head_title:
            head.title = spec.head_title
            head.save(update_fields=["title"])
            changed = True

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
        raise ValueError(f"Unit {unit} belum memiliki jabatan pimpinan.")
    person, _ = Person.objects.get_or_create(name=name, nip=nip)
    appointment, _ = Appointment.objects.get_or_create(
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
    user, _ = user_model.objects.get_or_create(username=username)
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
