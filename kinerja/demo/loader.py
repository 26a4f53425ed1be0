"""The demo data: KPU Kota Sorong 2024 from the guideline's examples, and one
user for each persona of the product.

Everything here is idempotent: `load_demo` may run any number of times.
"""

import dataclasses
import datetime
import json
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kinerja.demo.actionplans import actionplans_demo_load
from kinerja.demo.agreements import agreements_demo_load
from kinerja.demo.monitoring import monitoring_demo_load
from kinerja.demo.planning import planning_demo_load
from kinerja.organisation.models import Role, Unit
from kinerja.organisation.services import appointment_create, user_with_roles

DATA_DIR = Path(__file__).resolve().parent / "data"
DEMO_PASSWORD = "kinerja-demo-2024"

SORONG = "kpu-96.71"
SORONG_SECRETARIAT = "sekretariat-96.71"
PAPUA_BARAT_DAYA = "kpu-96"
CENTRAL_PLANNING = "biro-perencanaan-dan-organisasi"
OUTSIDER_UNIT = "kpu-96.01"  # KPU Kabupaten Sorong: a neighbour, not Kota Sorong
KPU = "kpu"


@dataclasses.dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    description: str  # source text (gettext_noop), translated where it is shown
    roles: tuple[tuple[str, str], ...]  # (unit code, role)
    staff: bool = False


PERSONAS = (
    Persona(
        "operator.sorong",
        "Operator KPU Kota Sorong",
        gettext_noop("operator KPU Kota Sorong dan Sekretariatnya"),
        ((SORONG, Role.OPERATOR), (SORONG_SECRETARIAT, Role.OPERATOR)),
    ),
    Persona(
        "ketua.sorong",
        "Balthasar Berth Kambuaya",
        gettext_noop("Ketua KPU Kota Sorong (pimpinan)"),
        ((SORONG, Role.LEADER),),
    ),
    Persona(
        "sekretaris.sorong",
        "Marthen Kambu",
        gettext_noop("Sekretaris KPU Kota Sorong (pimpinan)"),
        ((SORONG_SECRETARIAT, Role.LEADER),),
    ),
    Persona(
        "verifikator.pbd",
        "Verifikator KPU Provinsi Papua Barat Daya",
        gettext_noop("verifikator provinsi Papua Barat Daya"),
        ((PAPUA_BARAT_DAYA, Role.PROVINCE_VERIFIER),),
    ),
    Persona(
        "verifikator.pusat",
        "Verifikator Biro Perencanaan",
        gettext_noop("verifikator pusat (Biro Perencanaan dan Organisasi)"),
        ((CENTRAL_PLANNING, Role.CENTRAL_VERIFIER),),
    ),
    Persona(
        "operator.kabsorong",
        "Operator KPU Kabupaten Sorong",
        gettext_noop("orang luar: operator KPU Kabupaten Sorong"),
        ((OUTSIDER_UNIT, Role.OPERATOR),),
    ),
    Persona("admin", "Admin Kinerja", gettext_noop("admin data induk"), ((KPU, Role.ADMIN),), staff=True),
)


@cache
def sorong_seed() -> dict:
    """The structured reading of the guideline's two example agreements."""
    return json.loads((DATA_DIR / "kpu-kota-sorong-2024.json").read_text(encoding="utf-8"))


class OrganisationMissing(Exception):
    pass


@transaction.atomic
def demo_load() -> list[Persona]:
    """Load the Sorong officials and the demo users; return the personas."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in={c for p in PERSONAS for c, _ in p.roles})}
    if SORONG not in units:
        raise OrganisationMissing(_("Organisasi KPU belum dimuat. Jalankan dulu: manage.py load_organisation"))

    # The officials as they signed on 6 March 2024 (seed). Their real start
    # dates are not in the seed; the demo places them at the start of 2023.
    term_start = datetime.date(2023, 1, 2)
    ketua = appointment_create(unit=units[SORONG], name="Balthasar Berth Kambuaya", starts_on=term_start)
    sekretaris = appointment_create(unit=units[SORONG_SECRETARIAT], name="Marthen Kambu", starts_on=term_start)

    for persona in PERSONAS:
        user = user_with_roles(
            username=persona.username,
            password=DEMO_PASSWORD,
            full_name=persona.full_name,
            roles=[(units[code], role) for code, role in persona.roles],
            is_staff=persona.staff,
            is_superuser=persona.staff,
        )
        if persona.username == "ketua.sorong":
            ketua.person.user = user
            ketua.person.save(update_fields=["user"])
        elif persona.username == "sekretaris.sorong":
            sekretaris.person.user = user
            sekretaris.person.save(update_fields=["user"])

    planning_demo_load(sorong_seed())
    agreements_demo_load(sorong_seed())
    monitoring_demo_load()
    actionplans_demo_load()
    return list(PERSONAS)
