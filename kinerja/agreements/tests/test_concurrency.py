"""Two requests at the same moment: two operators saving one agreement, and
double-clicked buttons. Each race runs both requests in threads with their own
database connections, released together by a barrier, and is repeated ROUNDS
times; the tests run on PostgreSQL and on SQLite (a file in WAL mode, as in
production). Transactional, so that each thread sees what the others commit."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.agreements import lifecycle, services
from kinerja.agreements.models import Agreement, Row, SignedScan, Status, StatusChange
from kinerja.audit.models import Action, ChangeRecord
from kinerja.conftest import race, scan_for

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 20


def fresh(user):
    """The user as a request loads it: each racing request has its own object."""
    return get_user_model().objects.get(pk=user.pk)


def row_data(row: Row, **changes) -> dict:
    data = {field: getattr(row, field) for field in ("letter", "output", "indicator_text", "target", "measure_unit")}
    return {**data, **changes}


def statement_data(agreement: Agreement, **changes) -> dict:
    fields = ("signed_place", "first_party_name", "first_party_position", "first_party_acting", "signed_on")
    if agreement.has_second_party:
        fields += ("second_party_name", "second_party_position", "second_party_acting")
    return {**{field: getattr(agreement, field) for field in fields}, **changes}


def save_row(row: Row, *, expected: int, by, **changes):
    return lambda: services.row_update(
        row=Row.objects.get(pk=row.pk), data=row_data(row, **changes), expected=expected, by=fresh(by)
    )


def save_statement(agreement: Agreement, *, expected: int, by, **changes):
    return lambda: services.agreement_update_statement(
        agreement=Agreement.objects.get(pk=agreement.pk),
        data=statement_data(agreement, **changes),
        expected=expected,
        by=fresh(by),
    )


def kinds(outcomes: list) -> list[str]:
    """What each racer got, sorted: a saved object's class name, or the exception's."""
    return sorted(type(outcome).__name__ for outcome in outcomes)


def records_of(obj, action: str) -> int:
    return ChangeRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).count()


def test_two_operators_saving_one_agreement_at_once_never_lose_an_update(sorong_agreements, personas, client_for):
    """The same row saved twice from the same starting point: one save wins and
    the other is told of the conflict with the winner's value; the stored value is
    the winner's, and the change count grows by exactly one per saved edit.
    Saves of different rows both land; structural changes run one after the other."""
    commission = sorong_agreements[0]
    row, other_row = Row.objects.filter(section__agreement=commission).order_by("section__order", "order")[:2]
    operator, ketua = personas.operator, personas.ketua

    for round_ in range(ROUNDS):
        # One row, two saves through the service.
        row = Row.objects.get(pk=row.pk)
        start, recorded = row.change_count, records_of(row, Action.UPDATE)
        outcomes = race(
            # Targets that read as numbers (the editor refuses others): the operator's end in 1, the Ketua's in 2.
            # Stored as read ("01" would be "1", the demo's own target): each round's differ from the last.
            save_row(row, expected=start, by=operator, target=f"{round_ + 1}1"),
            save_row(row, expected=start, by=ketua, target=f"{round_ + 1}2"),
        )
        assert kinds(outcomes) == ["EditConflict", "Row"], outcomes
        winner = next(outcome for outcome in outcomes if isinstance(outcome, Row))
        conflict = next(outcome for outcome in outcomes if isinstance(outcome, services.EditConflict))
        row.refresh_from_db()
        assert (row.target, row.change_count) == (winner.target, start + 1)
        assert conflict.current.target == winner.target
        # One entry more, or the same entry folded (a consecutive autosave by the same person):
        # either way the history ends on the winner's value.
        assert records_of(row, Action.UPDATE) - recorded in (0, 1)
        latest = ChangeRecord.objects.filter(object_type="agreements.row", object_id=str(row.pk)).first()
        assert latest.changes["target"][1] == winner.target

        # The statement: two saves of different fields from the same count. The
        # form saves all its fields together, so the second is a conflict too;
        # what matters is that it does not put back the value the first replaced.
        agreement = Agreement.objects.get(pk=commission.pk)
        start = agreement.change_count
        place, name = f"Sorong {round_}", f"Pihak Pertama {round_}"
        outcomes = race(
            save_statement(agreement, expected=start, by=operator, signed_place=place),
            save_statement(agreement, expected=start, by=ketua, first_party_name=name),
        )
        assert kinds(outcomes) == ["Agreement", "EditConflict"], outcomes
        stored = Agreement.objects.get(pk=commission.pk)
        assert stored.change_count == start + 1
        assert (stored.signed_place == place) != (stored.first_party_name == name)
        assert stored.signed_place in (place, agreement.signed_place)
        assert stored.first_party_name in (name, agreement.first_party_name)

        # Two different rows at once: both saves land.
        row, other_row = Row.objects.get(pk=row.pk), Row.objects.get(pk=other_row.pk)
        outcomes = race(
            save_row(row, expected=row.change_count, by=operator, output=f"Keluaran {round_}"),
            save_row(other_row, expected=other_row.change_count, by=ketua, output=f"Keluaran lain {round_}"),
        )
        assert kinds(outcomes) == ["Row", "Row"], outcomes
        assert Row.objects.get(pk=row.pk).output == f"Keluaran {round_}"
        assert Row.objects.get(pk=other_row.pk).output == f"Keluaran lain {round_}"

    # The same race through the autosave: 200 for one browser, 409 with the
    # winner's value for the other.
    browsers = [client_for(operator), client_for(ketua)]
    url = reverse("agreements:row", args=[row.pk])
    for round_ in range(ROUNDS):
        row = Row.objects.get(pk=row.pk)
        start = row.change_count
        forms = [{**row_data(row, target=f"{round_}{index}"), "change_count": start} for index in range(2)]
        responses = race(
            *(
                lambda browser=browser, form=form: browser.post(url, form)
                for browser, form in zip(browsers, forms, strict=True)
            )
        )
        assert sorted(response.status_code for response in responses) == [200, 409]
        row.refresh_from_db()
        assert row.change_count == start + 1
        conflict = next(response for response in responses if response.status_code == 409)
        assert f"— {row.target} {row.measure_unit}" in conflict.content.decode()

    # Rows added at once get their own places; a row deleted twice at once is deleted once.
    section = row.section
    for _ in range(ROUNDS // 2):
        added = race(*(lambda by=by: services.row_add(section=section, by=fresh(by)) for by in (operator, ketua)))
        assert kinds(added) == ["Row", "Row"], added
        orders = list(section.rows.values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1))
        letters = list(section.rows.values_list("letter", flat=True))
        assert len(set(letters)) == len(letters) or set(letters) == {""}
        # Each request has loaded the row before either deletes it.
        copies = [Row.objects.get(pk=added[0].pk) for _ in range(2)]
        outcomes = race(*(lambda copy=copy: services.row_delete(row=copy, by=fresh(operator)) for copy in copies))
        assert outcomes == [None, None]
        assert not Row.objects.filter(pk=added[0].pk).exists()
        assert records_of(added[0], Action.DELETE) == 1
        orders = list(section.rows.values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1))


def test_double_clicked_buttons_act_once(no_sorong_agreements, personas, units, client_for):
    """Each button of the route clicked twice at once: one draft, one move per
    click with one status-change row, one stored scan; the second click is
    answered with a message, never an error page."""
    unit = units["kpu-96.71"]
    browsers = [client_for(personas.operator), client_for(personas.operator)]

    def double_click(url: str, data: dict | None = None, upload: bytes | None = None) -> None:
        def click(browser):
            payload = dict(data or {})
            if upload is not None:
                payload["file"] = SimpleUploadedFile("pk-ttd.pdf", upload, content_type="application/pdf")
            return browser.post(url, payload)

        responses = race(*(lambda browser=browser: click(browser) for browser in browsers))
        assert [response.status_code for response in responses] == [302, 302], responses

    for round_ in range(ROUNDS):
        double_click(reverse("agreements:new"), {"unit": unit.pk, "year": 2024})
        agreement = Agreement.objects.get(unit=unit, year=2024)
        assert records_of(agreement, Action.CREATE) == 1
        if round_ < ROUNDS - 1:
            agreement.delete()

    Agreement.objects.filter(pk=agreement.pk).update(
        first_party_name="Balthasar Berth Kambuaya", signed_on=datetime.date(2024, 3, 6)
    )
    scan = None
    for _ in range(ROUNDS):
        double_click(reverse("agreements:finalise", args=[agreement.pk]))
        scan = scan or scan_for(agreement)  # the same paper every round: the content does not change
        double_click(reverse("agreements:scan", args=[agreement.pk]), upload=scan)
        double_click(reverse("agreements:submit", args=[agreement.pk]))
        agreement.refresh_from_db()
        assert agreement.status == Status.SUBMITTED
        lifecycle.agreement_return(agreement=agreement, by=personas.province_verifier, reason="Lengkapi target.")

    # Every round: one row per move, one scan, one submission.
    moves = StatusChange.objects.filter(agreement=agreement)
    for from_status, to_status in [
        (Status.DRAFT, Status.FINAL),
        (Status.FINAL, Status.SIGNED),
        (Status.SIGNED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.DRAFT),
    ]:
        assert moves.filter(from_status=from_status, to_status=to_status).count() == ROUNDS
    # Each return voided the round's scan: none stands after the last one.
    scans = SignedScan.objects.filter(agreement=agreement)
    assert scans.count() == ROUNDS
    assert scans.filter(voided_at__isnull=False).count() == ROUNDS
    assert scans.filter(replaced_at__isnull=True).count() == 0
    assert ChangeRecord.objects.filter(scope=f"agreement:{agreement.pk}", action=Action.SCAN).count() == ROUNDS
