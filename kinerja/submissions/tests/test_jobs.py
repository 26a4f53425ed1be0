"""Background jobs: bulk printing through django-tasks' database queue, progress,
no job run twice, a dead worker's job put back and finished."""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kinerja.submissions.jobs import job_enqueue, requeue_stale, run_job
from kinerja.submissions.models import JobKind, JobStatus, PrintJob

pytestmark = pytest.mark.django_db


def worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO(), stderr=io.StringIO())


def zip_names(job: PrintJob) -> list[str]:
    with job.result.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return sorted(archive.namelist())


def test_a_province_is_printed_into_one_zip(units, personas, demo_story):
    job = PrintJob.objects.create(kind=JobKind.PROVINCE_ZIP, year=2024, province=units["kpu-96"])
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (JobStatus.DONE, 2, 2, 100)
    assert zip_names(job) == ["pk-2024-kpu-kota-sorong.pdf", "pk-2024-sekretariat-kpu-kota-sorong.pdf"]


def test_the_nation_is_printed_as_one_pdf_per_province(units, personas, demo_story):
    job = PrintJob.objects.create(kind=JobKind.NATIONAL_PDFS, year=2024)
    run_job.call(job.pk)
    job.refresh_from_db()
    assert zip_names(job) == ["pk-2024-kpu-96.pdf"]


# The worker closes its database connection when it stops, as a real process
# does: these run outside the test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_is_run_once_by_a_worker(units, personas, demo_story):
    # Outside a transaction the job is put in the queue at once (on commit).
    job = job_enqueue(kind=JobKind.PROVINCE_ZIP, year=2024, by=personas.province_verifier, province=units["kpu-96"])
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_id
    worker()
    worker()  # a second worker finds nothing left to do
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_killed_worker_is_put_back_and_finished(units, personas, demo_story):
    job = job_enqueue(kind=JobKind.PROVINCE_ZIP, year=2024, by=personas.admin, province=units["kpu-96"])
    job.refresh_from_db()
    # A worker claimed it, started, and was killed: the queue says RUNNING, the heartbeat stopped.
    stale = timezone.now() - datetime.timedelta(minutes=30)
    DBTaskResult.objects.filter(id=job.task_id).update(status="RUNNING", started_at=stale)
    PrintJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, heartbeat_at=stale, done=1)
    worker()
    assert PrintJob.objects.get(pk=job.pk).status == JobStatus.RUNNING  # nobody takes a running job...
    assert requeue_stale(older_than=datetime.timedelta(minutes=5)) == 1  # ...until it is put back
    worker()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (JobStatus.DONE, 2, 2)


def test_a_job_that_keeps_killing_its_worker_is_failed_not_looped(units, personas):
    stale = timezone.now() - datetime.timedelta(hours=1)
    job = PrintJob.objects.create(
        kind=JobKind.PROVINCE_ZIP,
        year=2024,
        province=units["kpu-96"],
        status=JobStatus.RUNNING,
        attempts=3,
        heartbeat_at=stale,
    )
    assert requeue_stale(older_than=datetime.timedelta(minutes=5)) == 0
    assert PrintJob.objects.get(pk=job.pk).status == JobStatus.FAILED


def test_the_command_prints_with_a_progress_bar(units, demo_story):
    out = io.StringIO()
    call_command("print_agreements", year=2024, province="96", now=True, stdout=out)
    assert "2/2" in out.getvalue()
    assert "Selesai" in out.getvalue()


def test_the_page_shows_jobs_to_verifiers_and_404s_others(units, personas, client_for, demo_story):
    job = PrintJob.objects.create(kind=JobKind.PROVINCE_ZIP, year=2024, province=units["kpu-96"])
    run_job.call(job.pk)
    verifier = client_for(personas.province_verifier)
    assert verifier.get(reverse("submissions:jobs")).status_code == 200
    assert verifier.get(reverse("submissions:job_result", args=[job.pk])).status_code == 200
    assert "2/2" in verifier.get(reverse("submissions:job", args=[job.pk])).content.decode()
    response = verifier.post(reverse("submissions:jobs"), {"kind": "national_pdfs", "year": 2024})
    assert response.status_code == 404  # a province verifier does not print the nation
    for persona in (personas.outsider, personas.operator):
        client = client_for(persona)
        assert client.get(reverse("submissions:jobs")).status_code == 404
        assert client.get(reverse("submissions:job_result", args=[job.pk])).status_code == 404
    other = PrintJob.objects.create(kind=JobKind.PROVINCE_ZIP, year=2024, province=units["kpu-81"])
    assert verifier.get(reverse("submissions:job", args=[other.pk])).status_code == 404


def test_the_province_compilation_runs_as_a_job(units, personas, demo_story):
    from kinerja.agreements.models import Agreement, Status

    secretariat = demo_story[1]  # submitted, waiting for the next compilation
    job = PrintJob.objects.create(
        kind=JobKind.COMPILE, year=2024, province=units["kpu-96"], created_by=personas.province_verifier
    )
    run_job.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 1, 1)
    assert Agreement.objects.get(pk=secretariat.pk).status == Status.COMPILED
