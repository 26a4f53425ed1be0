import datetime

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kinerja.submissions.jobs import requeue_stale


class Command(BaseCommand):
    help = (
        "Mengembalikan ke antrean tugas latar yang pekerjanya mati (berjalan tanpa denyut selama --older-than detik). "
        "Jalankan berkala (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=300, help="Detik tanpa denyut (bawaan 300)")

    def handle(self, *args, older_than: int, **options):
        count = requeue_stale(older_than=datetime.timedelta(seconds=older_than))
        self.stdout.write(self.style.SUCCESS(_("%(count)s tugas dikembalikan ke antrean.") % {"count": count}))
