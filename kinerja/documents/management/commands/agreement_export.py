from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.agreements.selectors import current_agreement
from kinerja.documents.builder import build_document
from kinerja.documents.render import FORMATS, render
from kinerja.organisation.models import Unit


class Command(BaseCommand):
    help = "Mengekspor PK terkini sebuah unit kerja untuk satu tahun ke PDF, DOCX atau XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="Nama unit, nama singkat, atau kode unit")
        parser.add_argument("--year", required=True, type=int, help="Tahun PK")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS), dest="fmt")
        parser.add_argument("--output", required=True, help="Berkas keluaran")

    def handle(self, *args, unit: str, year: int, fmt: str, output: str, **options):
        name = unit.strip()
        found = Unit.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name) | Q(code__iexact=name)).first()
        if found is None:
            similar = Unit.objects.filter(name__icontains=name).values_list("name", flat=True)[:5]
            hint = (" " + _("Mungkin maksud Anda: %(names)s.") % {"names": "; ".join(similar)}) if similar else ""
            raise CommandError(_("Unit “%(name)s” tidak ditemukan.") % {"name": name} + hint)
        agreement = current_agreement(found, year)
        if agreement is None:
            raise CommandError(_("%(unit)s belum memiliki PK tahun %(year)s.") % {"unit": found.name, "year": year})
        data = render(build_document(agreement), fmt)
        path = Path(output)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("Tidak dapat menulis %(path)s: %(error)s.") % {"path": path, "error": error.strerror}
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{agreement} → {path} ({len(data):,} bita)".replace(",", ".")))
