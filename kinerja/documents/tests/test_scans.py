"""A scan is accepted only when it is the signed paper of this PK's current version.

Every scan here is made in the test as an office scanner would: the PK is
rendered, each page rasterised at 150 or 200 dpi, turned a little and made
noisy (Pillow), and the pictures wrapped as an image-only PDF. The app must
read the printed QR code from the pictures."""

import datetime
import io
import random

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ImageDraw

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, SignedScan, Status
from kinerja.conftest import make_pdf, scan_for
from kinerja.demo.scans import blank_page, image_pdf, rasterised, scan_of, scanned
from kinerja.documents import codes
from kinerja.documents.builder import build_document
from kinerja.documents.render import render
from kinerja.lib.uploads import UploadError

pytestmark = pytest.mark.django_db


@pytest.fixture
def finals(sorong_agreements, personas):
    """Both Sorong PKs final: (commission, secretariat)."""
    return tuple(lifecycle.agreement_finalise(agreement=a, by=personas.operator) for a in sorong_agreements)


def upload(agreement, data, personas):
    return lifecycle.scan_upload(agreement=agreement, data=data, filename="pindaian.pdf", by=personas.operator)


def refused(agreement, data, personas, reason: str) -> None:
    """The scan is refused with `reason`, and nothing changes."""
    with pytest.raises(UploadError, match=reason):
        upload(agreement, data, personas)
    assert not SignedScan.objects.filter(agreement=agreement).exists()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.FINAL


def pictures(agreement, *, dpi=150):
    return rasterised(render(build_document(Agreement.objects.get(pk=agreement.pk)), "pdf"), dpi=dpi)


@pytest.mark.parametrize("dpi", [150, 200])
def test_this_pks_scan_is_accepted_at_150_and_200_dpi(finals, personas, dpi):
    _commission, secretariat = finals
    pdf = render(build_document(secretariat), "pdf")
    scan = scan_of(pdf, dpi=dpi, seed=dpi, rotation=0.8, noise=0.07)
    assert b"kinerja-verifikasi" not in scan and b"/Font" not in scan  # pictures only: no text, no metadata
    stored = upload(secretariat, scan, personas)
    assert stored.pages == len(rasterised(pdf))
    assert Agreement.objects.get(pk=secretariat.pk).status == Status.SIGNED


def test_a_draft_print_is_refused(sorong_agreements, personas):
    commission, _secretariat = sorong_agreements
    draft_scan = scan_for(commission, realistic=True)  # printed while still a draft: DRAF, no code
    final = lifecycle.agreement_finalise(agreement=commission, by=personas.operator)
    refused(final, draft_scan, personas, "cetakan DRAF")


def test_another_pks_print_is_refused(finals, personas):
    commission, secretariat = finals
    other = codes.code_for(commission)
    refused(secretariat, scan_for(commission, realistic=True), personas, f"PK lain: .*{other}")


def test_a_file_recorded_for_another_pk_is_refused(finals, personas):
    commission, secretariat = finals
    scan = scan_for(commission)
    upload(commission, scan, personas)
    refused(secretariat, scan, personas, "sama persis dengan dokumen yang tercatat untuk")


def test_an_older_versions_print_is_refused(finals, personas):
    commission, _secretariat = finals
    old_scan = scan_for(commission, seed=1)
    upload(commission, old_scan, personas)
    lifecycle.agreement_submit(agreement=commission, by=personas.operator)
    revision = lifecycle.agreement_revise(
        agreement=commission, reason="official", note="Ketua baru dilantik", by=personas.operator
    )
    Agreement.objects.filter(pk=revision.pk).update(signed_on=datetime.date(2024, 7, 1))
    revision = lifecycle.agreement_finalise(agreement=revision, by=personas.operator)
    old_print_again = scan_for(commission, seed=2)  # the same old paper through the scanner once more
    refused(revision, old_print_again, personas, "versi lama PK ini")
    upload(revision, scan_for(revision), personas)  # the new version's own paper is accepted


def test_a_missing_or_extra_page_is_refused(finals, personas):
    _commission, secretariat = finals
    pages = len(pictures(secretariat))
    refused(secretariat, scan_for(secretariat, pages=list(range(pages - 1))), personas, "halaman, sedangkan")
    refused(secretariat, scan_for(secretariat, pages=[*range(pages), 0]), personas, "halaman, sedangkan")
    refused(secretariat, make_pdf(), personas, "halaman, sedangkan")  # a blank one-page PDF


def test_a_blank_page_is_refused(finals, personas):
    _commission, secretariat = finals
    images = [scanned(image, rng=random.Random(1)) for image in pictures(secretariat)]
    images[-1] = blank_page(seed=2)  # the last Lampiran page went through the scanner face down
    refused(secretariat, image_pdf(images), personas, f"Halaman {len(images)} pindaian kosong")


def test_a_page_whose_code_cannot_be_read_is_refused(finals, personas):
    _commission, secretariat = finals
    images = pictures(secretariat)
    # A sticker over the footer of the second page: its QR code is gone.
    ImageDraw.Draw(images[1]).rectangle((0, images[1].height - 260, images[1].width, images[1].height), fill=255)
    refused(secretariat, image_pdf(images), personas, "halaman 2 tidak terbaca")


def test_the_unsigned_print_as_downloaded_is_refused(finals, personas, client_for):
    _commission, secretariat = finals
    response = client_for(personas.operator).get(reverse("documents:download", args=[secretariat.pk, "pdf"]))
    downloaded = b"".join(response.streaming_content)
    refused(secretariat, downloaded, personas, "tanpa tanda tangan")


def test_the_page_says_why_and_stores_nothing(finals, personas, client_for):
    commission, secretariat = finals
    client = client_for(personas.operator)
    wrong = SimpleUploadedFile("pk.pdf", scan_for(commission), content_type="application/pdf")
    response = client.post(reverse("agreements:scan", args=[secretariat.pk]), {"file": wrong})
    assert response.status_code == 302
    assert any("PK lain" in str(message) for message in get_messages(response.wsgi_request))
    assert not SignedScan.objects.filter(agreement=secretariat).exists()
    right = SimpleUploadedFile("pk.pdf", scan_for(secretariat, realistic=True), content_type="application/pdf")
    client.post(reverse("agreements:scan", args=[secretariat.pk]), {"file": right})
    assert Agreement.objects.get(pk=secretariat.pk).status == Status.SIGNED


def test_the_demo_scans_are_scans_of_final_prints(demo_story):
    """load_demo signs both Sorong PKs with image-only scans that carry their own code on every page."""
    from kinerja.documents.scans import read_pages

    for agreement in demo_story:
        scan = agreement.current_scan()
        data = scan.file.open("rb").read()
        pages = read_pages(data)
        assert {code for page in pages for code in page["qr"]} == {codes.code_for(agreement)}
        assert all(page["qr"] for page in pages) and not any(page["blank"] for page in pages)
        assert b"DRAF" not in io.BytesIO(data).getvalue()


def test_the_same_paper_scanned_with_the_same_seed_gives_the_same_bytes(finals):
    """The software scanner is deterministic (its clock is fixed), so runs can be compared byte for byte."""
    _commission, secretariat = finals
    pdf = render(build_document(secretariat), "pdf")
    assert scan_of(pdf, seed=4) == scan_of(pdf, seed=4) != scan_of(pdf, seed=5)
