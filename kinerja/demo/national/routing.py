"""The national data set's agreements on their way to KPU: handed in, compiled by
the province (kabupaten/kota only), forwarded and received, through
agreements.lifecycle and submissions.services.

A province compiles what has been handed in at the moment it compiles, so the
moves are made in the order of time: the agreements KPU has already received
were handed in first and went in the first package, those still waiting at KPU
in a second one, and those not compiled yet came last.
"""

import datetime
import random

from kinerja.agreements import lifecycle
from kinerja.agreements.models import SUBMITTED_STATUSES, Status
from kinerja.demo.national.agreements import Course
from kinerja.demo.national.people import Actors
from kinerja.organisation.models import Unit
from kinerja.submissions.selectors import compilable
from kinerja.submissions.services import package_compile, package_forward, package_receive

# The order in which a province's kabupaten/kota hand their agreements in.
HANDED_IN_ORDER = (Status.RECEIVED, Status.COMPILED, Status.SUBMITTED)


def _between(earlier: datetime.datetime, later: datetime.datetime | None) -> datetime.datetime:
    """A moment after `earlier` and before `later` (two hours on if nothing follows)."""
    if later is None or later <= earlier:
        return earlier + datetime.timedelta(hours=2)
    return earlier + (later - earlier) / 2


def _direct(course: Course, rng: random.Random, actors: Actors) -> None:
    """A province's or a central unit's agreement: handed in, then received by KPU."""
    lifecycle.agreement_submit(agreement=course.agreement, by=actors.operators[course.unit.pk], at=course.submitted_at)
    if course.status == Status.RECEIVED:
        lifecycle.agreement_receive(
            agreement=course.agreement,
            by=actors.central_verifier,
            at=course.submitted_at + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 6)),
        )


def _groups(courses: list[Course], province: Unit) -> list[list[Course]]:
    """The province's courses by how far they go, with the submission times re-dealt in that order."""
    if compilable(province, courses[0].agreement.year).exists():
        # Agreements from before (the Sorong demo) wait for this province's next
        # compilation; compiling now would take them along, so none is compiled.
        for course in courses:
            course.status = Status.SUBMITTED
    times = sorted(course.submitted_at for course in courses)
    groups = [[course for course in courses if course.status == status] for status in HANDED_IN_ORDER]
    for course, moment in zip([c for group in groups for c in group], times, strict=True):
        course.submitted_at = moment
    return groups


def _regencies(courses: list[Course], province: Unit, actors: Actors) -> None:
    """A province's kabupaten/kota: hand in, compile, forward and receive, group by group."""
    verifier = actors.province_verifiers[province.pk]
    groups = _groups(courses, province)
    for index, group in enumerate(groups):
        for course in group:
            lifecycle.agreement_submit(
                agreement=course.agreement, by=actors.operators[course.unit.pk], at=course.submitted_at
            )
        if not group or HANDED_IN_ORDER[index] == Status.SUBMITTED:
            continue
        following = [course.submitted_at for later in groups[index + 1 :] for course in later]
        compiled_at = _between(group[-1].submitted_at, min(following, default=None))
        year = group[0].agreement.year
        package = package_compile(province=province, year=year, by=verifier, at=compiled_at)
        package = package_forward(package=package, by=verifier, at=compiled_at + datetime.timedelta(minutes=30))
        if HANDED_IN_ORDER[index] == Status.RECEIVED:
            package_receive(package=package, by=actors.central_verifier, at=compiled_at + datetime.timedelta(days=1))


def agreements_route(courses: list[Course], rng: random.Random, actors: Actors) -> None:
    """Take every agreement that was handed in as far as it had come on 1 February."""
    by_province: dict[int, list[Course]] = {}
    for course in courses:
        if course.status not in SUBMITTED_STATUSES:
            continue
        if course.unit.is_regency:
            by_province.setdefault(course.unit.province_id, []).append(course)
        else:
            _direct(course, rng, actors)
    provinces = {unit.pk: unit for unit in Unit.objects.filter(pk__in=by_province)}
    for province_id, group in by_province.items():
        _regencies(group, provinces[province_id], actors)
