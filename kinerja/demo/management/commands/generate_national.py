import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.demo.national import STEPS, NationalError, generate_national


class Command(BaseCommand):
    help = (
        "Membuat data nasional untuk uji beban: seluruh unit dengan pejabat, pengguna, IKU, DIPA, satu PK per unit, "
        "status seperti pada 1 Februari, pindaian, dan realisasi dua triwulan. Deterministik dan idempoten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, year: int, seed: int, **options):
        # Its 1,116 users have the public demo password.
        if settings.PRODUCTION:
            raise CommandError(
                _(
                    "generate_national tidak dijalankan pada DJANGO_ENV=production: penggunanya memakai kata "
                    "sandi demo yang diketahui umum. Tidak ada data yang dibuat."
                )
            )
        start = time.perf_counter()
        done = []

        def progress(name: str) -> None:
            done.append(name)
            filled = int(30 * len(done) / len(STEPS))
            bar = "#" * filled + "-" * (30 - filled)
            self.stdout.write(f"\r[{bar}] {len(done)}/{len(STEPS)} {_(name):<22}", ending="")
            self.stdout.flush()

        try:
            counts = generate_national(year=year, seed=seed, progress=progress)
        except NationalError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Data nasional %(year)s (seed %(seed)s): %(agreements)s PK baru, %(rows)s baris, "
                    "%(realisations)s realisasi, dalam %(seconds).1f detik."
                )
                % {**counts, "year": year, "seed": seed, "seconds": time.perf_counter() - start}
            )
        )
        sys.stdout.flush()
