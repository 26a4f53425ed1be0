"""What a PDF is to Kinerja: the same verdict as the public verification page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kinerja.lib.uploads import MAX_PDF_BYTES
from kinerja.signatures import verification
from kinerja.signatures.verification import Verdict


class Command(BaseCommand):
    help = (
        "Memeriksa sebuah PDF terhadap dokumen yang diterbitkan Kinerja. Baris pertama: exact, official-print, "
        "superseded, partial, altered atau unknown; sesudahnya penjelasannya."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="PDF yang diperiksa")

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(_("Berkas tidak dapat dibaca: %(error)s") % {"error": error}) from error
        if len(data) > MAX_PDF_BYTES:
            raise CommandError(_("Berkas lebih dari 20 MB."))
        check = verification.check_file(data)
        self.stdout.write(Verdict(check.verdict).value)
        self.stdout.write(f"{check.heading}. {check.message}")
        if check.code:
            self.stdout.write(_("Kode verifikasi: %(code)s") % {"code": check.code})
        if check.current_code:
            self.stdout.write(_("Versi yang berlaku: %(url)s") % {"url": verification.absolute(check.current_url)})
        self.stdout.write(_("SHA-256: %(sha)s") % {"sha": check.sha256})
        for signature in check.signatures:
            self.stdout.write(
                _(
                    "Tanda tangan %(field)s: %(signer)s; utuh: %(intact)s; terpercaya: %(trusted)s; "
                    "perubahan sesudahnya: %(level)s"
                )
                % {
                    "field": signature.field,
                    "signer": signature.signer,
                    "intact": _("ya") if signature.good else _("tidak"),
                    "trusted": _("ya") if signature.trusted else _("tidak"),
                    "level": signature.modification_text,
                }
            )
