"""manage.py agreement_import FILE --unit NAME --year YYYY [--dry-run] [--json] [--part N]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.intake.matching import match_indicators
from kinerja.intake.reading import ReadError, read
from kinerja.intake.services import HistoryRefused, store_history
from kinerja.intake.units import UnitNotFound, unit_named


class Command(BaseCommand):
    help = "Membaca satu PK dari XLSX, DOCX, PDF, pindaian atau teks, lalu menampilkan hasil bacaannya."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas PK: .xlsx, .docx, .pdf, .jpg, .png atau .txt")
        parser.add_argument(
            "--unit", required=True, help="kode atau nama unit kerja, mis. kpu-96.71 atau “KPU Kota Sorong”"
        )
        parser.add_argument("--year", type=int, required=True, help="tahun PK")
        parser.add_argument("--dry-run", action="store_true", help="hanya membaca; tidak menyimpan apa pun")
        parser.add_argument("--json", action="store_true", help="cetak hasil bacaan sebagai JSON saja")
        parser.add_argument("--submitted", help="tanggal PK disampaikan, bila diketahui (mis. 7 Maret 2024)")
        parser.add_argument("--received", help="tanggal PK diterima, bila diketahui")
        parser.add_argument(
            "--part", type=int, default=1, help="PK ke berapa, bila berkas teks memuat beberapa PK (mulai dari 1)"
        )

    def handle(self, *args, **options):
        self.part = options["part"]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        try:
            unit = unit_named(options["unit"])
        except UnitNotFound as error:
            raise CommandError(str(error)) from None
        try:
            reading = read(path.read_bytes(), path.name, part=options["part"])
        except ReadError as error:
            raise CommandError(str(error)) from None
        match_indicators(reading)
        reading["unit"] = unit.code
        if reading["year"] is not None and reading["year"] != options["year"]:
            reading["uncertain"].append("year")
            reading["notes"]["year"] = _("Berkas menyebut tahun %(read)s, bukan %(asked)s.") % {
                "read": reading["year"],
                "asked": options["year"],
            }
        reading["year"] = options["year"]
        if options["json"]:
            self.stdout.write(json.dumps(reading, ensure_ascii=False, indent=2))
        else:
            self._summary(reading, unit)
        if options["dry_run"]:
            return
        try:
            agreement = store_history(
                reading=reading,
                unit=unit,
                year=options["year"],
                data=path.read_bytes(),
                filename=path.name,
                by=None,
                submitted_on=options["submitted"],
                received_on=options["received"],
            )
        except HistoryRefused as error:
            raise CommandError(str(error)) from None
        if not options["json"]:
            self.stdout.write(
                self.style.SUCCESS(_("%(agreement)s disimpan sebagai riwayat.") % {"agreement": agreement})
            )

    def _summary(self, reading: dict, unit) -> None:
        rows = sum(len(section["rows"]) for section in reading["sections"])
        self.stdout.write(
            _("%(unit)s %(year)s (%(source)s): %(sections)s bagian, %(rows)s indikator, %(budget)s baris anggaran.")
            % {
                "unit": unit.short_name,
                "year": reading["year"],
                "source": reading["source"],
                "sections": len(reading["sections"]),
                "rows": rows,
                "budget": len(reading["budget"]),
            }
        )
        if reading.get("parts", 1) > 1:
            self.stdout.write(
                _("Berkas ini memuat %(count)s PK; yang dibaca PK ke-%(part)s (pilih dengan --part).")
                % {"count": reading["parts"], "part": self.part}
            )
        for path in reading["uncertain"]:
            self.stdout.write(f"  ? {path}: {reading['notes'].get(path, '')}")
