"""Each unit's agreement of the national data set: drawn up from its plan, filled
with a few more rows, and taken as far along the pipeline as it had come on
1 February, all through the services a user's clicks call.

`agreement_draft` names the parties (organisation.selectors) and copies the IKU
and the DIPA; the extra rows are plain content, written in bulk while the
agreements are drafts; every move (finalise, scan, submit, compile, forward,
receive) goes through agreements.lifecycle and submissions.services, which
check who may make it, write the history and tell whom they tell.
"""

import dataclasses
import datetime
import random
from zoneinfo import ZoneInfo

from django.db.models import Count, Max

from kinerja.agreements import lifecycle
from kinerja.agreements.models import SUBMITTED_STATUSES, Agreement, Row, Section, Status
from kinerja.agreements.services import agreement_draft, agreement_update_statement
from kinerja.demo.national.people import Actors
from kinerja.demo.national.vocabulary import OUTPUTS, STATUS_MIX
from kinerja.demo.planning import ACTIVITIES, GOALS
from kinerja.demo.scans import scan_of
from kinerja.documents.builder import build_document
from kinerja.documents.render import render
from kinerja.organisation.models import Unit
from kinerja.planning.models import Indicator
from kinerja.planning.targets import MeasureType, Polarity, TargetKind


@dataclasses.dataclass
class Course:
    """Where one unit's agreement is to be on 1 February, and when it moved."""

    agreement: Agreement
    status: str
    rows: int
    submitted_at: datetime.datetime | None

    @property
    def unit(self) -> Unit:
        return self.agreement.unit

    def moment(self, day: int, hour: int) -> datetime.datetime:
        """A moment of January of the agreement's year in the unit's own time zone."""
        return datetime.datetime(self.agreement.year, 1, day, hour, tzinfo=ZoneInfo(self.unit.time_zone))


def agreements_draft(units: list[Unit], year: int, rng: random.Random, actors: Actors) -> list[Course]:
    """Draw up every unit's agreement as its operator would, and choose how far it goes."""
    on = datetime.date(year, 1, 20)
    courses = []
    for unit in units:
        agreement = agreement_draft(unit=unit, year=year, by=actors.operators[unit.pk], on=on)
        status = rng.choices([s for s, _ in STATUS_MIX], weights=[w for _, w in STATUS_MIX])[0]
        if status == Status.COMPILED and not unit.is_regency:
            status = Status.SUBMITTED
        submitted_at = None
        if status in SUBMITTED_STATUSES:
            # Most arrive in the second half of January; a few late, on 1 February.
            submitted_at = datetime.datetime(year, 1, 10, 8, tzinfo=ZoneInfo(unit.time_zone)) + datetime.timedelta(
                days=rng.randint(0, 22), hours=rng.randint(0, 9)
            )
        courses.append(Course(agreement=agreement, status=status, rows=rng.randint(8, 30), submitted_at=submitted_at))
    return courses


def row_indicators() -> list[Indicator]:
    """A small pool of row indicators shared by the generated agreements, one per output."""
    pool = []
    for index, output in enumerate(OUTPUTS):
        indicator, _ = Indicator.objects.get_or_create(
            code=f"GEN.{index + 1:02d}",
            defaults={
                "name": f"Persentase Terlaksananya {output}",
                "measure_unit": "%",
                "target_kind": TargetKind.PERCENT,
                "polarity": Polarity.HIGHER,
                "measure_type": [MeasureType.CUMULATIVE, MeasureType.LAST, MeasureType.FLAT][index % 3],
            },
        )
        pool.append(indicator)
    return pool


def _generated_row(section: Section, order: int, rng: random.Random, indicators: list[Indicator]) -> Row:
    index = rng.randrange(len(OUTPUTS))
    percent = rng.random() < 0.6
    return Row(
        section=section,
        order=order,
        letter=chr(96 + order) if section.code else "",
        output=OUTPUTS[index] if section.code else "",
        indicator=indicators[index],
        indicator_text=indicators[index].name,
        target="100" if percent else str(rng.randint(1, 12)),
        measure_unit="%" if percent else rng.choice(["Lembaga", "Dokumen", "Laporan", "Kegiatan"]),
    )


def rows_add(courses: list[Course], rng: random.Random) -> int:
    """Add sections of generated rows after what the plan gave, up to each agreement's size.

    The agreements are drafts, so this is the content an operator would type;
    it is written in bulk. Returns the number of rows the agreements hold.
    """
    agreements = [course.agreement for course in courses]
    drafted = dict(
        Row.objects.filter(section__agreement__in=agreements)
        .values_list("section__agreement")
        .annotate(n=Count("pk"))
        .values_list("section__agreement", "n")
    )
    last_section = dict(
        Section.objects.filter(agreement__in=agreements)
        .values_list("agreement")
        .annotate(m=Max("order"))
        .values_list("agreement", "m")
    )
    indicators = row_indicators()
    sections, counts = [], []
    for course in courses:
        extra = max(0, course.rows - drafted.get(course.agreement.pk, 0))
        section_count = max(2, min(6, extra // 4)) if extra else 0
        base, remainder = divmod(extra, section_count) if section_count else (0, 0)
        first = last_section.get(course.agreement.pk) or 0
        for number in range(first + 1, first + section_count + 1):
            code = "" if course.unit.is_commission else rng.choice(list(ACTIVITIES))
            title = ACTIVITIES[code][0] if code else rng.choice(list(GOALS.values()) + OUTPUTS)
            sections.append(
                Section(agreement=course.agreement, order=number, number=str(number), code=code, title=title)
            )
            counts.append(base + (1 if number - first <= remainder else 0))
    Section.objects.bulk_create(sections, batch_size=1000)
    rows = [
        _generated_row(section, order, rng, indicators)
        for section, count in zip(sections, counts, strict=True)
        for order in range(1, count + 1)
    ]
    Row.objects.bulk_create(rows, batch_size=2000)
    return sum(drafted.values()) + len(rows)


def _scan_pdf(agreement: Agreement) -> bytes:
    """The final print, signed on paper and scanned in black and white (as the scan check requires)."""
    return scan_of(render(build_document(agreement), "pdf"), seed=agreement.pk, bitonal=True, rotation=0, noise=0)


def _statement(agreement: Agreement, signed_on: datetime.date) -> dict:
    """The statement page as its operator saves it: as drawn up, with the date of signing."""
    fields = ("signed_place", "first_party_name", "first_party_position", "first_party_acting")
    if agreement.has_second_party:
        fields += ("second_party_name", "second_party_position", "second_party_acting")
    return {**{field: getattr(agreement, field) for field in fields}, "signed_on": signed_on}


def agreements_sign(courses: list[Course], rng: random.Random, actors: Actors) -> None:
    """Date, finalise and (by scan) sign every agreement that is to get that far."""
    for course in courses:
        if course.status == Status.DRAFT:
            continue
        operator, agreement = actors.operators[course.unit.pk], course.agreement
        finalised_at = course.moment(5, 9) + datetime.timedelta(days=rng.randint(0, 2), hours=rng.randint(0, 7))
        scanned_at = course.moment(8, 9) + datetime.timedelta(days=rng.randint(0, 1), hours=rng.randint(0, 8))
        agreement = agreement_update_statement(
            agreement=agreement,
            data=_statement(agreement, scanned_at.date()),
            expected=agreement.change_count,
            by=operator,
        )
        agreement = lifecycle.agreement_finalise(agreement=agreement, by=operator, at=finalised_at)
        if course.status == Status.FINAL:
            continue
        lifecycle.scan_upload(
            agreement=agreement,
            data=_scan_pdf(agreement),
            filename="pindaian.pdf",
            by=operator,
            at=scanned_at,
        )
