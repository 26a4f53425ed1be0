"""Two verifiers at the same moment: a compilation started twice (on the page or
as two background jobs), a package forwarded and received twice, one agreement
received by two verifiers, or received by one while another returns it. Each
race runs both requests in threads with their own database connections,
released together, ROUNDS times, on PostgreSQL and on SQLite."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, RevisionReason, Status, StatusChange
from kinerja.agreements.services import agreement_draft
from kinerja.conftest import race, scan_for
from kinerja.notifications.models import Notification
from kinerja.submissions import services
from kinerja.submissions.jobs import run_job
from kinerja.submissions.models import CompilationPackage, JobKind, JobStatus, PrintJob

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 20


def fresh(user):
    """The user as a request loads it: each racing request has its own object."""
    return get_user_model().objects.get(pk=user.pk)


def kinds(outcomes: list) -> list[str]:
    return sorted(type(outcome).__name__ for outcome in outcomes)


def resubmitted(agreement: Agreement, by) -> Agreement:
    """The unit's latest version, submitted: as it is, or a PK Perubahan taken along the route again."""
    latest = Agreement.objects.filter(unit=agreement.unit, year=agreement.year).order_by("-version").first()
    if latest.status == Status.SUBMITTED:
        return latest
    if latest.status != Status.DRAFT:
        latest = lifecycle.agreement_revise(
            agreement=latest, reason=RevisionReason.OFFICIAL, note="Pergantian pejabat.", by=by
        )
    Agreement.objects.filter(pk=latest.pk).update(signed_on=datetime.date(2024, 6, 3))
    lifecycle.agreement_finalise(agreement=latest, by=by)
    lifecycle.scan_upload(agreement=latest, data=scan_for(latest), filename="pk-ttd.pdf", by=by)
    return lifecycle.agreement_submit(agreement=latest, by=by)


def post_at_once(*clicks) -> list:
    """Each (browser, url[, data]) posted at the same moment; the responses, in order."""
    return race(*(lambda click=click: click[0].post(*click[1:]) for click in clicks))


def moves_to(agreement: Agreement, status: str) -> int:
    return StatusChange.objects.filter(agreement=agreement, to_status=status).count()


def notices_per_user(key: str) -> set[int]:
    """How many notices each recipient of the event `key` got."""
    notices = Notification.objects.filter(key=key).values_list("user", flat=True)
    return {list(notices).count(user) for user in set(notices)}


def test_a_package_is_compiled_forwarded_and_received_once_however_many_click(demo_story, personas, units, client_for):
    """Compiling twice at once (two clicks, or two jobs on two workers) makes one
    package; forwarding and receiving twice at once forward and receive it once,
    with one status-change row per agreement; a package received while one of its
    agreements is received directly receives every agreement once."""
    province, operator = units["kpu-96"], personas.operator
    province_browsers = [client_for(personas.province_verifier), client_for(personas.province_verifier)]
    central, admin = client_for(personas.central_verifier), client_for(personas.admin)
    second_central = client_for(personas.central_verifier)

    for round_ in range(ROUNDS):
        agreements = [resubmitted(agreement, operator) for agreement in demo_story]
        packages = CompilationPackage.objects.filter(province=province, year=2024)
        before = packages.count()

        # Compile twice at once: through the service, or as two background jobs.
        if round_ % 2 == 0:
            outcomes = race(
                *(
                    lambda: services.package_compile(province=province, year=2024, by=fresh(personas.province_verifier))
                    for _ in range(2)
                )
            )
            assert kinds(outcomes) == ["CompilationPackage", "RoutingError"], outcomes
            refused = next(outcome for outcome in outcomes if isinstance(outcome, services.RoutingError))
            assert "Belum ada PK" in str(refused)
        else:
            jobs = [
                PrintJob.objects.create(
                    kind=JobKind.COMPILE, year=2024, province=province, created_by=personas.province_verifier
                )
                for _ in range(2)
            ]
            race(*(lambda job=job: run_job.call(job.pk) for job in jobs))
            finished = sorted(PrintJob.objects.filter(pk__in=[job.pk for job in jobs]).values_list("status", "error"))
            assert [status for status, _ in finished] == [JobStatus.DONE, JobStatus.FAILED], finished
            assert "Belum ada PK" in finished[1][1]
        assert packages.count() == before + 1
        package = packages.order_by("-number").first()
        assert set(package.agreements.all()) == set(agreements)
        assert all(moves_to(agreement, Status.COMPILED) == 1 for agreement in agreements)

        # Forward twice at once: forwarded once, each central verifier told once.
        url = reverse("submissions:forward", args=[package.pk])
        responses = post_at_once(*((browser, url) for browser in province_browsers))
        assert [response.status_code for response in responses] == [302, 302]
        package.refresh_from_db()
        assert package.forwarded_at is not None
        assert notices_per_user(f"forwarded:{package.pk}") == {1}

        # Receive twice at once: two central verifiers, a central verifier and an
        # admin, or the package and one of its agreements directly.
        url = reverse("submissions:receive", args=[package.pk])
        direct = reverse("agreements:receive", args=[agreements[0].pk])
        clicks = [
            [(central, url), (second_central, url)],
            [(central, url), (admin, url)],
            [(central, url), (admin, direct)],
        ][round_ % 3]
        responses = race(*(lambda browser=browser, target=target: browser.post(target) for browser, target in clicks))
        assert [response.status_code for response in responses] == [302, 302]
        package.refresh_from_db()
        if package.received_at is None:
            # The direct receipt came first: the package was refused as a whole
            # and is received on the next click.
            assert round_ % 3 == 2
            services.package_receive(package=package, by=personas.central_verifier)
        for agreement in agreements:
            assert Agreement.objects.get(pk=agreement.pk).status == Status.RECEIVED
            assert moves_to(agreement, Status.RECEIVED) == 1
            assert notices_per_user(f"received:{agreement.pk}") == {1}

    numbers = list(CompilationPackage.objects.filter(province=province, year=2024).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, ROUNDS + 2))  # the demo's package and one per round


def test_an_agreement_decided_by_two_verifiers_at_once_moves_once(personas, units, client_for):
    """KPU Provinsi's own agreement goes straight to KPU: received by two verifiers
    at once it is received once; received by one while another returns it, exactly
    one of the two happens, with one status-change row."""
    admin = personas.admin
    agreement = agreement_draft(unit=units["kpu-96"], year=2024, by=admin)
    Agreement.objects.filter(pk=agreement.pk).update(first_party_name="Ketua KPU Provinsi Papua Barat Daya")
    central, other = client_for(personas.central_verifier), client_for(admin)

    for round_ in range(ROUNDS):
        agreement = resubmitted(agreement, admin)
        decided = StatusChange.objects.filter(agreement=agreement, from_status=Status.SUBMITTED)
        before = decided.count()
        receive = reverse("agreements:receive", args=[agreement.pk])
        if round_ % 2 == 0:
            responses = post_at_once((central, receive), (other, receive))
        else:
            back = reverse("agreements:return", args=[agreement.pk])
            responses = post_at_once((central, receive), (other, back, {"reason": "Target belum sesuai."}))
        assert [response.status_code for response in responses] == [302, 302]
        agreement.refresh_from_db()
        assert decided.count() == before + 1
        assert decided.order_by("-pk").first().to_status == agreement.status
        assert agreement.status in ((Status.RECEIVED,) if round_ % 2 == 0 else (Status.RECEIVED, Status.DRAFT))
        if agreement.status == Status.RECEIVED:
            assert moves_to(agreement, Status.RECEIVED) == 1
