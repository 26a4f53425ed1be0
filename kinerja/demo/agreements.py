"""The two agreements of KPU Kota Sorong for 2024, exactly as the seed reads."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, BudgetLine, Row, Section
from kinerja.demo.planning import NATIONAL_IKU, indicator_code
from kinerja.demo.scans import scan_of
from kinerja.documents.builder import build_document, build_filename
from kinerja.documents.render import render
from kinerja.lib.timezones import WIT
from kinerja.organisation.models import Unit
from kinerja.planning.models import Activity, Indicator, Program
from kinerja.submissions.services import hardcopy_record, package_compile, package_forward, package_receive

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


def _at(day: str, hour: int) -> datetime.datetime:
    """A moment of the demo's story, in Sorong's time (WIT)."""
    return datetime.datetime.fromisoformat(f"{day}T{hour:02d}:00:00").replace(tzinfo=ZoneInfo(WIT))


def _story(commission: Agreement, secretariat: Agreement) -> None:
    """Take both agreements along the route as it could have happened in 2024.

    Both are signed on 6 March 2024 (the seed's date). The commission's goes
    in on 7 March, is compiled by Papua Barat Daya on 11 March and received by
    KPU on 15 March; the secretariat's goes in on 12 March, after that
    compilation, and waits for the next one.
    """
    users = {user.username: user for user in get_user_model().objects.filter(username__in=DEMO_ACTORS)}
    operator, province, central = (users[name] for name in DEMO_ACTORS)
    for agreement in (commission, secretariat):
        agreement = lifecycle.agreement_finalise(agreement=agreement, by=operator, at=_at("2024-03-05", 16))
        # The final print, signed on paper and scanned: pages as images, no DRAF, the code on every page.
        scan = scan_of(render(build_document(agreement), "pdf"), seed=agreement.pk)
        lifecycle.scan_upload(
            agreement=agreement,
            data=scan,
            filename=f"{build_filename(agreement)}-ttd.pdf",
            by=operator,
            at=_at("2024-03-06", 14),
        )
    lifecycle.agreement_submit(agreement=commission, by=operator, at=_at("2024-03-07", 9))
    package = package_compile(
        province=commission.unit.province, year=commission.year, by=province, at=_at("2024-03-11", 10)
    )
    hardcopy_record(
        agreement=commission,
        location="Lemari arsip PK 2024, Ruang Perencanaan KPU Provinsi Papua Barat Daya, rak 2, map Kota Sorong",
        by=province,
    )
    package_forward(package=package, by=province, at=_at("2024-03-11", 11))
    package_receive(package=package, by=central, at=_at("2024-03-15", 9))
    lifecycle.agreement_submit(agreement=secretariat, by=operator, at=_at("2024-03-12", 10))


DEMO_ACTORS = ("operator.sorong", "verifikator.pbd", "verifikator.pusat")


@transaction.atomic
def agreements_demo_load(seed: dict, *, with_story: bool = True) -> list[Agreement]:
    """Create the seed agreements if the units have none for their year yet.

    With `with_story`, they are taken along the route of 2024 (see `_story`);
    without, they stay drafts (for tests that walk the route themselves).
    """
    created = []
    for code, data in zip(UNIT_CODES, seed["agreements"], strict=True):
        unit = Unit.objects.get(code=code)
        if not Agreement.objects.filter(unit=unit, year=data["year"]).exists():
            created.append(_create(unit, data))
    if with_story and len(created) == 2:
        _story(*created)
    return created
