from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.backup.management.commands.backup import megabytes, print_counts
from kinerja.backup.services import BackupError, archive_verify, backup_restore
from kinerja.lib.formatting import format_number as group_thousands


class Command(BaseCommand):
    help = (
        "Memulihkan arsip `manage.py backup` ke instalasi kosong (sudah dimigrasi, belum berisi data). "
        "Semua SHA-256 diperiksa lebih dahulu; bila ada yang gagal, tidak ada yang diubah."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=gettext_lazy("Berkas arsip .tar.gz dari `manage.py backup`"))
        parser.add_argument(
            "--check",
            action="store_true",
            help=gettext_lazy("Hanya memeriksa arsip terhadap manifesnya, tanpa memulihkan"),
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
        self.stdout.write(_("SHA-256 arsip: %(sha256)s") % {"sha256": sha256})
        self.stdout.write(
            _(
                "Arsip dibuat %(created)s oleh Kinerja %(version)s (%(vendor)s); "
                "SHA-256 semua %(members)s anggota cocok."
            )
            % {
                "created": manifest.get("created_at"),
                "version": manifest.get("kinerja_version"),
                "vendor": manifest.get("database_vendor"),
                "members": len(manifest["members"]),
            }
        )
        self.stdout.write(_("Baris per model:"))
        print_counts(self, manifest["counts"])
        files = manifest.get("files", {})
        line = _("Berkas: %(count)s (%(size)s)") % {
            "count": group_thousands(files.get("count", 0)),
            "size": megabytes(files.get("bytes", 0)),
        }
        if not check:
            line += _(", %(written)s ditulis, %(present)s sudah ada") % {
                "written": summary.files_written,
                "present": summary.files_already_present,
            }
        self.stdout.write(line)
        if check:
            self.stdout.write(self.style.SUCCESS(_("Arsip utuh. Tidak ada yang dipulihkan (--check).")))
        else:
            self.stdout.write(self.style.SUCCESS(_("Pemulihan selesai. Semua pengguna perlu masuk kembali.")))
