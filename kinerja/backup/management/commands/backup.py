from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kinerja.backup.services import BackupError, backup_create
from kinerja.lib.formatting import format_number as group_thousands


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def print_counts(command: BaseCommand, counts: dict[str, int]) -> None:
    """Rows per model (models without rows left out), then the total."""
    filled = {label: count for label, count in counts.items() if count}
    width = max((len(label) for label in filled), default=0)
    for label, count in filled.items():
        command.stdout.write(f"  {label.ljust(width)}  {group_thousands(count).rjust(9)}")
    command.stdout.write(
        f"  jumlah: {group_thousands(sum(counts.values()))} baris dari {len(filled)} model berisi "
        f"({len(counts)} model dicadangkan)"
    )


class Command(BaseCommand):
    help = (
        "Mencadangkan seluruh basis data dan penyimpanan berkas (pindaian, paket kompilasi, bukti) ke satu arsip "
        ".tar.gz dengan manifes SHA-256. Pulihkan dengan `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="Berkas arsip yang dibuat (bawaan: kinerja-cadangan-<tanggal>-<jam>.tar.gz di folder ini)",
        )

    def handle(self, *args, output: str | None, **options):
        path = Path(output or timezone.localtime().strftime("kinerja-cadangan-%Y%m%d-%H%M%S.tar.gz"))
        try:
            summary = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write("Baris per model:")
        print_counts(self, summary.counts)
        self.stdout.write(f"Berkas: {group_thousands(summary.files)} ({megabytes(summary.file_bytes)})")
        self.stdout.write(self.style.SUCCESS(f"Cadangan ditulis ke {summary.path} ({megabytes(summary.size)})."))
        self.stdout.write(f"SHA-256 arsip: {summary.sha256}")
