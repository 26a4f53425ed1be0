from django.core.management.base import BaseCommand

from kinerja.organisation.services import organisation_load


class Command(BaseCommand):
    help = "Memuat seluruh unit kerja KPU (pusat, 38 provinsi, 514 kabupaten/kota) beserta jabatan pimpinannya."

    def handle(self, *args, **options):
        result = organisation_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisasi KPU: {result.created} unit dibuat, {result.updated} diperbarui, "
                f"{result.unchanged} tidak berubah."
            )
        )
