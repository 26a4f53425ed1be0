import shutil

import pytest
from django.core.management import call_command

from kinerja.lib import timezones
from kinerja.organisation.models import Appointment, Person, Position, Unit, UnitKind
from kinerja.organisation.services import DATA_DIR, organisation_load

pytestmark = pytest.mark.django_db


def test_the_whole_organisation_is_loaded_with_official_counts(loaded_db):
    """38 provinces, 514 kabupaten/kota (416 kabupaten + 98 kota), each with a secretariat."""
    by_kind = {kind: Unit.objects.filter(kind=kind).count() for kind in UnitKind.values}
    assert by_kind[UnitKind.KPU] == 1
    assert by_kind[UnitKind.SETJEN] == 1
    assert by_kind[UnitKind.BUREAU] >= 2
    assert by_kind[UnitKind.PROVINCE] == 38
    assert by_kind[UnitKind.PROVINCE_SECRETARIAT] == 38
    assert by_kind[UnitKind.REGENCY] == 514
    assert by_kind[UnitKind.REGENCY_SECRETARIAT] == 514
    regencies = Unit.objects.filter(kind=UnitKind.REGENCY)
    assert regencies.filter(region_name__startswith="Kabupaten").count() == 416
    assert regencies.filter(region_name__startswith="Kota").count() == 98
    assert Unit.objects.filter(kind=UnitKind.BUREAU, name="Inspektorat").exists()
    assert Unit.objects.filter(kind=UnitKind.BUREAU, name="Biro Perencanaan dan Organisasi").exists()


def test_every_unit_has_kind_parent_region_code_time_zone_and_head_position(loaded_db):
    assert not Unit.objects.exclude(kind=UnitKind.KPU).filter(parent__isnull=True).exists()
    regional = Unit.objects.exclude(kind__in=[UnitKind.KPU, UnitKind.SETJEN, UnitKind.BUREAU])
    assert not regional.filter(region_code="").exists()
    assert not regional.filter(province__isnull=True).exists()
    assert Position.objects.filter(is_head=True).count() == Unit.objects.count()


def test_kota_sorong_is_in_papua_barat_daya_in_eastern_time(loaded_db):
    sorong = Unit.objects.get(name="Komisi Pemilihan Umum Kota Sorong")
    assert sorong.kind == UnitKind.REGENCY
    assert sorong.region_code == "96.71"
    assert sorong.time_zone == timezones.WIT
    assert sorong.place == "Sorong"
    assert sorong.parent.name == "Komisi Pemilihan Umum Provinsi Papua Barat Daya"
    assert sorong.province == sorong.parent
    assert sorong.head_position().title == "Ketua KPU Kota Sorong"
    secretariat = Unit.objects.get(parent=sorong)
    assert secretariat.name == "Sekretariat Komisi Pemilihan Umum Kota Sorong"
    assert secretariat.head_position().title == "Sekretaris KPU Kota Sorong"


def test_aceh_bodies_are_called_kip(loaded_db):
    aceh_besar = Unit.objects.get(name="Komisi Independen Pemilihan Kabupaten Aceh Besar")
    assert aceh_besar.short_name == "KIP Kabupaten Aceh Besar"
    assert aceh_besar.is_aceh
    assert aceh_besar.parent.name == "Komisi Independen Pemilihan Aceh"
    assert aceh_besar.head_position().title == "Ketua KIP Kabupaten Aceh Besar"
    assert Unit.objects.filter(name="Sekretariat Komisi Independen Pemilihan Aceh").exists()
    assert not Unit.objects.filter(region_code__startswith="11", name__contains="Komisi Pemilihan Umum").exists()


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Komisi Pemilihan Umum Kota Denpasar", timezones.WITA),
        ("Komisi Pemilihan Umum Kota Makassar", timezones.WITA),
        ("Komisi Pemilihan Umum Kota Gorontalo", timezones.WITA),
        ("Komisi Pemilihan Umum Kota Balikpapan", timezones.WITA),
        ("Komisi Pemilihan Umum Kota Pontianak", timezones.WIB),
        ("Komisi Pemilihan Umum Kota Ambon", timezones.WIT),
        ("Komisi Pemilihan Umum Kota Jayapura", timezones.WIT),
        ("Komisi Independen Pemilihan Kota Banda Aceh", timezones.WIB),
    ],
)
def test_each_unit_carries_the_time_zone_of_its_province(loaded_db, name, zone):
    assert Unit.objects.get(name=name).time_zone == zone


def test_a_second_load_changes_nothing(loaded_db):
    """Running load_organisation again is a no-op: nothing duplicated, officials kept."""
    before = (Unit.objects.count(), Position.objects.count(), Appointment.objects.count(), Person.objects.count())
    result = organisation_load()
    assert result.created == 0
    assert result.updated == 0
    assert result.unchanged == before[0]
    after = (Unit.objects.count(), Position.objects.count(), Appointment.objects.count(), Person.objects.count())
    assert after == before


def test_the_command_reports_what_it_did(loaded_db, capsys):
    call_command("load_organisation")
    out = capsys.readouterr().out
    assert "0 unit dibuat" in out
    assert "tidak berubah" in out


def test_a_renamed_region_is_updated_in_place(loaded_db, tmp_path):
    """When the data source renames a region, the unit keeps its id, officials and place."""
    for name in ("provinces.csv", "regencies.csv", "central_units.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    regencies = tmp_path / "regencies.csv"
    regencies.write_text(regencies.read_text().replace("96.71,96,Kota Sorong", "96.71,96,Kota Sorong Baru"))
    sorong = Unit.objects.get(code="kpu-96.71")
    appointments = Appointment.objects.filter(position__unit=sorong).count()

    result = organisation_load(data_dir=tmp_path)

    assert result.created == 0
    assert result.updated == 2  # the commission and its secretariat
    renamed = Unit.objects.get(pk=sorong.pk)
    assert renamed.name == "Komisi Pemilihan Umum Kota Sorong Baru"
    assert renamed.head_position().title == "Ketua KPU Kota Sorong Baru"
    assert renamed.place == "Sorong"
    assert Appointment.objects.filter(position__unit=sorong).count() == appointments
