from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.backup.services import BackupError, backup_create
from kinerja.lib.formatting import format_number as group_thousands


def megabytes(size: int) -> str:
    """`1,5 MB` in Indonesian, `1.5 MB` in English."""
    return f"{formats.number_format(round(size / 1_000_000, 1), 1)} MB"


def print_counts(command: BaseCommand, counts: dict[str, int]) -> None:
    """Rows per model (models without rows left out), then the total."""
    filled = {label: count for label, count in counts.items() if count}
    width = max((len(label) for label in filled), default=0)
    for label, count in filled.items():
        command.stdout.write(f"  {label.ljust(width)}  {group_thousands(count).rjust(9)}")
    command.stdout.write(
        _("  jumlah: %(rows)s baris dari %(filled)s model berisi (%(models)s model dicadangkan)")
        % {"rows": group_thousands(sum(counts.values())), "filled": len(filled), "models": len(counts)}
    )


class Command(BaseCommand):
    help = (
        "Mencadangkan seluruh basis data dan penyimpanan berkas (pindaian, paket kompilasi, bukti) ke satu arsip "
        ".tar.gz dengan manifes SHA-256. Pulihkan dengan `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=gettext_lazy(
                "Berkas arsip yang dibuat (bawaan: kinerja-cadangan-<tanggal>-<jam>.tar.gz di folder ini)"
            ),
        )

    def handle(self, *args, output: str | None, **options):
        path = Path(output or timezone.localtime().strftime("kinerja-cadangan-%Y%m%d-%H%M%S.tar.gz"))
        try:
            summary = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Baris per model:"))
        print_counts(self, summary.counts)
        self.stdout.write(
            _("Berkas: %(count)s (%(size)s)")
            % {"count": group_thousands(summary.files), "size": megabytes(summary.file_bytes)}
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Cadangan ditulis ke %(path)s (%(size)s).") % {"path": summary.path, "size": megabytes(summary.size)}
            )
        )
        self.stdout.write(_("SHA-256 arsip: %(sha256)s") % {"sha256": summary.sha256})
