"""Next year's PK from this year's (issue #14): last year's rows with the new plan's targets,
the new DIPA's budget and the officials in office, shown as a diff before it is made."""

import pytest
from django.urls import reverse

from kinerja.agreements import rollover
from kinerja.agreements.models import Agreement, Row, Status
from kinerja.demo.planning import next_year_demo_load
from kinerja.planning import rollover as plan_rollover
from kinerja.planning.models import WorkPlanRow
from kinerja.planning.rollover import Change, CopyError

pytestmark = pytest.mark.django_db


def lines_by_label(proposal) -> dict:
    return {line.label: line for line in proposal.lines}


def confirm(unit, year, by):
    proposal = rollover.propose("pk", unit, year)
    return rollover.apply("pk", unit, year, by=by, fingerprint=proposal.fingerprint)


def test_the_secretariat_pk_of_2025_starts_from_2024_with_the_new_dipa(demo_story, units, personas):
    next_year_demo_load()
    secretariat = units["sekretariat-96.71"]
    plan_rollover.apply(
        "rkt",
        secretariat,
        2025,
        by=personas.operator,
        fingerprint=plan_rollover.propose("rkt", secretariat, 2025).fingerprint,
    )
    row = WorkPlanRow.objects.filter(section__work_plan__unit=secretariat, section__work_plan__year=2025).first()
    row.set_target(row.indicator.parse_target("2"))
    row.save()

    proposal = rollover.propose("pk", secretariat, 2025)
    assert proposal.refusal == ""
    lines = lines_by_label(proposal)
    assert lines[row.indicator.name].change == Change.CHANGED
    assert lines[row.indicator.name].note == "target RKT 2025"
    budget = lines["Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi"]
    assert (budget.before, budget.after, budget.change) == ("Rp 19.310.290.000", "Rp 9.870.150.000", Change.CHANGED)
    assert lines["Pihak Kedua"].after == "Balthasar Berth Kambuaya, Ketua KPU Kota Sorong"

    agreement = confirm(secretariat, 2025, personas.operator)
    source = Agreement.objects.get(unit=secretariat, year=2024)
    assert agreement.status == Status.DRAFT and agreement.version == 1
    assert (
        Row.objects.filter(section__agreement=agreement).count()
        == Row.objects.filter(section__agreement=source).count()
    )
    assert Row.objects.get(section__agreement=agreement, indicator=row.indicator).target == "2"
    assert [line.amount for line in agreement.budget_lines.order_by("order")] == [9_870_150_000, 3_016_400_000]
    assert agreement.second_party_name == "Balthasar Berth Kambuaya"
    assert agreement.sections.first().activity_id == source.sections.first().activity_id
    # Last year's PK is untouched.
    assert Row.objects.filter(section__agreement=source, target="2", indicator=row.indicator).count() == 0


def test_a_row_the_new_plan_dropped_is_removed_and_a_new_indicator_added(demo_story, units, personas):
    next_year_demo_load()
    sorong = units["kpu-96.71"]
    for kind in ("iku", "rkt"):
        plan_rollover.apply(
            kind, sorong, 2025, by=personas.operator, fingerprint=plan_rollover.propose(kind, sorong, 2025).fingerprint
        )
    WorkPlanRow.objects.filter(
        section__work_plan__unit=sorong, section__work_plan__year=2025, indicator__code="KPU.IKU.04"
    ).delete()
    sorong.iku_sets.get(year=2025).items.filter(indicator__code="KPU.IKU.04").delete()
    lines = lines_by_label(rollover.propose("pk", sorong, 2025))
    assert lines["Opini atas Laporan Keuangan"].change == Change.REMOVED
    assert lines["Indeks Keterbukaan Informasi Publik"].change == Change.NEW
    assert lines["Indeks Reformasi Birokrasi"].after == "32 Indeks"
    agreement = confirm(sorong, 2025, personas.operator)
    indicators = set(Row.objects.filter(section__agreement=agreement).values_list("indicator__code", flat=True))
    assert "KPU.IKU.06" in indicators and "KPU.IKU.04" not in indicators


def test_without_a_dipa_the_budget_is_left_empty_and_says_so(demo_story, units, personas):
    proposal = rollover.propose("pk", units["kpu-96.71"], 2025)
    line = lines_by_label(proposal)["Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi"]
    assert (line.after, line.note) == ("", "DIPA 2025 belum ada: anggaran dikosongkan")
    assert proposal.warnings == [
        "IKU dan RKT 2025 belum ada: target disalin dari PK 2024 apa adanya; periksa sebelum final."
    ]
    agreement = confirm(units["kpu-96.71"], 2025, personas.operator)
    assert [line.amount for line in agreement.budget_lines.all()] == [None]


def test_a_second_copy_is_refused_and_points_to_the_pk(demo_story, units, personas):
    sorong = units["kpu-96.71"]
    proposal = rollover.propose("pk", sorong, 2025)
    agreement = confirm(sorong, 2025, personas.operator)
    with pytest.raises(CopyError, match="sudah ada"):
        rollover.apply("pk", sorong, 2025, by=personas.operator, fingerprint=proposal.fingerprint)
    assert rollover.propose("pk", sorong, 2025).back_url == agreement.get_absolute_url()
    assert Agreement.objects.filter(unit=sorong, year=2025).count() == 1
    assert "tidak ada yang dapat disalin" in rollover.propose("pk", sorong, 2024 + 5).refusal


def test_the_copy_starts_from_the_agreement_list(demo_story, units, personas, client_for):
    sorong = units["kpu-96.71"]
    client = client_for(personas.operator)
    response = client.post(reverse("agreements:new"), {"unit": sorong.pk, "year": 2025, "copy": "1"})
    url = reverse("agreements:copy", args=[sorong.pk, 2025])
    assert response.url == url
    page = client.get(url).content.decode()
    assert "Salin ke 2025" in page and "Perencanaan dan Penganggaran Pemilu" in page
    assert not Agreement.objects.filter(unit=sorong, year=2025).exists()
    response = client.post(url, {"fingerprint": rollover.propose("pk", sorong, 2025).fingerprint})
    agreement = Agreement.objects.get(unit=sorong, year=2025)
    assert response.url == agreement.get_absolute_url()
    assert client_for(personas.outsider).get(url).status_code == 404
    assert client_for(personas.province_verifier).post(url, {"fingerprint": "x"}).status_code == 403
