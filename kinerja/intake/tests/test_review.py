"""Bringing in an old PK through the page (issue #15): the upload is checked before anything is
stored, the file is read by a background task (a scan page by page, with a progress bar), every
field is reviewed beside its page with the uncertain ones marked, and only the confirm stores it as
history, with the corrections as typed. An intake is its uploader's (and an admin's) alone."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kinerja.agreements import lifecycle
from kinerja.agreements.models import Agreement, Row
from kinerja.conftest import make_pdf
from kinerja.demo.scans import scan_of
from kinerja.documents.builder import build_document
from kinerja.documents.pdf import render_pdf
from kinerja.intake.forms import ReviewForm
from kinerja.intake.models import ImportedSource, IntakeSession, IntakeStatus
from kinerja.intake.tasks import read_intake
from kinerja.intake.tests.test_reading import without_data, word_pk

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def kab_sorong_selatan(units):
    """KPU Kabupaten Sorong Selatan, without a PK of 2021: a unit only the admin draws up PKs for here."""
    return units["kpu-96.02"]


def upload(client, unit, year: int, data: bytes, filename: str, capture):
    """The upload form sent, the reading task run at once (on commit, by the immediate backend)."""
    with override_settings(TASKS=IMMEDIATE_TASKS), capture(execute=True):
        return client.post(
            reverse("intake:upload"),
            {"unit": unit.pk, "year": year, "file": SimpleUploadedFile(filename, data)},
        )


def as_typed(session: IntakeSession) -> dict:
    """What the review form sends when nothing is changed: every field as read, each catalogue match kept."""
    form = ReviewForm(reading=session.reading)
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, "")}
    return {name: ("on" if value is True else value) for name, value in data.items()}


def field_html(page: str, path: str) -> str:
    """The review's label element of the field `path`."""
    found = re.search(rf'<label class="([^"]*)"[^>]*data-path="{re.escape(path)}">(.*?)</label>', page, re.S)
    assert found, path
    return found.group(0)


def test_a_word_pk_is_read_reviewed_corrected_and_stored(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    response = upload(client, kab_sorong_selatan, 2021, word_pk(), "pk-2021.docx", django_capture_on_commit_callbacks)
    session = IntakeSession.objects.get(created_by=personas.admin)
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    assert (session.status, session.kind, session.filename) == (IntakeStatus.READY, "docx", "pk-2021.docx")
    assert session.reading["year"] == 2021 and session.reading["matches"]
    # The review shows every field as read; an uncertain one is marked with its note, a sure one is not.
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'value="Yohana Simbiak"' in page and "tidak memiliki gambar halaman" in page
    uncertain = field_html(page, "sections.0.rows.0.indicator")
    assert "uncertain" in uncertain and "Mirip indikator katalog" in uncertain and "periksa" in uncertain
    assert "uncertain" not in field_html(page, "first_party.name").split(">")[0]
    assert "Katalog: KPU.IKU.01" in page and "kemiripan 85%" in page
    assert "bila diketahui" in field_html(page, "submitted_on")
    # Nothing is stored before the confirm.
    assert not Agreement.objects.filter(unit=kab_sorong_selatan, year=2021).exists()
    data = as_typed(session) | {
        "first_party.name": "Yohana Simbiak, S.Sos.",
        "sections.0.rows.1.target": "78",
        "budget.1.amount": "Rp. 1.250.000.000,-",
        "submitted_on": "3 Februari 2021",
    }
    response = client.post(session.get_absolute_url(), data)
    agreement = Agreement.objects.get(unit=kab_sorong_selatan, year=2021)
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert agreement.is_history and agreement.first_party_name == "Yohana Simbiak, S.Sos."
    assert agreement.signed_on.isoformat() == "2021-01-14" and agreement.submitted_at.date().isoformat() == "2021-02-03"
    row = Row.objects.get(section__agreement=agreement, section__order=1, order=2)
    assert (row.indicator_text, row.target) == ("Indeks Partisipasi Pemilih", "78")
    assert Row.objects.get(section__agreement=agreement, section__order=1, order=1).indicator.code == "KPU.IKU.01"
    assert [line.amount for line in agreement.budget_lines.order_by("order")] == [2_500_000_000, 1_250_000_000]
    assert ImportedSource.objects.get(agreement=agreement).file.read() == word_pk()
    session.refresh_from_db()
    assert (session.status, session.agreement) == (IntakeStatus.STORED, agreement)
    # A second confirm (a double click) stores nothing more.
    again = client.post(session.get_absolute_url(), data)
    assert again.status_code == 302 and Agreement.objects.filter(unit=kab_sorong_selatan, year=2021).count() == 1


def test_an_upload_is_queued_for_the_worker_once_committed(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("intake:upload"),
            {"unit": kab_sorong_selatan.pk, "year": 2021, "file": SimpleUploadedFile("pk.docx", word_pk())},
        )
    session = IntakeSession.objects.get(created_by=personas.admin)
    assert session.status == IntakeStatus.READING and not DBTaskResult.objects.exists()
    for callback in callbacks:
        callback()
    session.refresh_from_db()
    queued = DBTaskResult.objects.get(id=session.task_id)
    assert queued.task_path == "kinerja.intake.tasks.read_intake" and queued.args_kwargs["args"] == [session.pk]
    # What the worker runs: the reading, once; a second run finds nothing to do.
    assert read_intake.call(session.pk) == "ready" and read_intake.call(session.pk) == "nothing to do"
    assert IntakeSession.objects.get(pk=session.pk).status == IntakeStatus.READY


def test_a_refused_confirm_keeps_the_form_as_typed(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    upload(client, kab_sorong_selatan, 2021, word_pk(), "pk-2021.docx", django_capture_on_commit_callbacks)
    session = IntakeSession.objects.get(created_by=personas.admin)
    data = as_typed(session) | {"signed_place": "Teminabuan", "received_on": "2 Januari 2021"}
    page = client.post(session.get_absolute_url(), data).content.decode()
    assert "Tanggal diterima sebelum tanggal penandatanganan." in page
    assert 'value="Teminabuan"' in page and 'value="2 Januari 2021"' in page
    data["budget.0.amount"] = "Rp 1.000,50"
    page = client.post(session.get_absolute_url(), data).content.decode()
    assert "bukan jumlah rupiah bulat" in field_html(page, "budget.0.amount")
    assert not Agreement.objects.filter(unit=kab_sorong_selatan, year=2021).exists()
    assert IntakeSession.objects.get(pk=session.pk).status == IntakeStatus.READY


def test_a_row_read_wrongly_is_removed_and_a_row_missed_is_typed_in(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    upload(client, kab_sorong_selatan, 2021, word_pk(), "pk-2021.docx", django_capture_on_commit_callbacks)
    session = IntakeSession.objects.get(created_by=personas.admin)
    flagged, notes = session.reading["uncertain"], session.reading["notes"]
    assert "sections.1.rows.0.unit" in flagged and "sections.0.rows.1.indicator" in flagged
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Indikator yang terlewat (isi bila ada)" in page and "Program yang terlewat (isi bila ada)" in page
    # The first section's first row is no row of the PK; a row of the first section and a program were missed.
    data = as_typed(session) | {
        "sections.0.rows.0.remove": "on",
        "sections.0.rows.2.indicator": "Jumlah pemilih terdaftar",
        "sections.0.rows.2.target": "12.345",
        "sections.0.rows.2.unit": "Orang",
        "budget.2.program": "Program Dukungan Manajemen Tambahan",
        "budget.2.amount": "Rp 1.000.000",
        "action": "update",
    }
    response = client.post(session.get_absolute_url(), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == IntakeStatus.READY  # nothing stored yet
    rows = session.reading["sections"][0]["rows"]
    assert [row["indicator"] for row in rows] == ["Indeks Partisipasi Pemilih", "Jumlah pemilih terdaftar"]
    assert session.reading["budget"][2] == {
        "program": "Program Dukungan Manajemen Tambahan",
        "code": "",
        "amount": 1_000_000,
    }
    # What the reader flagged stays flagged, where its row now stands; a row typed in is flagged for nothing.
    assert session.reading["uncertain"] == [
        path.replace("sections.0.rows.1.", "sections.0.rows.0.")
        for path in flagged
        if not path.startswith("sections.0.rows.0.")
    ]
    assert session.reading["notes"]["sections.0.rows.0.indicator"] == notes["sections.0.rows.1.indicator"]
    page = client.get(session.get_absolute_url()).content.decode()
    assert "periksa" in field_html(page, "sections.1.rows.0.unit")
    assert "Jumlah pemilih terdaftar</textarea>" in page
    # Confirmed, the PK keeps the corrected rows.
    response = client.post(session.get_absolute_url(), as_typed(session))
    agreement = Agreement.objects.get(unit=kab_sorong_selatan, year=2021)
    indicators = list(Row.objects.filter(section__agreement=agreement).values_list("indicator_text", flat=True))
    assert "Jumlah pemilih terdaftar" in indicators and "Persentase tahapan Pemilu yang terlaksana" not in indicators


@pytest.mark.parametrize(
    ("filename", "data", "year", "message"),
    [
        ("pk-2021.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), 2021, "tidak dikenal: kirim PDF, DOCX, XLSX"),
        ("pk.docx", word_pk(), 2099, "Tahun PK lama harus antara 2000 dan"),
        ("kosong.txt", b"", 2021, "kosong"),
    ],
)
def test_a_bad_upload_is_refused_with_its_reason_and_nothing_stored(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks, filename, data, year, message
):
    response = upload(
        client_for(personas.admin), kab_sorong_selatan, year, data, filename, django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IntakeSession.objects.exists()


def test_a_file_that_does_not_read_fails_with_the_readers_message(
    kab_sorong_selatan, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    # A broken PDF is turned away at the upload, before it is kept (as every document upload is checked).
    response = upload(
        client, kab_sorong_selatan, 2021, b"%PDF-1.7\n" + bytes(500), "rusak.pdf", django_capture_on_commit_callbacks
    )
    assert "terpotong" in response.content.decode()
    assert not IntakeSession.objects.exists()
    # A text file in no known encoding passes the upload and fails in the reading, with the reader's message.
    upload(client, kab_sorong_selatan, 2021, b"\x81\x8d\x8f\x90", "rusak.txt", django_capture_on_commit_callbacks)
    session = IntakeSession.objects.get(created_by=personas.admin)
    assert session.status == IntakeStatus.FAILED and session.error
    page = client.get(session.get_absolute_url()).content.decode()
    assert session.error in page and "hx-trigger" not in page
    assert client.get(reverse("intake:page_image", args=[session.pk, 1])).status_code == 404


def test_a_unit_with_a_pk_of_the_year_is_refused_at_upload(
    sorong_agreements, personas, units, client_for, django_capture_on_commit_callbacks
):
    Agreement.objects.filter(pk=sorong_agreements[0].pk).update(year=2022)
    client = client_for(personas.operator)
    response = upload(client, units["kpu-96.71"], 2022, word_pk(), "pk.docx", django_capture_on_commit_callbacks)
    assert "sudah memiliki PK tahun 2022" in response.content.decode() and not IntakeSession.objects.exists()


def test_the_upload_offers_only_the_units_one_draws_up_pks_for(personas, units, client_for):
    page = client_for(personas.operator).get(reverse("intake:upload")).content.decode()
    assert units["kpu-96.71"].name in page and units["kpu-96.02"].name not in page
    # Another unit's id is refused as any choice not offered; nothing stored.
    response = client_for(personas.operator).post(
        reverse("intake:upload"),
        {"unit": units["kpu-96.02"].pk, "year": 2021, "file": SimpleUploadedFile("pk.docx", word_pk())},
    )
    assert response.status_code == 200 and not IntakeSession.objects.exists()
    assert client_for(personas.province_verifier).get(reverse("intake:upload")).status_code == 404


def test_the_agreement_list_links_to_the_upload(personas, client_for):
    page = client_for(personas.operator).get(reverse("agreements:list")).content.decode()
    assert reverse("intake:upload") in page


def test_while_reading_the_page_shows_the_progress_and_asks_again_every_second(personas, units, client_for):
    session = IntakeSession.objects.create(
        unit=units["kpu-96.71"],
        year=2021,
        filename="pindaian.pdf",
        kind="pdf",
        created_by=personas.operator,
        done=1,
        total=3,
    )
    client = client_for(personas.operator)
    page = client.get(session.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and reverse("intake:progress", args=[session.pk]) in page
    assert '<progress max="3" value="1">' in page and "Halaman 1 dari 3" in page
    response = client.get(reverse("intake:progress", args=[session.pk]))
    assert "HX-Refresh" not in response and 'hx-trigger="every 1s"' in response.content.decode()
    # Not yet read: no page image, and no confirm.
    assert client.get(reverse("intake:page_image", args=[session.pk, 1])).status_code == 404
    assert client.post(session.get_absolute_url(), {}).status_code == 302
    IntakeSession.objects.filter(pk=session.pk).update(status=IntakeStatus.FAILED, error="PDF rusak.")
    response = client.get(reverse("intake:progress", args=[session.pk]))
    assert response["HX-Refresh"] == "true" and "PDF rusak." in response.content.decode()


def test_a_reading_whose_worker_died_is_said_and_read_again(
    personas, units, client_for, django_capture_on_commit_callbacks
):
    session = IntakeSession.objects.create(
        unit=units["kpu-96.02"], year=2021, filename="pk-2021.docx", kind="docx", created_by=personas.admin
    )
    session.file.save("pk-2021.docx", ContentFile(word_pk()), save=True)
    client = client_for(personas.admin)
    retry = reverse("intake:retry", args=[session.pk])
    # Reading, and heard from lately: nothing to do.
    IntakeSession.objects.filter(pk=session.pk).update(progressed_at=timezone.now() - datetime.timedelta(minutes=3))
    page = client.get(session.get_absolute_url()).content.decode()
    assert "terhenti" not in page and 'hx-trigger="every 1s"' in page
    client.post(retry)
    assert IntakeSession.objects.get(pk=session.pk).progressed_at < timezone.now() - datetime.timedelta(minutes=2)
    # Silent for longer than a page of OCR could take: the worker died. The page says so and stops asking.
    IntakeSession.objects.filter(pk=session.pk).update(progressed_at=timezone.now() - datetime.timedelta(minutes=11))
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Pembacaan “pk-2021.docx” terhenti" in page and 'hx-trigger="every 1s"' not in page
    with override_settings(TASKS=IMMEDIATE_TASKS), django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == IntakeStatus.READY and session.reading["year"] == 2021
    assert client.get(retry).status_code == 405


def test_a_scan_is_read_page_by_page_and_reviewed_beside_its_pages(
    sorong_agreements, personas, units, client_for, django_capture_on_commit_callbacks
):
    # The secretariat's final print, signed and scanned (its statement and the first page of its attachment).
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[1], by=personas.operator)
    scan = scan_of(render_pdf(without_data(build_document(agreement))), dpi=200, seed=3, pages=[0, 1], noise=0.07)
    client = client_for(personas.operator)
    upload(client, units["sekretariat-96.71"], 2021, scan, "pindaian.pdf", django_capture_on_commit_callbacks)
    session = IntakeSession.objects.get(created_by=personas.operator)
    assert (session.status, session.done, session.total, session.pages) == (IntakeStatus.READY, 2, 2, 2)
    assert session.reading["source"] == "scan"
    progress = client.get(reverse("intake:progress", args=[session.pk]))
    assert progress["HX-Refresh"] == "true" and 'data-progress="2/2"' in progress.content.decode()
    # Each part of the review stands beside the image of its page; a scan's pages are placed by the layout.
    page = client.get(session.get_absolute_url()).content.decode()
    statement_image = reverse("intake:page_image", args=[session.pk, 1])
    assert f'<img src="{statement_image}"' in page and "perkiraan" in page
    assert f'<img src="{reverse("intake:page_image", args=[session.pk, 2])}"' in page
    # Every field the reader is unsure of is marked; OCR's confidence is said beside those read from the table.
    fields = ReviewForm(reading=session.reading).fields
    flagged = [path for path in session.reading["uncertain"] if path in fields]
    assert flagged
    for path in flagged:
        assert "uncertain" in field_html(page, path).split(">")[0]
    confidence = session.reading["confidence"]
    unsure = [path for path in flagged if confidence.get(path, 100) < 60]
    assert unsure and all(f"{round(confidence[path])} dari 100" in field_html(page, path) for path in unsure)
    image = client.get(statement_image)
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.content.startswith(PNG)
    assert client.get(reverse("intake:page_image", args=[session.pk, 3])).status_code == 404


def test_an_intake_is_its_uploaders_and_an_admins_alone(personas, units, client_for):
    session = IntakeSession.objects.create(
        unit=units["kpu-96.71"],
        year=2021,
        filename="pk.pdf",
        kind="pdf",
        status=IntakeStatus.READY,
        reading={},
        pages=1,
        created_by=personas.operator,
    )
    session.file.save("pk.pdf", ContentFile(make_pdf()), save=True)
    urls = [
        session.get_absolute_url(),
        reverse("intake:progress", args=[session.pk]),
        reverse("intake:page_image", args=[session.pk, 1]),
    ]
    for user in (personas.operator, personas.admin):
        assert [client_for(user).get(url).status_code for url in urls] == [200, 200, 200]
    # The Ketua of the same unit and the outsider alike: it is someone else's work in progress.
    for user in (personas.ketua, personas.outsider, personas.province_verifier, personas.central_verifier):
        assert [client_for(user).get(url).status_code for url in urls] == [404, 404, 404]
        assert client_for(user).post(urls[0], {}).status_code == 404
        assert client_for(user).post(reverse("intake:retry", args=[session.pk])).status_code == 404
    # Nor is it listed on their upload page.
    assert "pk.pdf" not in client_for(personas.ketua).get(reverse("intake:upload")).content.decode()
