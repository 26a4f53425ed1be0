import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.organisation.models import Unit, UnitKind
from kinerja.submissions.jobs import job_enqueue, run_job
from kinerja.submissions.models import JobKind, JobStatus, PrintJob


class Command(BaseCommand):
    help = (
        "Mencetak semua PK satu provinsi (zip) atau seluruh Indonesia (satu PDF per provinsi) sebagai tugas latar, "
        "dengan bilah kemajuan. Tanpa --now, tugas dikerjakan oleh pekerja (manage.py db_worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--province", help="Kode wilayah provinsi, mis. 96; tanpa ini: nasional")
        parser.add_argument("--now", action="store_true", help="Kerjakan di proses ini, tanpa menunggu pekerja")
        parser.add_argument("--timeout", type=int, default=3600, help="Detik menunggu pekerja (bawaan 3600)")

    def handle(self, *args, year: int, province: str | None, now: bool, timeout: int, **options):
        unit = None
        if province:
            unit = Unit.objects.filter(kind=UnitKind.PROVINCE, region_code=province).first()
            if unit is None:
                raise CommandError(_("Provinsi dengan kode wilayah “%(code)s” tidak ditemukan.") % {"code": province})
        kind = JobKind.PROVINCE_ZIP if unit else JobKind.NATIONAL_PDFS
        job = (
            PrintJob.objects.create(kind=kind, year=year, province=unit)
            if now
            else job_enqueue(kind=kind, year=year, by=None, province=unit)
        )
        if now:
            run_job.call(job.pk)
        deadline = time.monotonic() + timeout
        while True:
            job.refresh_from_db()
            filled = int(30 * job.percent / 100)
            self.stdout.write(
                f"\r[{'#' * filled}{'-' * (30 - filled)}] {job.done}/{job.total or '?'} {job.get_status_display():<10}",
                ending="",
            )
            self.stdout.flush()
            if job.status in (JobStatus.DONE, JobStatus.FAILED):
                break
            if time.monotonic() > deadline:
                raise CommandError("\n" + _("Waktu habis; pastikan pekerja berjalan: manage.py db_worker"))
            time.sleep(1)
        self.stdout.write("")
        if job.status == JobStatus.FAILED:
            raise CommandError(_("Tugas gagal: %(error)s") % {"error": job.error})
        self.stdout.write(
            self.style.SUCCESS(_("Selesai: %(name)s (di tempat penyimpanan berkas)") % {"name": job.result.name})
        )
