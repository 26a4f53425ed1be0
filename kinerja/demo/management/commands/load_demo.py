from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.demo.loader import DEMO_PASSWORD, OrganisationMissing, demo_load
from kinerja.demo.planning import next_year_demo_load


class Command(BaseCommand):
    help = "Memuat data contoh KPU Kota Sorong 2024, rencana 2025 yang siap dimulai, dan akun demo untuk setiap peran."

    def handle(self, *args, **options):
        # Every demo account, admin included, has the password printed below and in the README.
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "load_demo tidak dijalankan pada DJANGO_ENV=production: akun demo memakai kata sandi "
                    "yang diketahui umum. Tidak ada data yang dibuat."
                )
            )
        try:
            personas = demo_load()
            next_year_demo_load()
        except OrganisationMissing as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(_("Data demo siap. Akun demo (kata sandi sama untuk semua):")))
        width = max(len(p.username) for p in personas)
        for persona in personas:
            self.stdout.write(f"  {persona.username.ljust(width)}  {_(persona.description)}")
        self.stdout.write(_("  kata sandi: %(password)s") % {"password": DEMO_PASSWORD})
