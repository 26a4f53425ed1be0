"""The Rencana Aksi of a PK (issue #16): drawn up beside the PK from its indicators, each step with a
post responsible, a due quarter or month, targets per quarter that read as the indicator's, and a
budget within its program's line; agreed by the PK's own parties, then fixed."""

import pytest
from django.urls import reverse

from kinerja.actionplans.models import ActionPlan, ActionStep, PlanStatus
from kinerja.actionplans.services import PlanRefused, StepInput, plan_agree, plan_draft, step_delete, step_save
from kinerja.agreements import lifecycle
from kinerja.agreements.models import Row
from kinerja.agreements.services import budget_line_delete
from kinerja.audit.models import ChangeRecord
from kinerja.monitoring.models import QuarterTarget

pytestmark = pytest.mark.django_db


def save(plan, step: ActionStep, by, **changes) -> ActionStep:
    """`step` saved with `changes` typed over it, as its form sends them."""
    return step_save(step=step, plan=plan, row=step.row, typed=StepInput.of(step, **changes), by=by)


@pytest.fixture
def secretariat(sorong_agreements):
    return sorong_agreements[1]


def test_a_plan_is_drawn_up_with_a_step_under_every_indicator(secretariat, personas):
    first_row = Row.objects.filter(section__agreement=secretariat).order_by("section__order", "order").first()
    QuarterTarget.objects.create(row=first_row, quarter=2, target="1")
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    rows = Row.objects.filter(section__agreement=secretariat).count()
    steps = list(plan.steps.select_related("position", "row"))
    assert len(steps) == rows > 20
    assert {step.position.title for step in steps} == {"Sekretaris KPU Kota Sorong"}
    assert all(step.due_quarter == 4 for step in steps)
    first = next(step for step in steps if step.row_id == first_row.pk)
    assert first.description == "Layanan Perkantoran"  # the row's output
    assert first.targets() == ["", "1", "", ""]  # the indicator's quarter target
    other = next(step for step in steps if step.row_id != first_row.pk)
    assert other.targets() == ["", "", "", other.row.target]  # else the year's target in TW IV
    assert ChangeRecord.objects.filter(object_id=plan.pk, summary__startswith="Rencana Aksi disusun").exists()
    with pytest.raises(PlanRefused, match="sudah memiliki Rencana Aksi"):
        plan_draft(agreement=secretariat, by=personas.operator)


def test_a_step_is_refused_with_its_reason_and_nothing_written(secretariat, personas):
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    step = plan.steps.select_related("row__section").order_by("pk").first()
    line = secretariat.budget_lines.order_by("order").first()  # Rp 19.310.290.000
    before = ActionStep.objects.filter(pk=step.pk).values().get()
    cases = [
        (StepInput.of(step, description="  "), "tuliskan langkah/kegiatannya"),
        (StepInput.of(step, position=None), "pilih jabatan penanggung jawabnya"),
        (StepInput.of(step, due="q5"), "pilih tenggatnya"),
        (StepInput.of(step, targets=["", "abc", "", ""]), "target TW 2"),
        (StepInput.of(step, targets=["", "", "12 Laporan", ""]), "target TW 3"),
        (StepInput.of(step, budget="1.000.000"), "pilih program asal anggarannya"),
        (StepInput.of(step, budget="Rp 1.000,50", budget_line=line.pk), "anggaran"),
        (StepInput.of(step, budget="Rp 19.310.290.001", budget_line=line.pk), "melebihi anggaran program di PK"),
    ]
    for given, message in cases:
        with pytest.raises(PlanRefused, match=message):
            step_save(step=step, plan=plan, row=step.row, typed=given, by=personas.operator)
    assert ActionStep.objects.filter(pk=step.pk).values().get() == before


def test_the_steps_of_a_program_stay_within_its_line(secretariat, personas):
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    line = secretariat.budget_lines.order_by("order").first()
    first, second = plan.steps.select_related("row__section").order_by("pk")[:2]
    save(plan, first, personas.operator, budget_line=line.pk, budget="Rp 19.000.000.000")
    with pytest.raises(PlanRefused, match="menjadi Rp 19.310.290.001"):
        save(plan, second, personas.operator, budget_line=line.pk, budget="310.290.001")
    save(plan, second, personas.operator, budget_line=line.pk, budget="310.290.000")
    # A program whose amount the PK leaves blank bounds nothing.
    blank = secretariat.budget_lines.get(amount__isnull=True)
    save(plan, first, personas.operator, budget_line=blank.pk, budget="5.000.000")
    first.refresh_from_db()
    assert (first.budget_line, first.budget) == (blank, 5_000_000)


def test_steps_are_added_under_an_indicator_and_the_last_one_kept(secretariat, personas):
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    step = plan.steps.select_related("row__section").order_by("pk").first()
    added = step_save(
        step=None,
        plan=plan,
        row=step.row,
        typed=StepInput.of(step, description="Rekonsiliasi gaji bulanan", due="m3"),
        by=personas.operator,
    )
    assert (added.order, added.due_month, added.due_quarter_of, added.due_month_name) == (2, 3, 1, "Maret")
    step_delete(step=added, by=personas.operator)
    with pytest.raises(PlanRefused, match="satu-satunya langkah"):
        step_delete(step=step, by=personas.operator)


def test_the_parties_agree_and_the_plan_is_then_fixed(secretariat, personas):
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    with pytest.raises(PlanRefused, match="setelah PK-nya final"):
        plan_agree(plan=plan, party="first", by=personas.sekretaris)
    lifecycle.agreement_finalise(agreement=secretariat, by=personas.operator)
    with pytest.raises(PlanRefused, match="yang menyetujui adalah Marthen Kambu"):
        plan_agree(plan=plan, party="first", by=personas.operator)
    plan_agree(plan=plan, party="first", by=personas.sekretaris)
    with pytest.raises(PlanRefused, match="sudah menyetujui"):
        plan_agree(plan=plan, party="first", by=personas.sekretaris)
    # A change voids what was agreed to: it was agreed to as it stood.
    step = plan.steps.select_related("row__section").order_by("pk").first()
    save(plan, step, personas.operator, description="Pembayaran gaji tepat waktu")
    assert not plan.consents.exists()
    assert ChangeRecord.objects.filter(
        object_id=plan.pk, summary="Persetujuan Marthen Kambu batal karena Rencana Aksi diubah."
    ).exists()
    plan_agree(plan=plan, party="first", by=personas.sekretaris)
    plan = plan_agree(plan=plan, party="second", by=personas.ketua)
    assert plan.status == PlanStatus.AGREED and plan.agreed_at is not None
    with pytest.raises(PlanRefused, match="sudah disepakati"):
        save(plan, step, personas.operator)


def test_the_plan_page_for_its_unit_and_404_for_an_outsider(secretariat, personas, client_for):
    url = reverse("actionplans:plan", args=[secretariat.pk])
    operator = client_for(personas.operator)
    page = operator.get(url).content.decode()
    assert "Susun Rencana Aksi" in page
    assert operator.post(url).status_code == 302
    plan = ActionPlan.objects.get(agreement=secretariat)
    page = operator.get(url).content.decode()
    assert "Layanan Perkantoran" in page and "Sekretaris KPU Kota Sorong" in page and "Tambah langkah" in page
    # Linked from the PK's page.
    assert url in operator.get(secretariat.get_absolute_url()).content.decode()
    step = plan.steps.order_by("pk").first()
    edit = reverse("actionplans:step_edit", args=[step.pk])
    response = operator.post(
        edit,
        {"description": "Pembayaran gaji", "position": step.position_id, "due": "m1", "target_q1": "1"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.description, step.due_month, step.target_q1) == ("Pembayaran gaji", 1, "1")
    page = operator.post(
        edit, {"description": "x", "position": step.position_id, "due": "q1", "target_q1": "abc"}
    ).content.decode()
    assert "target TW 1" in page and "Belum ada yang disimpan." in page
    outsider = client_for(personas.outsider)
    for address in (url, edit, reverse("actionplans:step_new", args=[step.row_id])):
        assert outsider.get(address).status_code == 404
    assert outsider.post(reverse("actionplans:step_delete", args=[step.pk])).status_code == 404
    # The province's verifier reads the plan and changes nothing.
    verifier = client_for(personas.province_verifier)
    assert verifier.get(url).status_code == 200
    assert verifier.get(edit).status_code == 403


def test_a_pk_perubahan_carries_the_plan_forward_for_review(both_submitted, personas, client_for):
    _commission, secretariat = both_submitted
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    line = secretariat.budget_lines.order_by("order").first()
    step = plan.steps.select_related("row__section").order_by("pk").first()
    save(plan, step, personas.operator, description="Pembayaran gaji", budget_line=line.pk, budget="1.000.000")
    plan_agree(plan=plan, party="first", by=personas.sekretaris)
    revision = lifecycle.agreement_revise(
        agreement=secretariat, reason="budget", note="Anggaran berubah", by=personas.operator
    )
    carried = ActionPlan.objects.get(agreement=revision)
    assert (carried.status, carried.carried_from) == (PlanStatus.DRAFT, plan)
    assert not carried.consents.exists()  # the parties review it again
    assert carried.steps.count() == plan.steps.count()
    moved = carried.steps.get(description="Pembayaran gaji")
    assert moved.row.origin_id == step.row_id and moved.row.section.agreement_id == revision.pk
    assert (moved.budget_line.agreement_id, moved.budget_line.order, moved.budget) == (
        revision.pk,
        line.order,
        1_000_000,
    )
    page = client_for(personas.operator).get(carried.get_absolute_url()).content.decode()
    assert "Dibawa dari Rencana Aksi versi 1" in page
    # The plan of the version replaced stays as it was.
    assert plan.steps.filter(description="Pembayaran gaji", row=step.row).exists()
    assert plan.consents.count() == 1


def test_a_program_deleted_from_the_draft_pk_takes_its_steps_budget_with_it(secretariat, personas):
    plan = plan_draft(agreement=secretariat, by=personas.operator)
    line = secretariat.budget_lines.order_by("order").first()
    step = plan.steps.select_related("row__section").order_by("pk").first()
    save(plan, step, personas.operator, budget_line=line.pk, budget="2.000.000")
    budget_line_delete(line=line, by=personas.operator)
    step.refresh_from_db()
    assert (step.budget_line, step.budget, step.description) == (None, None, "Layanan Perkantoran")
