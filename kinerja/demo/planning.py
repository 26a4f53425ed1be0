"""Demo plan for 2024: KPU's Renstra and IKU, the IKU cascade down to KPU Kota
Sorong, Sorong's DIPA and RKT, consistent with the two seed agreements.

What the seed states (sections, indicators, targets, programs, activity codes,
amounts of the agreements) is taken from it. What it does not state is
illustrative and marked so here: the Renstra targets, decree numbers and dates,
the DIPA ratification date, and the amount of program 076.01.WA (blank in the
secretariat's agreement).
"""

import datetime
import hashlib

from django.db import transaction

from kinerja.organisation.models import Unit
from kinerja.planning.models import (
    Activity,
    Decree,
    Dipa,
    DipaAllocation,
    Goal,
    IkuItem,
    IkuSet,
    Indicator,
    PlanTarget,
    Program,
    StrategicPlan,
    WorkPlan,
    WorkPlanRow,
    WorkPlanSection,
)
from kinerja.planning.targets import GradeScale, MeasureType, Polarity, TargetKind

YEAR = 2024

PROGRAMS = {
    "076.01.CQ": "Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi",
    "076.01.WA": "Program Dukungan Manajemen",
}
# Activity codes of the secretariat's agreement. 3359 and 6767 are uncertain
# readings of the scan (see the seed's `code_uncertain`).
ACTIVITIES = {
    "3359": ("Pengelolaan Keuangan dan Barang Milik Negara", "076.01.WA"),
    "3360": ("Penyelenggaraan Operasional Perkantoran dan Dukungan Sarana Prasarana", "076.01.WA"),
    "6709": (
        "Perencanaan Program dan Anggaran serta Penyusunan Peraturan Pelaksanaan Penyelenggaraan Pemilu",
        "076.01.CQ",
    ),
    "6767": ("Pembentukan Badan Adhoc", "076.01.CQ"),
    "6870": ("Masa Kampanye", "076.01.CQ"),
    "6981": (
        "Pengucapan Sumpah/Janji Presiden dan Wakil Presiden serta Anggota DPR, DPD, DPRD Provinsi dan "
        "DPRD Kabupaten/Kota",
        "076.01.CQ",
    ),
}

# KPU's IKU (illustrative Renstra 2020–2024 and 2025–2029; the three of goal 2
# are the ones Kota Sorong's agreement carries in its section 9).
NATIONAL_IKU = [
    # code, goal number, name, unit, kind, scale, polarity, measure type, target
    (
        "KPU.IKU.01",
        1,
        "Persentase tahapan Pemilu yang terlaksana sesuai jadwal",
        "%",
        TargetKind.PERCENT,
        "",
        Polarity.HIGHER,
        MeasureType.CUMULATIVE,
        "100",
    ),
    (
        "KPU.IKU.02",
        1,
        "Persentase pemilih yang memenuhi syarat tetapi tidak terdaftar",
        "%",
        TargetKind.PERCENT,
        "",
        Polarity.LOWER,
        MeasureType.ANNUAL,
        "2",
    ),
    (
        "KPU.IKU.03",
        2,
        "Laporan Hasil Evaluasi SAKIP",
        "Predikat",
        TargetKind.GRADE,
        GradeScale.SAKIP,
        Polarity.HIGHER,
        MeasureType.ANNUAL,
        "B",
    ),
    (
        "KPU.IKU.04",
        2,
        "Opini atas Laporan Keuangan",
        "Opini",
        TargetKind.GRADE,
        GradeScale.AUDIT_OPINION,
        Polarity.HIGHER,
        MeasureType.ANNUAL,
        "WTP",
    ),
    (
        "KPU.IKU.05",
        2,
        "Indeks Reformasi Birokrasi",
        "Indeks",
        TargetKind.NUMBER,
        "",
        Polarity.HIGHER,
        MeasureType.ANNUAL,
        "30",
    ),
]
GOALS = {
    1: "Meningkatnya kualitas penyelenggaraan Pemilu yang demokratis",
    2: "Meningkatnya akuntabilitas kinerja dan tata kelola keuangan",
}
# Sorong's agreement section 9 names these indicators as the seed reads them.
SORONG_IKU_CODES = ["KPU.IKU.03", "KPU.IKU.04", "KPU.IKU.05"]


def indicator_code(name: str) -> str:
    """A short stable code for an indicator known only by its name."""
    return "IK-" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8].upper()


def _indicator_for_row(row: dict) -> Indicator:
    """The indicator of an agreement row of the seed: a national IKU, or one of its own."""
    for code, _goal, name, *_ in NATIONAL_IKU:
        if name == row["indicator"]:
            return Indicator.objects.get(code=code)
    indicator, _ = Indicator.objects.update_or_create(
        code=indicator_code(row["indicator"]),
        defaults={
            "name": row["indicator"],
            "measure_unit": row["unit"],
            "target_kind": TargetKind.NUMBER,
            "polarity": Polarity.HIGHER,
            "measure_type": MeasureType.LAST,
        },
    )
    return indicator


def _iku_set(unit: Unit, decree_number: str, issued_on, review_due, title: str) -> IkuSet:
    decree, _ = Decree.objects.update_or_create(
        unit=unit, number=decree_number, defaults={"issued_on": issued_on, "title": title}
    )
    iku_set, _ = IkuSet.objects.update_or_create(
        unit=unit, year=YEAR, defaults={"decree": decree, "review_due": review_due}
    )
    return iku_set


def _derive(iku_set: IkuSet, parent_set: IkuSet | None, codes: list[str]) -> None:
    for order, code in enumerate(codes, start=1):
        indicator = Indicator.objects.get(code=code)
        source = parent_set.items.get(indicator=indicator) if parent_set else None
        target = indicator.parse_target(next(t for c, *_, t in NATIONAL_IKU if c == code))
        goal_number = next(g for c, g, *_ in NATIONAL_IKU if c == code)
        IkuItem.objects.update_or_create(
            iku_set=iku_set,
            indicator=indicator,
            defaults={
                "order": order,
                "goal": GOALS[goal_number],
                "source": source,
                "target_value": target.value,
                "target_upper": target.upper,
                "target_grade": target.grade,
            },
        )


def _work_plan(unit: Unit, agreement: dict) -> None:
    """The RKT of `unit`, section by section and row by row as the agreement reads."""
    work_plan, _ = WorkPlan.objects.get_or_create(unit=unit, year=YEAR)
    if work_plan.sections.exists():
        return
    for section_order, section in enumerate(agreement["sections"], start=1):
        code = section.get("code")
        work_section = WorkPlanSection.objects.create(
            work_plan=work_plan,
            order=section_order,
            title=section["title"],
            activity=Activity.objects.filter(code=code).first() if code else None,
        )
        for row_order, row in enumerate(section["rows"], start=1):
            indicator = _indicator_for_row(row)
            target = indicator.parse_target(row["target"])
            WorkPlanRow.objects.create(
                section=work_section,
                order=row_order,
                output=row.get("output", ""),
                indicator=indicator,
                measure_unit=row["unit"],
                target_value=target.value,
                target_upper=target.upper,
                target_grade=target.grade,
            )


def _dipa(unit: Unit, ratified_on: datetime.date, number: str, allocations: list[tuple[str, int]]) -> Dipa:
    dipa, _ = Dipa.objects.update_or_create(
        unit=unit, year=YEAR, defaults={"ratified_on": ratified_on, "number": number}
    )
    for program_code, amount in allocations:
        DipaAllocation.objects.update_or_create(
            dipa=dipa,
            program=Program.objects.get(code=program_code),
            activity=None,
            defaults={"amount": amount},
        )
    return dipa


def _catalogue() -> None:
    """Programs, activities and KPU's indicators, shared by every unit's plan."""
    for code, name in PROGRAMS.items():
        Program.objects.update_or_create(code=code, defaults={"name": name})
    for code, (name, program) in ACTIVITIES.items():
        Activity.objects.update_or_create(
            code=code, defaults={"name": name, "program": Program.objects.get(code=program)}
        )
    for code, _goal, name, unit, kind, scale, polarity, measure, _target in NATIONAL_IKU:
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "measure_unit": unit,
                "target_kind": kind,
                "grade_scale": scale,
                "polarity": polarity,
                "measure_type": measure,
            },
        )


def _strategic_plans(kpu: Unit) -> None:
    """KPU's Renstra 2020–2024 and 2025–2029, with a target per IKU and year."""
    for start in (2020, 2025):
        plan, _ = StrategicPlan.objects.get_or_create(
            unit=kpu, start_year=start, defaults={"title": "Rencana Strategis KPU", "end_year": start + 4}
        )
        for number, title in GOALS.items():
            goal, _ = Goal.objects.get_or_create(plan=plan, number=number, defaults={"title": title})
            for code, goal_number, *_, target_text in NATIONAL_IKU:
                if goal_number != number:
                    continue
                indicator = Indicator.objects.get(code=code)
                target = indicator.parse_target(target_text)
                for year in plan.years:
                    PlanTarget.objects.update_or_create(
                        goal=goal,
                        indicator=indicator,
                        year=year,
                        defaults={
                            "target_value": target.value,
                            "target_upper": target.upper,
                            "target_grade": target.grade,
                        },
                    )


def _iku_cascade(kpu: Unit, province: Unit, sorong: Unit) -> None:
    """The IKU of KPU, of KPU Provinsi Papua Barat Daya and of KPU Kota Sorong for 2024."""
    all_codes = [row[0] for row in NATIONAL_IKU]
    national = _iku_set(
        kpu,
        "Keputusan KPU Nomor 12 Tahun 2024 (contoh)",
        datetime.date(2024, 1, 8),
        datetime.date(2024, 7, 1),
        "Indikator Kinerja Utama Komisi Pemilihan Umum Tahun 2024",
    )
    _derive(national, None, all_codes)
    provincial = _iku_set(
        province,
        "Keputusan KPU Provinsi Papua Barat Daya Nomor 3 Tahun 2024 (contoh)",
        datetime.date(2024, 1, 15),
        datetime.date(2026, 12, 31),
        "Indikator Kinerja Utama KPU Provinsi Papua Barat Daya Tahun 2024",
    )
    _derive(provincial, national, all_codes)
    local = _iku_set(
        sorong,
        "Keputusan KPU Kota Sorong Nomor 5 Tahun 2024 (contoh)",
        datetime.date(2024, 1, 22),
        datetime.date(2026, 12, 31),
        "Indikator Kinerja Utama KPU Kota Sorong Tahun 2024",
    )
    _derive(local, provincial, SORONG_IKU_CODES)


@transaction.atomic
def planning_demo_load(seed: dict) -> None:
    """Load (or refresh) the demo plan; safe to run again."""
    _catalogue()
    kpu = Unit.objects.get(code="kpu")
    _strategic_plans(kpu)
    sorong = Unit.objects.get(code="kpu-96.71")
    secretariat = Unit.objects.get(code="sekretariat-96.71")
    _iku_cascade(kpu, Unit.objects.get(code="kpu-96"), sorong)

    commission, secretariat_agreement = seed["agreements"]
    _work_plan(sorong, commission)
    _work_plan(secretariat, secretariat_agreement)

    # The ratification date is illustrative: 2 January 2024 puts the PK due on
    # 1 February 2024, so the seed's 6 March signing is late, as the guideline
    # example is.
    ratified = datetime.date(2024, 1, 2)
    _dipa(sorong, ratified, "SP DIPA-076.01.2.96.71-0/2024 (contoh)", [("076.01.CQ", 5_113_999_000)])
    _dipa(
        secretariat,
        ratified,
        "SP DIPA-076.01.1.96.71-1/2024 (contoh)",
        # The WA amount is blank in the agreement; the DIPA needs one: illustrative.
        [("076.01.CQ", 19_310_290_000), ("076.01.WA", 2_874_512_000)],
    )


# --- 2025, ready to start -----------------------------------------------------------------------------------------

NEXT_YEAR = 2025
# What the Renstra 2025–2029 asks more of than 2024 (illustrative), and the IKU
# KPU adds in 2025, so that copying 2024 into 2025 shows changed and new lines.
NEXT_TARGETS = {"KPU.IKU.03": "BB", "KPU.IKU.05": "32"}
NEXT_INDICATOR = (
    "KPU.IKU.06",
    2,
    "Indeks Keterbukaan Informasi Publik",
    "Nilai",
    TargetKind.NUMBER,
    "",
    Polarity.HIGHER,
    MeasureType.ANNUAL,
    "85",
)


def _next_year_set(unit: Unit, parent_set: IkuSet | None, decree_number: str, issued_on, title: str) -> IkuSet:
    decree, _ = Decree.objects.update_or_create(
        unit=unit, number=decree_number, defaults={"issued_on": issued_on, "title": title}
    )
    iku_set, _ = IkuSet.objects.update_or_create(
        unit=unit, year=NEXT_YEAR, defaults={"decree": decree, "review_due": datetime.date(NEXT_YEAR, 7, 1)}
    )
    for order, (code, goal_number, *_rest, target_text) in enumerate([*NATIONAL_IKU, NEXT_INDICATOR], start=1):
        indicator = Indicator.objects.get(code=code)
        target = indicator.parse_target(NEXT_TARGETS.get(code, target_text))
        IkuItem.objects.update_or_create(
            iku_set=iku_set,
            indicator=indicator,
            defaults={
                "order": order,
                "goal": GOALS[goal_number],
                "source": parent_set.items.get(indicator=indicator) if parent_set else None,
                "target_value": target.value,
                "target_upper": target.upper,
                "target_grade": target.grade,
            },
        )
    return iku_set


@transaction.atomic
def next_year_demo_load() -> None:
    """2025 ready to start (issue #14): the Renstra 2025 targets, the 2025 IKU of KPU and of KPU
    Provinsi Papua Barat Daya set by decree, and Kota Sorong's 2025 DIPA ratified on 2 January
    2025. Nothing else of Kota Sorong: its operator copies its IKU, RKT and PK from 2024."""
    code, goal_number, name, unit, kind, scale, polarity, measure, _target = NEXT_INDICATOR
    indicator, _ = Indicator.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "measure_unit": unit,
            "target_kind": kind,
            "grade_scale": scale,
            "polarity": polarity,
            "measure_type": measure,
        },
    )
    kpu = Unit.objects.get(code="kpu")
    plan = StrategicPlan.objects.get(unit=kpu, start_year=NEXT_YEAR)
    goal = plan.goals.get(number=goal_number)
    for year in plan.years:
        for target_code, text in [*NEXT_TARGETS.items(), (code, NEXT_INDICATOR[-1])]:
            target_indicator = Indicator.objects.get(code=target_code)
            target = target_indicator.parse_target(text)
            PlanTarget.objects.update_or_create(
                goal=plan.goals.get(number=next((g for c, g, *_ in NATIONAL_IKU if c == target_code), goal.number)),
                indicator=target_indicator,
                year=year,
                defaults={"target_value": target.value, "target_upper": target.upper, "target_grade": target.grade},
            )
    national = _next_year_set(
        kpu,
        None,
        "Keputusan KPU Nomor 4 Tahun 2025 (contoh)",
        datetime.date(2025, 1, 6),
        "Indikator Kinerja Utama Komisi Pemilihan Umum Tahun 2025",
    )
    _next_year_set(
        Unit.objects.get(code="kpu-96"),
        national,
        "Keputusan KPU Provinsi Papua Barat Daya Nomor 2 Tahun 2025 (contoh)",
        datetime.date(2025, 1, 9),
        "Indikator Kinerja Utama KPU Provinsi Papua Barat Daya Tahun 2025",
    )
    _next_year_dipas()


def _next_year_dipas() -> None:
    """Kota Sorong's DIPA of 2025 (the commission's and the secretariat's), ratified on 2 January 2025."""
    ratified = datetime.date(NEXT_YEAR, 1, 2)
    for unit_code, number, allocations in (
        ("kpu-96.71", "SP DIPA-076.01.2.96.71-0/2025 (contoh)", [("076.01.CQ", 3_284_500_000)]),
        (
            "sekretariat-96.71",
            "SP DIPA-076.01.1.96.71-1/2025 (contoh)",
            [("076.01.CQ", 9_870_150_000), ("076.01.WA", 3_016_400_000)],
        ),
    ):
        dipa, _ = Dipa.objects.update_or_create(
            unit=Unit.objects.get(code=unit_code),
            year=NEXT_YEAR,
            defaults={"ratified_on": ratified, "number": number},
        )
        for program_code, amount in allocations:
            DipaAllocation.objects.update_or_create(
                dipa=dipa, program=Program.objects.get(code=program_code), activity=None, defaults={"amount": amount}
            )
