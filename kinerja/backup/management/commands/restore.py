from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinerja.backup.management.commands.backup import megabytes, print_counts
from kinerja.backup.services import BackupError, archive_verify, backup_restore
from kinerja.lib.formatting import format_number as group_thousands


class Command(BaseCommand):
    help = (
        "Memulihkan arsip `manage.py backup` ke instalasi kosong (sudah dimigrasi, belum berisi data). "
        "Semua SHA-256 diperiksa lebih dahulu; bila ada yang gagal, tidak ada yang diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Berkas arsip .tar.gz dari `manage.py backup`")
        parser.add_argument(
            "--check", action="store_true", help="Hanya memeriksa arsip terhadap manifesnya, tanpa memulihkan"
        )

    def handle(self, *args, archive: str, check: bool, **options):
        try:
            if check:
                manifest, sha256 = archive_verify(archive=Path(archive))
            else:
                summary = backup_restore(archive=Path(archive))
                manifest, sha256 = summary.manifest, summary.sha256
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"SHA-256 arsip: {sha256}")
        self.stdout.write(
            f"Arsip dibuat {manifest.get('created_at')} oleh Kinerja {manifest.get('kinerja_version')} "
            f"({manifest.get('database_vendor')}); SHA-256 semua {len(manifest['members'])} anggota cocok."
        )
        self.stdout.write("Baris per model:")
        print_counts(self, manifest["counts"])
        files = manifest.get("files", {})
        self.stdout.write(
            f"Berkas: {group_thousands(files.get('count', 0))} ({megabytes(files.get('bytes', 0))})"
            + ("" if check else f", {summary.files_written} ditulis, {summary.files_already_present} sudah ada")
        )
        if check:
            self.stdout.write(self.style.SUCCESS("Arsip utuh. Tidak ada yang dipulihkan (--check)."))
        else:
            self.stdout.write(self.style.SUCCESS("Pemulihan selesai. Semua pengguna perlu masuk kembali."))
