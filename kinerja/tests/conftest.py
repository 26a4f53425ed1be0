"""Kota Sorong with one object of every kind a page can name by id.

The project-wide tests (access matrix, hardening) ask every page about an
object that belongs to KPU Kota Sorong, so that the outsider's answer proves
the unit rule. `load_demo` leaves most of them (the received commission PK, the
submitted secretariat PK, their scans, the province's package, the
realisation); this fixture adds the rest: a PK Perubahan in draft to edit,
files behind every download, a hardcopy request and a print job.
"""

import dataclasses

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, BudgetLine, RevisionReason, Row, Section, SignedScan
from kinerja.conftest import make_pdf
from kinerja.monitoring.models import Realisation
from kinerja.organisation.models import Unit
from kinerja.planning.models import Decree, Dipa, IkuItem, IkuSet, StrategicPlan
from kinerja.submissions import services as submissions
from kinerja.submissions.jobs import run_job
from kinerja.submissions.models import CompilationPackage, HardcopyRequest, JobKind, JobStatus, PrintJob


@dataclasses.dataclass
class SorongWorld:
    sorong: Unit
    province: Unit
    commission: Agreement  # received by KPU: scan, package, realisation
    secretariat: Agreement  # submitted, waiting at the province
    revision: Agreement  # the commission's PK Perubahan, a draft
    section: Section  # of the draft
    row: Row  # of the draft
    budget_line: BudgetLine  # of the draft
    reported_row: Row  # of the received PK, with realisation
    scan: SignedScan
    package: CompilationPackage
    realisation: Realisation  # with an evidence file
    decree: Decree  # with its signed file
    iku_item: IkuItem
    dipa: Dipa
    plan: StrategicPlan  # KPU's Renstra
    hardcopy_request: HardcopyRequest
    job: PrintJob  # Papua Barat Daya's print job, done, with its result
    year: int = 2024


@pytest.fixture
def sorong_world(demo_story, personas, units) -> SorongWorld:
    commission, secretariat = demo_story
    sorong, province = units["kpu-96.71"], units["kpu-96"]
    revision = lifecycle.agreement_revise(
        agreement=commission, reason=RevisionReason.OFFICIAL, note="Pergantian Ketua (uji akses)", by=personas.operator
    )
    section = revision.sections.order_by("order").first()
    reported_row = Row.objects.filter(section__agreement=commission, realisations__isnull=False).first()
    realisation = reported_row.realisations.order_by("quarter").first()
    realisation.evidence_file.save("bukti-tw1.pdf", ContentFile(make_pdf()), save=True)
    decree = Decree.objects.get(unit=sorong)
    decree.signed_file.save(f"keputusan-{decree.pk}.pdf", ContentFile(make_pdf()), save=True)
    job = PrintJob.objects.create(
        kind=JobKind.PROVINCE_ZIP,
        year=2024,
        province=province,
        status=JobStatus.DONE,
        created_by=personas.province_verifier,
    )
    job.result.save("pk-2024-papua-barat-daya.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=True)
    # Every model the admin lists has at least one row, so that its change pages are asked too.
    run_job.enqueue(job.pk)
    Group.objects.get_or_create(name="Verifikator")
    AccessAttempt.objects.create(username="salah", ip_address="127.0.0.1", user_agent="uji", failures_since_start=1)
    AccessFailureLog.objects.create(username="salah", ip_address="127.0.0.1", user_agent="uji")
    AccessLog.objects.create(username="admin", ip_address="127.0.0.1", user_agent="uji")
    return SorongWorld(
        sorong=sorong,
        province=province,
        commission=commission,
        secretariat=secretariat,
        revision=revision,
        section=section,
        row=section.rows.order_by("order").first(),
        budget_line=revision.budget_lines.first(),
        reported_row=reported_row,
        scan=commission.current_scan(),
        package=CompilationPackage.objects.get(agreements=commission),
        realisation=realisation,
        decree=decree,
        iku_item=IkuItem.objects.filter(iku_set=IkuSet.objects.get(unit=sorong, year=2024)).first(),
        dipa=Dipa.objects.get(unit=sorong, year=2024),
        plan=StrategicPlan.objects.filter(unit__code="kpu").order_by("pk").first(),
        hardcopy_request=submissions.hardcopy_request(
            agreement=commission, note="Untuk pemeriksaan Inspektorat", by=personas.central_verifier
        ),
        job=job,
    )
