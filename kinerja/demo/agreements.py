"""The two agreements of KPU Kota Sorong for 2024, exactly as the seed reads."""

import datetime

from django.db import transaction

from kinerja.agreements.models import Agreement, BudgetLine, Row, Section
from kinerja.demo.planning import NATIONAL_IKU, indicator_code
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, Indicator, Program

UNIT_CODES = ("kpu-96.71", "sekretariat-96.71")


def _indicator(name: str) -> Indicator | None:
    for code, _goal, national_name, *_ in NATIONAL_IKU:
        if national_name == name:
            return Indicator.objects.get(code=code)
    return Indicator.objects.filter(code=indicator_code(name)).first()


def _create(unit: Unit, data: dict) -> Agreement:
    two_party = data["kind"] == "two_party"
    first, second = data["first_party"], data["second_party"]
    agreement = Agreement.objects.create(
        unit=unit,
        year=data["year"],
        opening=data["statement"][0],
        paragraphs=data["statement"][1:],
        first_party_name=first["name"],
        first_party_position=first["position"],
        has_second_party=two_party,
        second_party_name=second["name"] if second else "",
        second_party_position=second["position"] if second else "",
        signed_place=data["signed_place"],
        signed_on=datetime.date.fromisoformat(data["signed_date"]),
    )
    for order, section_data in enumerate(data["sections"], start=1):
        code = section_data.get("code") or ""
        section = Section.objects.create(
            agreement=agreement,
            order=order,
            number=section_data["no"],
            code=code,
            title=section_data["title"],
            activity=Activity.objects.filter(code=code).first() if code else None,
        )
        for row_order, row in enumerate(section_data["rows"], start=1):
            Row.objects.create(
                section=section,
                order=row_order,
                letter=row.get("letter", ""),
                output=row.get("output", ""),
                indicator_text=row["indicator"],
                indicator=_indicator(row["indicator"]),
                target=row["target"],
                measure_unit=row["unit"],
            )
    for order, line in enumerate(data["budget"], start=1):
        BudgetLine.objects.create(
            agreement=agreement,
            order=order,
            program_name=line["program"],
            program_code=line["code"],
            program=Program.objects.filter(code=line["code"]).first(),
            amount=line["amount"],
        )
    return agreement


@transaction.atomic
def agreements_demo_load(seed: dict) -> list[Agreement]:
    """Create the seed agreements if the units have none for their year yet."""
    created = []
    for code, data in zip(UNIT_CODES, seed["agreements"], strict=True):
        unit = Unit.objects.get(code=code)
        if not Agreement.objects.filter(unit=unit, year=data["year"]).exists():
            created.append(_create(unit, data))
    return created
