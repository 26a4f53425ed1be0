"""Validate the electronic signatures of a PDF with pyHanko, and compare it with what Kinerja recorded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.signatures import signers, verification


class Command(BaseCommand):
    help = "Memeriksa tanda tangan elektronik sebuah PDF (pyHanko) dan membandingkannya dengan dokumen yang tercatat."

    def add_arguments(self, parser):
        parser.add_argument("pdf", type=Path)

    def handle(self, *args, pdf: Path, **options):
        try:
            data = pdf.read_bytes()
        except OSError as error:
            raise CommandError(_("Berkas tidak dapat dibaca: %(error)s") % {"error": error}) from error
        try:
            checks = signers.validate(data)
        except signers.SigningError as error:
            raise CommandError(str(error)) from error
        if not checks:
            self.stdout.write("Tidak ada tanda tangan elektronik dalam berkas ini.")
        for check in checks:
            self.stdout.write(
                f"{check.field}: {check.signer} (penerbit {check.issuer}, seri {check.serial}) — "
                f"utuh={'ya' if check.intact else 'TIDAK'}, sah={'ya' if check.valid else 'TIDAK'}, "
                f"terpercaya={'ya' if check.trusted else 'TIDAK'}, perubahan sesudahnya={check.modification}"
            )
        result = verification.check_file(data)
        if result.code:
            self.stdout.write(f"Kode verifikasi {result.code}: {result.message}")
        else:
            self.stdout.write(result.message)
        if any(not check.good for check in checks):
            raise CommandError(_("Ada tanda tangan yang tidak utuh atau tidak sah."))
