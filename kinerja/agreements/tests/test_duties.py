"""Separation of duties: whoever prepared a PK, or belongs to its unit, does not check it.

Preparing is finalising, signing by scan and submitting (the status changes say
who); checking is compiling at the province and receiving at KPU. The page
hides the button and the lifecycle refuses the move, for the central units too,
whose agreements Biro Perencanaan's central verifiers may draw up themselves.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.access import may_move
from kinerja.agreements.lifecycle import TransitionRefused
from kinerja.agreements.models import Agreement, Row, Section, Status, StatusChange
from kinerja.agreements.services import agreement_draft
from kinerja.conftest import scan_for
from kinerja.organisation.models import Membership, Role

pytestmark = pytest.mark.django_db


def user_with(username: str, *roles) -> object:
    """A user holding `roles`, each (unit, role)."""
    user = get_user_model().objects.create(username=username)
    for unit, role in roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def inspectorate_verifier(units):
    """A second central verifier, placed at the Inspektorat: KPU receives with Perencanaan and Inspektorat."""
    return user_with("verifikator.inspektorat", (units["inspektorat"], Role.CENTRAL_VERIFIER))


def ready_draft(unit, by) -> Agreement:
    """A draft of `unit` for 2024 that can be finalised: parties, a date and one indicator."""
    agreement = agreement_draft(unit=unit, year=2024, by=by)
    Agreement.objects.filter(pk=agreement.pk).update(
        first_party_name="Pihak Pertama", second_party_name="Pihak Kedua", signed_on=datetime.date(2024, 1, 20)
    )
    if not Row.objects.filter(section__agreement=agreement).exists():
        section = Section.objects.create(agreement=agreement, order=1, title="Sasaran uji")
        Row.objects.create(section=section, order=1, indicator_text="Indikator uji", target="100", measure_unit="%")
    return Agreement.objects.get(pk=agreement.pk)


def scan(agreement: Agreement, by) -> None:
    """Sign by scan: the step between finalising and submitting (the scan itself is not what is tested here)."""
    lifecycle.scan_upload(agreement=agreement, data=scan_for(agreement), filename="pk.pdf", by=by)


def prepared(agreement: Agreement, by) -> Agreement:
    """Finalised, signed by scan and submitted, every step by `by`."""
    lifecycle.agreement_finalise(agreement=agreement, by=by)
    scan(agreement, by)
    return lifecycle.agreement_submit(agreement=agreement, by=by)


def test_a_central_verifier_who_prepared_a_central_pk_cannot_receive_it(units, personas, inspectorate_verifier):
    """Biro Perencanaan draws up Setjen's PK; the verifier who did it all cannot also receive it."""
    agreement = prepared(ready_draft(units["setjen"], personas.central_verifier), personas.central_verifier)
    assert not may_move(personas.central_verifier, agreement, Status.RECEIVED)
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier)
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SUBMITTED
    assert not StatusChange.objects.filter(agreement=agreement, to_status=Status.RECEIVED).exists()

    received = lifecycle.agreement_receive(agreement=agreement, by=inspectorate_verifier)
    assert received.status == Status.RECEIVED


def test_a_central_verifier_does_not_receive_their_own_units_pk(units, personas, inspectorate_verifier):
    """Biro Perencanaan's own PK, prepared by its operator: its verifier may not receive it, another may."""
    agreement = prepared(
        ready_draft(units["biro-perencanaan-dan-organisasi"], personas.central_operator), personas.central_operator
    )
    assert not may_move(personas.central_verifier, agreement, Status.RECEIVED)
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        lifecycle.agreement_receive(agreement=agreement, by=personas.central_verifier)
    assert may_move(inspectorate_verifier, agreement, Status.RECEIVED)
    assert lifecycle.agreement_receive(agreement=agreement, by=inspectorate_verifier).status == Status.RECEIVED


def test_preparing_any_step_is_enough_to_be_kept_from_receiving(units, personas, inspectorate_verifier):
    """Finalised by one verifier and submitted by another: neither receives; a third does."""
    agreement = ready_draft(units["setjen"], personas.central_verifier)
    lifecycle.agreement_finalise(agreement=agreement, by=personas.central_verifier)
    scan(agreement, inspectorate_verifier)
    agreement = lifecycle.agreement_submit(agreement=agreement, by=inspectorate_verifier)
    third = user_with("verifikator.ketiga", (units["biro-umum"], Role.CENTRAL_VERIFIER))
    assert not may_move(personas.central_verifier, agreement, Status.RECEIVED)
    assert not may_move(inspectorate_verifier, agreement, Status.RECEIVED)
    assert may_move(third, agreement, Status.RECEIVED)


def test_the_page_hides_the_receive_button_from_whoever_prepared_the_pk(
    units, personas, inspectorate_verifier, client_for
):
    agreement = prepared(ready_draft(units["setjen"], personas.central_verifier), personas.central_verifier)
    receive = reverse("agreements:receive", args=[agreement.pk])
    page = reverse("agreements:edit", args=[agreement.pk])
    assert receive not in client_for(personas.central_verifier).get(page).content.decode()
    assert receive in client_for(inspectorate_verifier).get(page).content.decode()

    response = client_for(personas.central_verifier).post(receive)
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SUBMITTED


def test_an_admin_does_everything_but_receive_a_pk_they_prepared(units, personas):
    """Admins keep their powers to unblock an agreement, except checking their own work."""
    agreement = prepared(ready_draft(units["kpu-96"], personas.admin), personas.admin)
    assert not may_move(personas.admin, agreement, Status.RECEIVED)
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        lifecycle.agreement_receive(agreement=agreement, by=personas.admin)
    assert may_move(personas.central_verifier, agreement, Status.RECEIVED)


def test_an_admin_receives_a_pk_of_their_own_unit_prepared_by_others(units, personas):
    """The unit rule does not bind admins, whose role sits at KPU itself."""
    agreement = prepared(ready_draft(units["kpu"], personas.central_verifier), personas.central_verifier)
    assert may_move(personas.admin, agreement, Status.RECEIVED)
    assert lifecycle.agreement_receive(agreement=agreement, by=personas.admin).status == Status.RECEIVED


def test_a_province_verifier_does_not_compile_a_pk_they_submitted(sorong_agreements, units, personas):
    """A province verifier who is also a kab/kota's operator hands its PK in; another verifier compiles it."""
    commission = sorong_agreements[0]
    both = user_with(
        "verifikator.operator", (units["kpu-96"], Role.PROVINCE_VERIFIER), (units["kpu-96.71"], Role.OPERATOR)
    )
    lifecycle.agreement_finalise(agreement=commission, by=personas.operator)
    scan(commission, personas.operator)
    commission = lifecycle.agreement_submit(agreement=commission, by=both)
    assert not may_move(both, commission, Status.COMPILED)
    with pytest.raises(TransitionRefused, match="tidak berwenang"):
        lifecycle.move(agreement=commission, to=Status.COMPILED, by=both)
    assert lifecycle.move(agreement=commission, to=Status.COMPILED, by=personas.province_verifier).status == (
        Status.COMPILED
    )


def test_a_province_verifier_who_belongs_to_the_unit_does_not_compile_its_pk(sorong_agreements, units, personas):
    """Also when someone else prepared it: a member of the unit is not the one who checks it."""
    commission = prepared(sorong_agreements[0], personas.operator)
    member = user_with(
        "verifikator.anggota", (units["kpu-96"], Role.PROVINCE_VERIFIER), (units["kpu-96.71"], Role.LEADER)
    )
    assert not may_move(member, commission, Status.COMPILED)
    assert may_move(personas.province_verifier, commission, Status.COMPILED)


def test_the_demo_route_keeps_its_duties_apart(demo_story):
    """In the demo, the operator prepares, the province compiles and KPU receives: three different people."""
    commission, _secretariat = demo_story
    by = dict(StatusChange.objects.filter(agreement=commission).values_list("to_status", "by__username"))
    assert by[Status.RECEIVED] == "verifikator.pusat"
    assert by[Status.COMPILED] == "verifikator.pbd"
    assert {by[Status.FINAL], by[Status.SIGNED], by[Status.SUBMITTED]} == {"operator.sorong"}
