"""Serve the local stand-in of a BSrE-style signing service, to try TTE_BACKEND=remote."""

import time

from django.core.management.base import BaseCommand

from kinerja.signatures.fake_service import FakeSigningService


class Command(BaseCommand):
    help = "Menjalankan layanan TTE tiruan (antarmuka gaya BSrE) untuk uji coba TTE_BACKEND=remote."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8101)
        parser.add_argument("--user", default="kinerja")
        parser.add_argument("--password", default="kinerja-tte")
        parser.add_argument("--passphrase", default="passphrase-tte")

    def handle(self, *args, port, user, password, passphrase, **options):
        service = FakeSigningService(username=user, password=password, passphrase=passphrase, port=port).start()
        self.stdout.write(
            f"Layanan TTE tiruan di {service.url}/api/sign/pdf\n"
            f"Jalankan Kinerja dengan TTE_BACKEND=remote TTE_REMOTE_URL={service.url} "
            f"TTE_REMOTE_USER={user} TTE_REMOTE_PASSWORD={password}; passphrase penanda tangan: {passphrase}"
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            service.stop()
