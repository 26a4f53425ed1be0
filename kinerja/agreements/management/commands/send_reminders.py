import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.agreements.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Mengirim pengingat: batas penyusunan PK (DIPA + 30 hari) dalam 7 hari, dan PK yang belum disampaikan "
        "setelah 31 Januari. Jalankan setiap hari (cron); aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini)")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(_("Tanggal --today harus berbentuk YYYY-MM-DD.")) from None
        due_soon, overdue = send_reminders(today=day, now=timezone.now() if not today else None)
        self.stdout.write(
            self.style.SUCCESS(
                _("Pengingat terkirim: %(due)s batas penyusunan, %(overdue)s terlambat.")
                % {"due": due_soon, "overdue": overdue}
            )
        )
