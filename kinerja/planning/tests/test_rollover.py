"""“Salin dari tahun lalu” (issue #14): next year's plan from this year's, reviewed line by line
before anything is written, never overwriting what exists, in the cascade's order."""

import datetime

import pytest
from django.urls import reverse

from kinerja.audit.models import ChangeRecord
from kinerja.demo.planning import next_year_demo_load
from kinerja.planning import rollover
from kinerja.planning.models import Dipa, IkuItem, IkuSet, PlanTarget, StrategicPlan, WorkPlan, WorkPlanRow
from kinerja.planning.rollover import Change, CopyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_year(units):
    """The demo's 2025: KPU's and the province's IKU set by decree, Kota Sorong's DIPA ratified."""
    next_year_demo_load()


def changes(proposal) -> dict[str, str]:
    return {line.label: line.change for line in proposal.lines}


def confirm(kind, unit, year, by, **extra):
    proposal = rollover.propose(kind, unit, year)
    return rollover.apply(kind, unit, year, by=by, fingerprint=proposal.fingerprint, extra=extra)


def test_the_regional_iku_follows_the_parent_set_of_the_new_year(next_year, units, personas):
    sorong = units["kpu-96.71"]
    proposal = rollover.propose("iku", sorong, 2025)
    assert proposal.refusal == ""
    assert changes(proposal) == {
        "Laporan Hasil Evaluasi SAKIP": Change.CHANGED,  # province asks BB now, Sorong had B
        "Opini atas Laporan Keuangan": Change.KEPT,
        "Indeks Reformasi Birokrasi": Change.CHANGED,  # 30 -> 32
        "Indeks Keterbukaan Informasi Publik": Change.NEW,  # new in the province's 2025 IKU
    }
    sakip = next(line for line in proposal.lines if line.label == "Laporan Hasil Evaluasi SAKIP")
    assert (sakip.before, sakip.after) == ("B", "BB")
    assert "KPU Provinsi Papua Barat Daya 2025" in sakip.note
    # The province's IKU 01 and 02, which Sorong did not take in 2024, are not added.
    assert "Persentase tahapan Pemilu yang terlaksana sesuai jadwal" not in changes(proposal)

    iku_set = confirm("iku", sorong, 2025, personas.operator)
    assert iku_set.decree is None
    items = {item.indicator.code: item for item in iku_set.items.select_related("source__iku_set")}
    assert items["KPU.IKU.03"].target.grade == "BB"
    assert items["KPU.IKU.05"].target_value == 32
    assert {item.source.iku_set.unit.code for item in items.values()} == {"kpu-96"}
    assert all(item.source.iku_set.year == 2025 for item in items.values())
    record = ChangeRecord.objects.get(object_type="planning.ikuset", object_id=str(iku_set.pk))
    assert "2 berubah, 1 baru, 0 dihapus" in record.summary


def test_nothing_is_copied_before_the_parent_has_its_iku(units, personas):
    sorong = units["kpu-96.71"]
    proposal = rollover.propose("iku", sorong, 2025)
    assert proposal.refusal.startswith("IKU KPU Provinsi Papua Barat Daya 2025 belum ditetapkan — ")
    with pytest.raises(CopyError):
        rollover.apply("iku", sorong, 2025, by=personas.operator, fingerprint=proposal.fingerprint)
    assert not IkuSet.objects.filter(unit=sorong, year=2025).exists()


def test_an_item_the_parent_dropped_is_removed(next_year, units, personas):
    IkuItem.objects.filter(iku_set__unit=units["kpu-96"], iku_set__year=2025, indicator__code="KPU.IKU.04").delete()
    proposal = rollover.propose("iku", units["kpu-96.71"], 2025)
    line = next(line for line in proposal.lines if line.label == "Opini atas Laporan Keuangan")
    assert line.change == Change.REMOVED
    assert line.note == "tidak ada lagi dalam IKU KPU Provinsi Papua Barat Daya 2025"
    iku_set = confirm("iku", units["kpu-96.71"], 2025, personas.operator)
    assert not iku_set.items.filter(indicator__code="KPU.IKU.04").exists()


def test_a_confirm_of_another_list_than_the_one_read_is_refused(next_year, units, personas):
    sorong = units["kpu-96.71"]
    read = rollover.propose("iku", sorong, 2025)
    # Meanwhile the province raises a target: the list the operator read is no longer what would be copied.
    item = IkuItem.objects.get(iku_set__unit=units["kpu-96"], iku_set__year=2025, indicator__code="KPU.IKU.05")
    item.set_target(item.indicator.parse_target("35"))
    item.save()
    with pytest.raises(CopyError, match="tinjau ulang"):
        rollover.apply("iku", sorong, 2025, by=personas.operator, fingerprint=read.fingerprint)
    assert not IkuSet.objects.filter(unit=sorong, year=2025).exists()


def test_an_existing_plan_is_never_overwritten(next_year, units, personas):
    province = units["kpu-96"]
    proposal = rollover.propose("iku", province, 2025)
    assert proposal.refusal == "IKU KPU Provinsi Papua Barat Daya 2025 sudah ada; ubah targetnya di halaman rencana."
    dipa = rollover.propose("dipa", units["kpu-96.71"], 2025)
    assert "sudah berisi pagu yang disahkan 2 Januari 2025" in dipa.refusal


def test_the_rkt_takes_the_targets_of_the_new_iku_and_adds_its_new_indicators(next_year, units, personas):
    sorong = units["kpu-96.71"]
    confirm("iku", sorong, 2025, personas.operator)
    proposal = rollover.propose("rkt", sorong, 2025)
    assert proposal.counts[Change.CHANGED] == 2
    assert proposal.counts[Change.NEW] == 1
    work_plan = confirm("rkt", sorong, 2025, personas.operator)
    rows = WorkPlanRow.objects.filter(section__work_plan=work_plan)
    assert (
        rows.count()
        == WorkPlanRow.objects.filter(section__work_plan__unit=sorong, section__work_plan__year=2024).count() + 1
    )
    assert rows.get(indicator__code="KPU.IKU.05").target_value == 32
    assert rows.filter(indicator__code="KPU.IKU.06").exists()


def test_an_rkt_without_its_iku_says_the_targets_are_last_years(units, personas):
    proposal = rollover.propose("rkt", units["kpu-96.71"], 2025)
    assert proposal.warnings == [
        "IKU 2025 belum ada: target RKT disalin apa adanya dari 2024; periksa sesudah IKU ditetapkan."
    ]
    assert set(changes(proposal).values()) == {Change.KEPT}


def test_a_dipa_copy_needs_the_ratification_of_the_new_year(units, personas):
    sorong = units["kpu-96.71"]
    proposal = rollover.propose("dipa", sorong, 2025)
    assert rollover.needs_dipa_header(proposal)
    with pytest.raises(CopyError, match="Isi tanggal pengesahan DIPA 2025"):
        confirm("dipa", sorong, 2025, personas.operator)
    with pytest.raises(CopyError, match="harus pada tahun 2024 atau 2025"):
        confirm("dipa", sorong, 2025, personas.operator, number="X", ratified_on=datetime.date(2023, 5, 1))
    assert not Dipa.objects.filter(unit=sorong, year=2025).exists()
    dipa = confirm(
        "dipa", sorong, 2025, personas.operator, number="SP DIPA 2025", ratified_on=datetime.date(2025, 1, 3)
    )
    assert dipa.total() == Dipa.objects.get(unit=sorong, year=2024).total()
    assert dipa.pk_due_on == datetime.date(2025, 2, 2)


def test_renstra_targets_fill_only_the_missing_years(units, personas):
    kpu = units["kpu"]
    plan = StrategicPlan.objects.get(unit=kpu, start_year=2025)
    assert "tahun pertama" in rollover.propose("renstra", kpu, 2025).refusal
    assert rollover.propose("renstra", kpu, 2026).refusal == (
        "Semua target Renstra 2026 sudah terisi; tidak ada yang disalin."
    )
    PlanTarget.objects.filter(goal__plan=plan, year=2026, indicator__code="KPU.IKU.05").delete()
    changed = PlanTarget.objects.get(goal__plan=plan, year=2026, indicator__code="KPU.IKU.01")
    changed.set_target(changed.indicator.parse_target("99"))
    changed.save()
    proposal = rollover.propose("renstra", kpu, 2026)
    assert changes(proposal)["Persentase tahapan Pemilu yang terlaksana sesuai jadwal"] == Change.CHANGED
    confirm("renstra", kpu, 2026, personas.central_verifier)
    assert PlanTarget.objects.get(goal__plan=plan, year=2026, indicator__code="KPU.IKU.05").target_value == 30
    changed.refresh_from_db()
    assert changed.target_value == 99  # not overwritten


def test_the_copy_page_shows_the_list_and_writes_only_on_confirm(next_year, units, personas, client_for):
    sorong = units["kpu-96.71"]
    client = client_for(personas.operator)
    plan_page = client.get(reverse("planning:unit", args=[sorong.pk, 2025])).content.decode()
    url = reverse("planning:copy", args=[sorong.pk, 2025, "iku"])
    assert url in plan_page
    page = client.get(url).content.decode()
    assert "Laporan Hasil Evaluasi SAKIP" in page and "berubah" in page and "baru" in page
    assert not IkuSet.objects.filter(unit=sorong, year=2025).exists()
    response = client.post(url, {"fingerprint": "stale"})
    assert "tinjau ulang" in response.content.decode()
    assert not IkuSet.objects.filter(unit=sorong, year=2025).exists()
    fingerprint = rollover.propose("iku", sorong, 2025).fingerprint
    response = client.post(url, {"fingerprint": fingerprint})
    assert response.status_code == 302
    iku_set = IkuSet.objects.get(unit=sorong, year=2025)
    # Then the decree that sets it, from the plan page.
    page = client.get(iku_set.get_absolute_url()).content.decode()
    assert 'id="decree-form"' in page
    response = client.post(
        reverse("planning:decree", args=[sorong.pk, 2025]), {"number": "3/PR.01-Kpt/2025", "issued_on": "2025-01-13"}
    )
    iku_set.refresh_from_db()
    assert iku_set.decree.number == "3/PR.01-Kpt/2025"
    response = client.post(
        reverse("planning:decree", args=[sorong.pk, 2025]), {"number": "4/PR.01-Kpt/2025", "issued_on": "2025-01-14"}
    )
    iku_set.refresh_from_db()
    assert iku_set.decree.number == "3/PR.01-Kpt/2025"


def test_only_those_who_keep_the_plan_copy_it_and_outsiders_get_404(next_year, units, personas, client_for):
    sorong = units["kpu-96.71"]
    url = reverse("planning:copy", args=[sorong.pk, 2025, "iku"])
    fingerprint = rollover.propose("iku", sorong, 2025).fingerprint
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.outsider).post(url, {"fingerprint": fingerprint}).status_code == 404
    verifier = client_for(personas.province_verifier)
    assert verifier.get(url).status_code == 200
    assert verifier.post(url, {"fingerprint": fingerprint}).status_code == 403
    assert client_for(personas.operator).get(reverse("planning:copy", args=[sorong.pk, 2025, "x"])).status_code == 404
    assert not IkuSet.objects.filter(unit=sorong, year=2025).exists()
    assert not WorkPlan.objects.filter(unit=sorong, year=2025).exists()
