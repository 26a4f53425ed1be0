"""The people of the national data set: the head of every unit, and the users who
take the agreements along the pipeline (an operator per unit, a verifier per
province, one central verifier)."""

import dataclasses
import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from kinerja.demo.loader import CENTRAL_PLANNING, DEMO_PASSWORD
from kinerja.demo.national.vocabulary import person_name
from kinerja.organisation.models import Acting, Appointment, Membership, Person, Position, Role, Unit, UnitKind

CENTRAL_VERIFIER = "ver.pusat"


@dataclasses.dataclass(frozen=True)
class Actors:
    """Who clicks: the operator of each unit, the verifier of each province, and KPU's verifier."""

    operators: dict[int, object]  # unit id -> user
    province_verifiers: dict[int, object]  # province unit id -> user
    central_verifier: object


def _nip(unit: Unit, rng: random.Random) -> str:
    """A civil servant's number for a secretariat's or bureau's head; commissioners have none."""
    if unit.is_commission:
        return ""
    return (
        f"19{rng.randint(60, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"20{rng.randint(0, 19):02d}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
    )


def officials_create(units: list[Unit], year: int, rng: random.Random) -> None:
    """A head in office since the year before, for every unit whose head position nobody holds."""
    start = datetime.date(year - 1, 1, 2)
    positions = {p.unit_id: p for p in Position.objects.filter(is_head=True, unit__in=units)}
    held = set(Appointment.objects.filter(position__in=positions.values()).values_list("position__unit_id", flat=True))
    people, appointments = [], []
    for unit in units:
        if unit.pk in held:
            continue
        nip = _nip(unit, rng)
        person = Person(name=person_name(rng), nip=nip)
        people.append(person)
        acting = Acting.PLT if rng.random() < 0.03 else Acting.DEFINITIVE
        appointments.append((person, positions[unit.pk], acting))
    Person.objects.bulk_create(people, batch_size=500)
    Appointment.objects.bulk_create(
        [
            Appointment(person=person, position=position, starts_on=start, acting=acting)
            for person, position, acting in appointments
        ],
        batch_size=500,
    )


def _wanted(units: list[Unit]) -> dict[str, tuple[Unit, str]]:
    wanted = {f"op.{unit.code}": (unit, Role.OPERATOR) for unit in units}
    wanted.update(
        {f"ver.{unit.code}": (unit, Role.PROVINCE_VERIFIER) for unit in units if unit.kind == UnitKind.PROVINCE}
    )
    planning = next(unit for unit in units if unit.code == CENTRAL_PLANNING)
    wanted[CENTRAL_VERIFIER] = (planning, Role.CENTRAL_VERIFIER)
    return wanted


def users_create(units: list[Unit]) -> Actors:
    """One operator per unit, one verifier per province and one at KPU, all with the demo password."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 1,100 times would take minutes
    wanted = _wanted(units)
    existing = set(user_model.objects.filter(username__in=wanted).values_list("username", flat=True))
    user_model.objects.bulk_create(
        [user_model(username=name, password=password, first_name=name) for name in wanted if name not in existing],
        batch_size=500,
    )
    users = {u.username: u for u in user_model.objects.filter(username__in=wanted)}
    have = set(Membership.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(user=users[name], unit=unit, role=role)
            for name, (unit, role) in wanted.items()
            if users[name].pk not in have
        ],
        batch_size=500,
    )
    return Actors(
        operators={unit.pk: users[name] for name, (unit, role) in wanted.items() if role == Role.OPERATOR},
        province_verifiers={
            unit.pk: users[name] for name, (unit, role) in wanted.items() if role == Role.PROVINCE_VERIFIER
        },
        central_verifier=users[CENTRAL_VERIFIER],
    )
