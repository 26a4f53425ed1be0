"""The cascade shows its order (issue #14): what each unit has for a year's PK, what it waits for
and from whom; the province sees its kab/kota, the center its provinces; the home page lists
the plans others wait for."""

import datetime

import pytest
from django.urls import reverse

from kinerja.demo.planning import next_year_demo_load
from kinerja.organisation.models import Unit, UnitKind
from kinerja.organisation.selectors import attention_groups
from kinerja.planning import rollover
from kinerja.planning.models import IkuSet
from kinerja.planning.readiness import province_overview, readiness

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 1, 10)


def plans_group(user) -> list[str]:
    groups = {group["key"]: group for group in attention_groups(user, TODAY)}
    group = groups.get("plans")
    if group is None:
        return []
    assert group["count"] == len(group["items"])
    return [item["text"] for item in group["items"]]


def test_a_kab_kota_waits_for_its_province_and_names_who_sets_it(units):
    sorong = units["kpu-96.71"]
    (state,) = readiness([sorong], 2025)
    assert not state.ready
    assert state.missing == ["IKU belum ada", "RKT belum ada", "DIPA belum ada"]
    assert state.waits_for_parent
    assert state.waiting_text.startswith("IKU KPU Provinsi Papua Barat Daya 2025 belum ditetapkan — ")
    assert "operator.pbd" in state.waiting_text
    (ready,) = readiness([sorong], 2024)
    assert ready.ready and ready.missing == []


def test_a_secretariat_needs_no_iku(units):
    (state,) = readiness([units["sekretariat-96.71"]], 2024)
    assert not state.needs_iku and state.ready


def test_the_province_page_shows_each_kab_kota_and_the_center_each_province(units, personas, client_for):
    next_year_demo_load()
    province = units["kpu-96"]
    page = client_for(personas.province_verifier).get(reverse("planning:province", args=[province.pk, 2025]))
    html = page.content.decode()
    regencies = Unit.objects.filter(province=province, kind=UnitKind.REGENCY).count()
    assert f"0 dari {regencies} kabupaten/kota siap menyusun PK." in html
    assert "IKU belum ada" in html
    overview = {row["readiness"].unit.code: row for row in province_overview(2025)}
    assert overview["kpu-96"]["readiness"].iku_ready
    assert overview["kpu-96"]["regencies"] == regencies
    assert overview["kpu-11"]["readiness"].waits_for_parent is False  # KPU's 2025 IKU is set
    assert not overview["kpu-11"]["readiness"].iku_ready
    central = client_for(personas.central_verifier).get(reverse("planning:index") + "?tahun=2025")
    assert 'id="readiness"' in central.content.decode()


def test_the_home_page_lists_the_plans_waited_for(units, personas):
    assert plans_group(personas.operator) == []  # 2024 is ready
    next_year_demo_load()
    assert plans_group(personas.operator) == [
        "IKU KPU Kota Sorong 2025 belum ada: salin dari 2024, tinjau, lalu catat keputusannya.",
        "RKT KPU Kota Sorong 2025 belum ada: salin dari 2024 dan sesuaikan.",
        "RKT Sekretariat KPU Kota Sorong 2025 belum ada: salin dari 2024 dan sesuaikan.",
    ]
    regencies = Unit.objects.filter(province=units["kpu-96"], kind=UnitKind.REGENCY).count()
    assert plans_group(personas.province_verifier) == [
        f"{regencies} kabupaten/kota Papua Barat Daya belum siap menyusun PK 2025."
    ]
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE).count()
    assert plans_group(personas.central_verifier) == [
        f"{provinces - 1} KPU Provinsi belum menetapkan IKU 2025; kabupaten/kotanya menunggu."
    ]
    # The province's own IKU, when the kab/kota wait for it.
    IkuSet.objects.filter(unit=units["kpu-96"], year=2025).update(decree=None)
    assert plans_group(personas.province_verifier) == [
        f"IKU KPU Provinsi Papua Barat Daya 2025 belum ditetapkan; {regencies} unit di bawahnya menunggu "
        "untuk menurunkan IKU-nya."
    ]
    assert plans_group(personas.operator)[0].startswith(
        "IKU KPU Kota Sorong 2025 menunggu: IKU KPU Provinsi Papua Barat Daya 2025 belum ditetapkan — "
    )


def test_a_copied_iku_asks_for_its_decree(units, personas):
    next_year_demo_load()
    sorong = units["kpu-96.71"]
    rollover.apply(
        "iku", sorong, 2025, by=personas.operator, fingerprint=rollover.propose("iku", sorong, 2025).fingerprint
    )
    assert "IKU KPU Kota Sorong 2025 belum ditetapkan: catat nomor dan tanggal keputusannya." in plans_group(
        personas.operator
    )
