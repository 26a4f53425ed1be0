"""A national data set for load and benchmark: every unit of the organisation with
officials, users, IKU down the cascade, a DIPA, one agreement of 8–30 rows,
statuses as on a realistic 1 February, small signed scans, and two quarters of
realisation.

Deterministic for a seed, idempotent (units that already have an agreement for
the year are left alone, so the Sorong demo survives), and written with bulk
inserts so that it finishes in well under a minute on SQLite. It bypasses the
services on purpose: it writes data that is already consistent, and the
services' one-object-at-a-time checks would make it take an hour.
"""

import datetime
import hashlib
import io
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfWriter

from kinerja.agreements import texts
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section, SignedScan, Status, StatusChange
from kinerja.demo.loader import DEMO_PASSWORD
from kinerja.demo.planning import ACTIVITIES, GOALS, NATIONAL_IKU, planning_demo_load
from kinerja.lib.deadlines import days_late
from kinerja.monitoring.achievement import Value, by_quarter
from kinerja.monitoring.models import Progress, Realisation
from kinerja.organisation.models import Acting, Appointment, Membership, Person, Position, Role, Unit, UnitKind
from kinerja.organisation.selectors import signatory_for, superior_for
from kinerja.planning.models import Dipa, DipaAllocation, IkuItem, IkuSet, Indicator, Program
from kinerja.planning.targets import MeasureType, Polarity, TargetKind

GIVEN = [
    "Ahmad",
    "Andi",
    "Agus",
    "Budi",
    "Dedi",
    "Dewi",
    "Eko",
    "Fitri",
    "Hendra",
    "Indah",
    "Irwan",
    "Joko",
    "Kartika",
    "Lestari",
    "Made",
    "Maria",
    "Nur",
    "Putu",
    "Rahmat",
    "Ratna",
    "Rudi",
    "Siti",
    "Sri",
    "Taufik",
    "Teguh",
    "Wahyu",
    "Yohanes",
    "Yulia",
    "Zainal",
    "Novi",
    "Frans",
    "Daniel",
    "Agustina",
    "Mariana",
    "Yosef",
    "Hasan",
]
FAMILY = [
    "Saputra",
    "Wijaya",
    "Siregar",
    "Nasution",
    "Lubis",
    "Simanjuntak",
    "Hutapea",
    "Pratama",
    "Santoso",
    "Kurniawan",
    "Hidayat",
    "Rahman",
    "Wulandari",
    "Setiawan",
    "Mahendra",
    "Sitompul",
    "Tanjung",
    "Manurung",
    "Kambu",
    "Rumbiak",
    "Wanggai",
    "Mandacan",
    "Tuhuleruw",
    "Pattiasina",
    "Lumban",
    "Tobing",
    "Daeng",
    "Makmur",
    "Matondang",
    "Ginting",
    "Sembiring",
    "Harahap",
    "Gultom",
    "Pasaribu",
    "Latuconsina",
]
OUTPUTS = [
    "Layanan Perkantoran",
    "Perencanaan dan Penganggaran Pemilu",
    "Pemutakhiran Data Pemilih",
    "Sosialisasi dan Pendidikan Pemilih",
    "Pembentukan Badan Adhoc",
    "Pengelolaan Logistik Pemilu",
    "Pemungutan dan Penghitungan Suara",
    "Penetapan Hasil Pemilu",
    "Pengelolaan Keuangan dan BMN",
    "Pengelolaan Arsip dan Dokumentasi",
    "Pelayanan Hukum dan Penyelesaian Sengketa",
    "Pengembangan Sumber Daya Manusia",
]
# The status of each unit's agreement on 1 February, with its weight.
STATUS_MIX = [
    (Status.DRAFT, 12),
    (Status.FINAL, 8),
    (Status.SIGNED, 10),
    (Status.SUBMITTED, 40),
    (Status.COMPILED, 15),
    (Status.RECEIVED, 15),
]
PIPELINE_ORDER = [Status.DRAFT, Status.FINAL, Status.SIGNED, Status.SUBMITTED, Status.COMPILED, Status.RECEIVED]
REGENCY_KINDS = {UnitKind.REGENCY, UnitKind.REGENCY_SECRETARIAT}


class NationalError(Exception):
    pass


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _scan_pdf(unit: Unit, year: int) -> bytes:
    """A one-page PDF, unique to the unit, standing in for the scan of the signed paper."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"PK {year} {unit.name}", "/Subject": "Pindaian PK bertanda tangan"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _officials(units: list[Unit], year: int, rng: random.Random) -> None:
    start = datetime.date(year - 1, 1, 2)
    positions = {p.unit_id: p for p in Position.objects.filter(is_head=True, unit__in=units)}
    held = set(Appointment.objects.filter(position__in=positions.values()).values_list("position__unit_id", flat=True))
    people, appointments = [], []
    for unit in units:
        if unit.pk in held:
            continue
        nip = (
            ""
            if unit.kind in (UnitKind.KPU, UnitKind.PROVINCE, UnitKind.REGENCY)
            else (
                f"19{rng.randint(60, 89)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
                f"20{rng.randint(0, 19):02d}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}"
            )
        )
        person = Person(name=_name(rng), nip=nip)
        people.append(person)
        acting = Acting.PLT if rng.random() < 0.03 else Acting.DEFINITIVE
        appointments.append((person, positions[unit.pk], acting))
    Person.objects.bulk_create(people, batch_size=500)
    Appointment.objects.bulk_create(
        [
            Appointment(person=person, position=position, starts_on=start, acting=acting)
            for person, position, acting in appointments
        ],
        batch_size=500,
    )


def _users(units: list[Unit]) -> None:
    """One operator per unit and one verifier per province, all with the demo password."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 1,100 times would take minutes
    wanted = {f"op.{unit.code}": (unit, Role.OPERATOR) for unit in units}
    wanted.update(
        {f"ver.{unit.code}": (unit, Role.PROVINCE_VERIFIER) for unit in units if unit.kind == UnitKind.PROVINCE}
    )
    existing = set(user_model.objects.filter(username__in=wanted).values_list("username", flat=True))
    user_model.objects.bulk_create(
        [user_model(username=name, password=password, first_name=name) for name in wanted if name not in existing],
        batch_size=500,
    )
    users = {u.username: u.pk for u in user_model.objects.filter(username__in=wanted)}
    have = set(Membership.objects.filter(user_id__in=users.values()).values_list("user_id", flat=True))
    Membership.objects.bulk_create(
        [
            Membership(user_id=users[name], unit=unit, role=role)
            for name, (unit, role) in wanted.items()
            if users[name] not in have
        ],
        batch_size=500,
    )


def _iku(units: list[Unit], year: int, rng: random.Random) -> None:
    """IKU sets down the cascade: every province from KPU's, every kab/kota from its province's."""
    national = IkuSet.objects.get(unit__kind=UnitKind.KPU, year=year)
    national_items = {item.indicator_id: item for item in national.items.all()}
    existing = set(IkuSet.objects.filter(year=year).values_list("unit_id", flat=True))
    review = datetime.date(year, 7, 1)
    for kind, codes in ((UnitKind.PROVINCE, None), (UnitKind.REGENCY, ["KPU.IKU.03", "KPU.IKU.04", "KPU.IKU.05"])):
        targets_units = [u for u in units if u.kind == kind and u.pk not in existing]
        IkuSet.objects.bulk_create(
            [
                IkuSet(unit=u, year=year, review_due=review + datetime.timedelta(days=rng.randint(0, 365)))
                for u in targets_units
            ],
            batch_size=500,
        )
        sets = {s.unit_id: s for s in IkuSet.objects.filter(unit__in=targets_units, year=year)}
        parents = {
            s.unit_id: {item.indicator_id: item for item in s.items.all()}
            for s in IkuSet.objects.filter(unit__in={u.parent_id for u in targets_units}, year=year).prefetch_related(
                "items"
            )
        }
        items = []
        for unit in targets_units:
            source_items = parents.get(unit.parent_id, national_items) if kind == UnitKind.REGENCY else national_items
            chosen = [i for i in source_items.values() if codes is None or i.indicator.code in codes]
            for order, source in enumerate(sorted(chosen, key=lambda i: i.order), start=1):
                items.append(
                    IkuItem(
                        iku_set=sets[unit.pk],
                        order=order,
                        goal=source.goal,
                        indicator_id=source.indicator_id,
                        source=source,
                        target_value=source.target_value,
                        target_upper=source.target_upper,
                        target_grade=source.target_grade,
                    )
                )
        IkuItem.objects.bulk_create(items, batch_size=1000)


def _dipas(units: list[Unit], year: int, rng: random.Random) -> dict[int, Dipa]:
    programs = {p.code: p for p in Program.objects.all()}
    existing = set(Dipa.objects.filter(year=year).values_list("unit_id", flat=True))
    new = [
        Dipa(
            unit=unit,
            year=year,
            number=f"SP DIPA-076.01.{rng.randint(1, 2)}.{unit.region_code or '00'}/{year}",
            ratified_on=datetime.date(year - 1, 12, 1) + datetime.timedelta(days=rng.randint(0, 45)),
        )
        for unit in units
        if unit.pk not in existing
    ]
    Dipa.objects.bulk_create(new, batch_size=500)
    dipas = {d.unit_id: d for d in Dipa.objects.filter(unit__in=units, year=year)}
    allocations = []
    for dipa in dipas.values():
        if dipa.unit_id in existing:
            continue
        allocations.append(
            DipaAllocation(dipa=dipa, program=programs["076.01.CQ"], amount=rng.randint(2, 40) * 250_000_000)
        )
        allocations.append(
            DipaAllocation(dipa=dipa, program=programs["076.01.WA"], amount=rng.randint(4, 20) * 125_000_000)
        )
    DipaAllocation.objects.bulk_create(allocations, batch_size=1000)
    return dipas


@transaction.atomic
def generate_national(*, year: int, seed: int, progress=None) -> dict:
    """Generate the national data set; returns counts of what was created."""
    rng = random.Random(seed)
    units = list(Unit.objects.select_related("parent", "province").order_by("sort_key"))
    if len(units) < 1000:
        raise NationalError("Organisasi KPU belum dimuat. Jalankan dulu: manage.py load_organisation")
    if not IkuSet.objects.filter(unit__kind=UnitKind.KPU, year=year).exists():
        if year != 2024:
            raise NationalError(f"IKU nasional {year} belum ada; data nasional dibuat untuk tahun 2024.")
        from kinerja.demo.loader import sorong_seed

        planning_demo_load(sorong_seed())
    step = progress or (lambda name: None)

    _officials(units, year, rng)
    step("pejabat")
    _users(units)
    step("pengguna")
    _iku(units, year, rng)
    step("IKU")
    dipas = _dipas(units, year, rng)
    step("DIPA")

    done = set(Agreement.objects.filter(year=year).values_list("unit_id", flat=True))
    todo = [unit for unit in units if unit.pk not in done]
    indicators = _row_indicators()
    national = {i.code: i for i in Indicator.objects.filter(code__in=[c for c, *_ in NATIONAL_IKU])}
    iku_targets = {
        (item.iku_set.unit_id, item.indicator_id): item
        for item in IkuItem.objects.filter(iku_set__year=year, iku_set__unit__in=todo).select_related("iku_set")
    }
    on = datetime.date(year, 1, 20)
    agreements, plans = [], []
    for unit in todo:
        first = signatory_for(unit=unit, on=on)
        second = superior_for(unit=unit, on=on) if unit.has_superior else None
        status = rng.choices([s for s, _ in STATUS_MIX], weights=[w for _, w in STATUS_MIX])[0]
        if status == Status.COMPILED and unit.kind not in REGENCY_KINDS:
            status = Status.SUBMITTED
        submitted_at = None
        if PIPELINE_ORDER.index(status) >= PIPELINE_ORDER.index(Status.SUBMITTED):
            # Most arrive in the second half of January; a few late, on 1 February.
            day = datetime.datetime(year, 1, 10, 8, tzinfo=ZoneInfo(unit.time_zone)) + datetime.timedelta(
                days=rng.randint(0, 22), hours=rng.randint(0, 9)
            )
            submitted_at = day
        agreements.append(
            Agreement(
                unit=unit,
                year=year,
                status=status,
                opening=texts.OPENING,
                paragraphs=list(texts.TWO_PARTY if unit.has_superior else texts.SINGLE_PARTY),
                first_party_name=first.person.name if first else "",
                first_party_position=first.position.title if first else "",
                first_party_acting=first.acting if first else "",
                has_second_party=unit.has_superior,
                second_party_name=second.person.name if second else "",
                second_party_position=second.position.title if second else "",
                second_party_acting=second.acting if second else "",
                signed_place=unit.place or unit.region_name or "Jakarta",
                signed_on=on - datetime.timedelta(days=rng.randint(0, 15)) if status != Status.DRAFT else None,
                submitted_at=submitted_at,
                days_late=days_late(submitted_at, year, unit.time_zone) if submitted_at else None,
            )
        )
        plans.append(rng.randint(8, 30))
    Agreement.objects.bulk_create(agreements, batch_size=500)
    agreements = list(
        Agreement.objects.filter(year=year, unit__in=todo).select_related("unit").order_by("unit__sort_key")
    )
    step("PK")

    sections, rows_per_section = [], []
    for agreement, row_count in zip(agreements, plans, strict=True):
        section_count = max(2, min(6, row_count // 4))
        base, extra = divmod(row_count, section_count)
        activity_codes = list(ACTIVITIES)
        for number in range(1, section_count + 1):
            code = (
                rng.choice(activity_codes)
                if agreement.unit.kind not in (UnitKind.KPU, UnitKind.PROVINCE, UnitKind.REGENCY)
                else ""
            )
            title = ACTIVITIES[code][0] if code else rng.choice(list(GOALS.values()) + OUTPUTS)
            sections.append(Section(agreement=agreement, order=number, number=str(number), code=code, title=title))
            rows_per_section.append(base + (1 if number <= extra else 0))
    Section.objects.bulk_create(sections, batch_size=1000)
    sections = list(
        Section.objects.filter(agreement__in=agreements)
        .select_related("agreement__unit")
        .order_by("agreement__unit__sort_key", "order")
    )

    rows = []
    for section, count in zip(sections, rows_per_section, strict=True):
        unit = section.agreement.unit
        for order in range(1, count + 1):
            if section.order == 1 and order <= 3 and unit.kind in (UnitKind.PROVINCE, UnitKind.REGENCY):
                code = ["KPU.IKU.03", "KPU.IKU.04", "KPU.IKU.05"][order - 1]
                indicator = national[code]
                item = iku_targets.get((unit.pk, indicator.pk))
                target = item.target_display.split()[0] if item else "B"
                rows.append(
                    Row(
                        section=section,
                        order=order,
                        indicator=indicator,
                        indicator_text=indicator.name,
                        target=target,
                        measure_unit=indicator.measure_unit,
                    )
                )
                continue
            index = rng.randrange(len(OUTPUTS))
            output, indicator = OUTPUTS[index], indicators[index]
            text = indicator.name
            percent = rng.random() < 0.6
            rows.append(
                Row(
                    section=section,
                    order=order,
                    letter=chr(96 + order) if section.code else "",
                    output=output if section.code else "",
                    indicator=indicator,
                    indicator_text=text,
                    target="100" if percent else str(rng.randint(1, 12)),
                    measure_unit="%" if percent else rng.choice(["Lembaga", "Dokumen", "Laporan", "Kegiatan"]),
                )
            )
    Row.objects.bulk_create(rows, batch_size=2000)
    step("baris")

    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                agreement=agreement,
                order=order,
                program=allocation.program,
                program_name=allocation.program.name,
                program_code=allocation.program.code,
                amount=allocation.amount,
            )
            for agreement in agreements
            for order, allocation in enumerate(dipas[agreement.unit_id].allocations.select_related("program"), start=1)
        ],
        batch_size=2000,
    )
    _history_and_scans(agreements, year, rng)
    step("status dan pindaian")
    realised = _realisation(agreements, year, rng)
    step("realisasi")
    return {"units": len(units), "agreements": len(agreements), "rows": len(rows), "realisations": realised}


def _row_indicators() -> list[Indicator]:
    """A small pool of row indicators shared by the generated agreements."""
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


def _history_and_scans(agreements: list[Agreement], year: int, rng: random.Random) -> None:
    changes, scans = [], []
    for agreement in agreements:
        reached = PIPELINE_ORDER.index(Status(agreement.status))
        moment = datetime.datetime(year, 1, 5, 9, tzinfo=ZoneInfo(agreement.unit.time_zone))
        for index in range(reached):
            to = PIPELINE_ORDER[index + 1]
            if to == Status.COMPILED and agreement.unit.kind not in REGENCY_KINDS:
                continue
            source = PIPELINE_ORDER[index]
            if to == Status.RECEIVED and agreement.unit.kind not in REGENCY_KINDS:
                source = Status.SUBMITTED
            moment = (
                agreement.submitted_at
                if to == Status.SUBMITTED
                else moment + datetime.timedelta(days=rng.randint(1, 3))
            )
            changes.append(StatusChange(agreement=agreement, from_status=source, to_status=to, at=moment))
        if reached >= PIPELINE_ORDER.index(Status.SIGNED):
            data = _scan_pdf(agreement.unit, year)
            sha256 = hashlib.sha256(data).hexdigest()
            name = default_storage.save(f"pindaian/{year}/{agreement.unit.code}/{sha256}.pdf", ContentFile(data))
            scans.append(
                SignedScan(
                    agreement=agreement,
                    file=name,
                    sha256=sha256,
                    size=len(data),
                    pages=1,
                    original_name="pindaian.pdf",
                    uploaded_at=moment,
                )
            )
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    SignedScan.objects.bulk_create(scans, batch_size=1000)


def _realisation(agreements: list[Agreement], year: int, rng: random.Random) -> int:
    """Two quarters of realisation for every agreement handed in, with its computed progress."""
    from kinerja.monitoring.services import row_target

    handed_in = [a for a in agreements if a.submitted_at is not None]
    rows = Row.objects.filter(section__agreement__in=handed_in).select_related("indicator", "section__agreement__unit")
    realisations, progress = [], []
    for row in rows:
        agreement = row.section.agreement
        target = row_target(row)
        values = []
        for quarter in (1, 2):
            if target.grade:
                value = Value(
                    grade=rng.choice(["B", "BB", "CC"])
                    if row.indicator.grade_scale == "sakip"
                    else rng.choice(["WTP", "WDP"])
                )
            elif target.value is not None:
                value = Value(
                    number=(target.value * Decimal(rng.randint(30, 110)) / 100 * quarter / 2).quantize(Decimal("0.01"))
                )
            else:
                value = Value()
            values.append(value)
            if not value.is_empty:
                realisations.append(
                    Realisation(
                        row=row,
                        quarter=quarter,
                        value=value.number,
                        grade=value.grade,
                        entered_at=datetime.datetime(
                            year, 3 * quarter + 1, 7, tzinfo=ZoneInfo(agreement.unit.time_zone)
                        ),
                    )
                )
        indicator = row.indicator
        results = by_quarter(
            target,
            values,
            polarity=indicator.polarity if indicator else Polarity.HIGHER,
            measure_type=indicator.measure_type if indicator else MeasureType.LAST,
            scale=indicator.grade_scale if indicator else "",
        )
        for quarter, result in enumerate(results, start=1):
            progress.append(
                Progress(
                    row=row,
                    quarter=quarter,
                    agreement=agreement,
                    unit_id=agreement.unit_id,
                    province_id=agreement.unit.province_id,
                    indicator=indicator,
                    year=year,
                    actual=(result.actual.grade or f"{result.actual.number}")
                    if result.actual and not result.actual.is_empty
                    else "",
                    percent=result.percent,
                    reason=result.reason,
                    category=result.category,
                )
            )
    Realisation.objects.bulk_create(realisations, batch_size=2000)
    Progress.objects.bulk_create(progress, batch_size=2000)
    return len(realisations)
