"""Who signs for unit U on date D, and who is the atasan langsung, for every unit kind."""

import datetime

import pytest

from kinerja.organisation.models import Acting, UnitKind
from kinerja.organisation.selectors import signatory_for, superior_for, superior_unit_for
from kinerja.organisation.services import appointment_create

pytestmark = pytest.mark.django_db

D = datetime.date(2024, 3, 6)
START = datetime.date(2023, 1, 2)


@pytest.fixture
def officials(units):
    """A head for every unit kind on the Sorong and national lines."""
    appointment_create(unit=units["kpu"], name="Ketua KPU", starts_on=START)
    appointment_create(unit=units["setjen"], name="Sekjen KPU", starts_on=START)
    appointment_create(unit=units["inspektorat"], name="Inspektur KPU", starts_on=START)
    appointment_create(unit=units["biro-perencanaan-dan-organisasi"], name="Karo Perencanaan", starts_on=START)
    appointment_create(unit=units["kpu-96"], name="Ketua KPU PBD", starts_on=START)
    appointment_create(unit=units["sekretariat-96"], name="Sekretaris KPU PBD", starts_on=START)
    # Kota Sorong and its secretariat come from the demo data.
    return units


@pytest.mark.parametrize(
    ("code", "kind", "signer", "superior"),
    [
        ("kpu", UnitKind.KPU, "Ketua KPU", None),
        ("setjen", UnitKind.SETJEN, "Sekjen KPU", "Ketua KPU"),
        ("inspektorat", UnitKind.BUREAU, "Inspektur KPU", "Sekjen KPU"),
        ("biro-perencanaan-dan-organisasi", UnitKind.BUREAU, "Karo Perencanaan", "Sekjen KPU"),
        ("kpu-96", UnitKind.PROVINCE, "Ketua KPU PBD", None),
        ("sekretariat-96", UnitKind.PROVINCE_SECRETARIAT, "Sekretaris KPU PBD", "Ketua KPU PBD"),
        ("kpu-96.71", UnitKind.REGENCY, "Balthasar Berth Kambuaya", None),
        ("sekretariat-96.71", UnitKind.REGENCY_SECRETARIAT, "Marthen Kambu", "Balthasar Berth Kambuaya"),
    ],
)
def test_signatory_and_superior_follow_the_guideline_for_each_unit_kind(officials, code, kind, signer, superior):
    unit = officials[code]
    assert unit.kind == kind
    assert signatory_for(unit=unit, on=D).person.name == signer
    found = superior_for(unit=unit, on=D)
    assert (found.person.name if found else None) == superior
    assert (superior_unit_for(unit) is None) == (superior is None)


def test_nobody_signs_before_the_term_or_after_it_ends(units):
    unit = units["kpu-96.01"]
    appointment_create(
        unit=unit, name="Ketua Lama", starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2023, 12, 31)
    )
    assert signatory_for(unit=unit, on=datetime.date(2018, 12, 31)) is None
    assert signatory_for(unit=unit, on=datetime.date(2023, 12, 31)).person.name == "Ketua Lama"
    assert signatory_for(unit=unit, on=datetime.date(2024, 1, 1)) is None


def test_a_successor_signs_from_the_day_the_term_starts(units):
    unit = units["kpu-96.01"]
    appointment_create(
        unit=unit, name="Ketua Lama", starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2024, 2, 29)
    )
    appointment_create(unit=unit, name="Ketua Baru", starts_on=datetime.date(2024, 3, 1))
    assert signatory_for(unit=unit, on=datetime.date(2024, 2, 29)).person.name == "Ketua Lama"
    assert signatory_for(unit=unit, on=datetime.date(2024, 3, 1)).person.name == "Ketua Baru"


def test_a_plh_signs_while_standing_in_and_is_shown_as_plh(units):
    """A Plh named for a holder's leave signs during the leave; the holder before and after."""
    secretariat = units["sekretariat-96.71"]
    plh = appointment_create(
        unit=secretariat,
        name="Pejabat Pengganti",
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 3, 10),
        acting=Acting.PLH,
    )
    assert signatory_for(unit=secretariat, on=datetime.date(2024, 2, 29)).person.name == "Marthen Kambu"
    during = signatory_for(unit=secretariat, on=D)
    assert during == plh
    assert during.display_title == "Plh. Sekretaris KPU Kota Sorong"
    assert signatory_for(unit=secretariat, on=datetime.date(2024, 3, 11)).person.name == "Marthen Kambu"


def test_a_plt_ketua_is_the_atasan_langsung_of_the_secretary(units):
    appointment_create(
        unit=units["kpu-96.71"], name="Ketua Sementara", starts_on=datetime.date(2024, 3, 1), acting=Acting.PLT
    )
    superior = superior_for(unit=units["sekretariat-96.71"], on=D)
    assert superior.person.name == "Ketua Sementara"
    assert superior.display_title == "Plt. Ketua KPU Kota Sorong"


def test_no_superior_recorded_gives_none_not_an_error(units):
    assert superior_for(unit=units["sekretariat-11.06"], on=D) is None
    assert signatory_for(unit=units["sekretariat-11.06"], on=D) is None


def test_recording_the_same_appointment_twice_keeps_one(units):
    first = appointment_create(unit=units["kpu-96.01"], name="Ketua X", starts_on=START)
    second = appointment_create(unit=units["kpu-96.01"], name="Ketua X", starts_on=START)
    assert first.pk == second.pk
