"""Every hostile file through every upload and import page: refused with a clear
Indonesian message and nothing stored, or (a genuine workbook) taken as what it is."""

import hashlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Row, SignedScan, Status
from kinerja.conftest import scan_for
from kinerja.lib.tests import corpus
from kinerja.lib.tests.corpus import ACCEPTED, hostile_files
from kinerja.monitoring.models import Realisation
from kinerja.planning.models import Decree, IkuSet

pytestmark = pytest.mark.django_db
FILES = hostile_files()


def test_the_corpus_has_every_kind_of_hostile_file():
    on_disk = {path.name for path in corpus.HOSTILE_DIR.iterdir() if path.suffix in (".pdf", ".xlsx", ".docx", ".htm")}
    assert len(FILES) >= 40
    assert {file.name for file in FILES} == on_disk
    # limit-array.pdf is the one large file: 200 KB, the size the issue names.
    assert all(len(file.data) < 64 * 1024 for file in FILES if file.name != "limit-array.pdf")


def _refused(body: str, expected: str, stored, before: dict, name: str) -> None:
    assert expected in body, f"{name}: “{expected}” not in the page"
    assert stored() == before, f"{name}: something was stored"


def test_signed_scan_upload_refuses_every_hostile_file(sorong_agreements, personas, client_for, stored, subtests):
    """agreements:scan — the scan of the signed agreement goes through lib.uploads.checked_pdf."""
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    client = client_for(personas.operator)
    url = reverse("agreements:scan", args=[agreement.pk])
    for file in FILES:
        with subtests.test(file=file.name):
            before = stored()
            response = client.post(url, {"file": file.upload()}, follow=True)
            assert response.status_code == 200
            _refused(response.content.decode(), "Pindaian ditolak: ", stored, before, file.name)
            _refused(response.content.decode(), file.expect[corpus.PDF], stored, before, file.name)
            assert not SignedScan.objects.filter(agreement=agreement).exists()
            agreement.refresh_from_db()
            assert agreement.status == Status.FINAL
            corpus.tried(file.name, "agreements:scan")


def test_signed_decree_upload_refuses_every_hostile_file(personas, client_for, stored, subtests):
    """planning:decree_file — the signed IKU decree goes through lib.uploads.checked_pdf."""
    decree = Decree.objects.get(unit__code="kpu-96.71", number__startswith="Keputusan KPU Kota Sorong")
    client = client_for(personas.operator)
    url = reverse("planning:decree_file", args=[decree.pk])
    for file in FILES:
        with subtests.test(file=file.name):
            before = stored()
            response = client.post(url, {"file": file.upload()}, follow=True)
            assert response.status_code == 200
            _refused(response.content.decode(), file.expect[corpus.PDF], stored, before, file.name)
            decree.refresh_from_db()
            assert not decree.signed_file
            corpus.tried(file.name, "planning:decree_file")


def test_evidence_upload_refuses_every_hostile_file(demo_story, personas, client_for, stored, subtests):
    """monitoring:realisation — evidence goes through lib.uploads.checked_evidence; a real workbook is taken."""
    row = Row.objects.get(section__agreement=demo_story[0], indicator__code="KPU.IKU.05")
    client = client_for(personas.operator)
    url = reverse("monitoring:realisation", args=[row.pk, 4])
    for file in FILES:
        with subtests.test(file=file.name):
            before = stored()
            response = client.post(url, {"value": "31", "reason": "Bukti", "evidence": file.upload()}, follow=True)
            assert response.status_code == 200
            body = response.content.decode()
            expected = file.expect[corpus.EVIDENCE]
            if expected is ACCEPTED:
                assert "tersimpan" in body
                evidence = (
                    Realisation.objects.filter(row=row, quarter=4, superseded_at__isnull=True).get().evidence_file
                )
                # Stored under the detected type's extension, never the uploader's.
                assert evidence.name.rsplit(".", 1)[-1] in ("png", "xlsx"), evidence.name
            else:
                assert "tidak disimpan" in body
                _refused(body, expected, stored, before, file.name)
            corpus.tried(file.name, "monitoring:realisation")


@pytest.mark.parametrize(("kind", "check"), [("dipa", corpus.DIPA_IMPORT), ("iku", corpus.IKU_IMPORT)])
def test_excel_import_refuses_every_hostile_file(personas, client_for, stored, subtests, kind, check):
    """planning:import — DIPA and IKU workbooks are read all or nothing by planning.spreadsheets."""
    client = client_for(personas.operator)
    for file in FILES:
        with subtests.test(file=file.name):
            before = stored()
            response = client.post(reverse("planning:import"), {"kind": kind, "file": file.upload()}, follow=True)
            assert response.status_code == 200
            body = response.content.decode()
            expected = file.expect[check]
            if expected is ACCEPTED:
                assert "Impor berhasil" in body
                assert IkuSet.objects.filter(unit__code="kpu-96.71", year=2025).exists()
            else:
                assert "Tidak ada data yang disimpan" in body
                _refused(body, expected, stored, before, file.name)
            corpus.tried(file.name, f"planning:import ({kind})")


HOSTILE_NAMES = {
    "name-rtl-override": "pindaian\u202efdp.exe",
    "name-nul-byte": "pindaian\x00.exe.pdf",
    "name-html": '<img src=x onerror="alert(1)">.pdf',
    "name-path": "../../../etc/passwd.pdf",
    "name-long": "p" * 600 + ".pdf",
}


def test_a_good_scan_under_a_hostile_name_keeps_a_harmless_name(sorong_agreements, personas, client_for, subtests):
    """Django drops non-printable characters and folders from an uploaded file's name; the scan is
    stored under its SHA-256, and the name shown in the history is escaped."""
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[0], by=personas.operator)
    client = client_for(personas.operator)
    for pages, (label, name) in enumerate(HOSTILE_NAMES.items(), start=1):
        with subtests.test(name=label):
            # A different file each time, each on a final PK: a signed PK takes no other scan,
            # so the one before was submitted, returned (which voids it) and finalised again.
            upload = SimpleUploadedFile(name, scan_for(agreement, seed=pages), content_type="application/pdf")
            response = client.post(reverse("agreements:scan", args=[agreement.pk]), {"file": upload}, follow=True)
            assert response.status_code == 200
            scan = agreement.current_scan()
            assert scan.sha256 == hashlib.sha256(upload.file.getvalue()).hexdigest()
            assert scan.original_name.isprintable() and "/" not in scan.original_name
            assert len(scan.original_name) <= 255
            # Under its SHA-256 (with the storage's suffix when an earlier test stored the same file).
            assert re.fullmatch(rf"pindaian/2024/kpu-96\.71/{scan.sha256}(_\w+)?\.pdf", scan.file.name)
            history = client.get(reverse("agreements:history", args=[agreement.pk])).content.decode()
            assert "<img src=x" not in history
            corpus.tried(label, "agreements:scan")
            submitted = lifecycle.agreement_submit(agreement=agreement, by=personas.operator)
            returned = lifecycle.agreement_return(agreement=submitted, by=personas.province_verifier, reason="Ulangi")
            agreement = lifecycle.agreement_finalise(agreement=returned, by=personas.operator)


def test_the_public_verification_page_stores_nothing_and_never_fails(demo_story, stored, subtests):
    """signatures:verify_index and signatures:verify — anyone may upload a PDF to compare; nothing is kept.

    Every hostile file is tried as it is and carrying a real verification code
    (which sends it on to the signature check, pyHanko included)."""
    from django.test import Client

    from kinerja.documents import codes

    code = codes.code_for(demo_story[0])
    client = Client()
    for url, name in (
        (reverse("signatures:verify_index"), "signatures:verify_index"),
        (reverse("signatures:verify", args=[code]), "signatures:verify"),
    ):
        for file in FILES:
            for data in (file.data, file.data + f"\n%kinerja-verifikasi:{code}\n".encode()):
                with subtests.test(page=name, file=file.name, with_code=data is not file.data):
                    before = stored()
                    upload = SimpleUploadedFile(file.name, data, content_type="application/pdf")
                    response = client.post(url, {"berkas": upload})
                    assert response.status_code == 200
                    body = response.content.decode()
                    if file.expect[corpus.PDF] == "Berkas bukan PDF":
                        assert "Berkas bukan PDF." in body
                    else:
                        # Told apart from the real document: unreadable, altered or unknown, never genuine.
                        verdicts = ('data-verdict="altered"', 'data-verdict="unknown"')
                        assert 'role="alert"' in body or any(verdict in body for verdict in verdicts)
                    assert stored() == before
                    corpus.tried(file.name, name)
