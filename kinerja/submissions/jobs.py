"""Bulk work in the background: printing every agreement of a province or of the
country, and the province compilation. Each job is a row of PrintJob with its
progress, run by a `db_worker` through django-tasks' database backend."""

import datetime
import io
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader, PdfWriter

from kinerja.agreements.models import Agreement
from kinerja.agreements.selectors import with_content
from kinerja.documents import registry
from kinerja.documents.builder import build_document
from kinerja.documents.models import IssuedKind
from kinerja.documents.render import render
from kinerja.organisation.models import Unit
from kinerja.submissions.models import JobKind, JobStatus, PrintJob
from kinerja.submissions.selectors import compilable
from kinerja.submissions.services import package_compile

HEARTBEAT_EVERY = 10  # agreements


def job_enqueue(*, kind: str, year: int, by, province: Unit | None = None) -> PrintJob:
    """Record a job and put it in the queue; a worker picks it up."""
    job = PrintJob.objects.create(kind=kind, year=year, province=province, created_by=by)
    # Enqueued only once the job row is committed, so that a fast worker finds it.
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    result = run_job.enqueue(job_id)
    PrintJob.objects.filter(pk=job_id).update(task_id=str(result.id))


def _latest(agreements):
    """The latest version of each unit's agreement."""
    latest: dict[int, Agreement] = {}
    for agreement in agreements.order_by("unit__sort_key", "version"):
        latest[agreement.unit_id] = agreement
    return list(latest.values())


def _progress(job: PrintJob, done: int) -> None:
    PrintJob.objects.filter(pk=job.pk).update(done=done, heartbeat_at=timezone.now())


def _province_zip(job: PrintJob) -> bytes:
    agreements = _latest(with_content(Agreement.objects.filter(year=job.year, unit__province=job.province)))
    PrintJob.objects.filter(pk=job.pk).update(total=len(agreements))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, agreement in enumerate(agreements, start=1):
            document = build_document(agreement)
            pdf = render(document, "pdf")
            registry.record_print(agreement, pdf)
            archive.writestr(f"{document['filename']}.pdf", pdf)
            if index % HEARTBEAT_EVERY == 0 or index == len(agreements):
                _progress(job, index)
    return buffer.getvalue()


def _national_pdfs(job: PrintJob) -> bytes:
    agreements = _latest(with_content(Agreement.objects.filter(year=job.year)).select_related("unit__province"))
    PrintJob.objects.filter(pk=job.pk).update(total=len(agreements))
    by_province: dict[str, list[Agreement]] = {}
    for agreement in agreements:
        key = agreement.unit.province.code if agreement.unit.province else "pusat"
        by_province.setdefault(key, []).append(agreement)
    buffer = io.BytesIO()
    done = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, group in by_province.items():
            writer = PdfWriter()
            for agreement in group:
                pdf = render(build_document(agreement), "pdf")
                registry.record_print(agreement, pdf)
                writer.append(PdfReader(io.BytesIO(pdf)))
                done += 1
                if done % HEARTBEAT_EVERY == 0:
                    _progress(job, done)
            merged = io.BytesIO()
            writer.write(merged)
            name = f"pk-{job.year}-{key}.pdf"
            registry.record(kind=IssuedKind.PACKAGE, data=merged.getvalue(), label=name)
            archive.writestr(name, merged.getvalue())
    _progress(job, done)
    return buffer.getvalue()


def _compile(job: PrintJob) -> None:
    PrintJob.objects.filter(pk=job.pk).update(total=compilable(job.province, job.year).count())
    package = package_compile(province=job.province, year=job.year, by=job.created_by)
    _progress(job, package.agreements.count())


@task()
def run_job(job_id: int) -> str:
    """Run one PrintJob; safe to run again after a worker died half-way (it starts over)."""
    job = PrintJob.objects.select_related("province", "created_by").get(pk=job_id)
    if job.status == JobStatus.DONE:
        return "already done"
    PrintJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, done=0, attempts=job.attempts + 1, heartbeat_at=timezone.now(), error=""
    )
    try:
        if job.kind == JobKind.PROVINCE_ZIP:
            data, name = _province_zip(job), f"pk-{job.year}-{job.province.code}.zip"
        elif job.kind == JobKind.NATIONAL_PDFS:
            data, name = _national_pdfs(job), f"pk-{job.year}-nasional.zip"
        else:
            _compile(job)
            data = None
    except Exception as error:
        PrintJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=str(error)[:2000])
        raise
    job.refresh_from_db()
    if data is not None:
        job.result.save(name, ContentFile(data), save=False)
    job.status = JobStatus.DONE
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["result", "status", "heartbeat_at"])
    return "done"


def requeue_stale(
    *, older_than: datetime.timedelta, now: datetime.datetime | None = None, max_attempts: int = 3
) -> int:
    """Put back in the queue the jobs whose worker died: running, with no heartbeat for `older_than`.

    A job that has already been tried `max_attempts` times is marked failed
    instead, so that a job that kills its worker does not loop forever.
    """
    now = now or timezone.now()
    requeued = 0
    stale = PrintJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - older_than)
    for job in stale:
        with transaction.atomic():
            if job.attempts >= max_attempts:
                PrintJob.objects.filter(pk=job.pk).update(
                    status=JobStatus.FAILED, error=gettext("Pekerja berhenti berulang kali.")
                )
                continue
            # The queue's own record still says RUNNING: it is made ready again for any worker.
            DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(status="READY", started_at=None)
            PrintJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(status=JobStatus.QUEUED)
            requeued += 1
    return requeued
