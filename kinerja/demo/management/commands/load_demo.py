from django.core.management.base import BaseCommand, CommandError

from kinerja.demo.loader import DEMO_PASSWORD, OrganisationMissing, demo_load


class Command(BaseCommand):
    help = "Memuat data contoh KPU Kota Sorong 2024 dan akun demo untuk setiap peran."

    def handle(self, *args, **options):
        try:
            personas = demo_load()
        except OrganisationMissing as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS("Data demo siap. Akun demo (kata sandi sama untuk semua):"))
        width = max(len(p.username) for p in personas)
        for persona in personas:
            self.stdout.write(f"  {persona.username.ljust(width)}  {persona.description}")
        self.stdout.write(f"  kata sandi: {DEMO_PASSWORD}")
