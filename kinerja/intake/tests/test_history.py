"""A PK of an earlier year stored as history (issue #15): its own dates, none invented; received;
its source file kept and checked; its lateness from its real dates or unknown; outside compliance."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from kinerja.agreements.models import Agreement, Status, StatusChange
from kinerja.documents.builder import build_document
from kinerja.documents.docx import render_docx
from kinerja.intake.models import ImportedSource
from kinerja.intake.reading import read
from kinerja.intake.services import HistoryRefused, store_history
from kinerja.intake.tests.test_reading import word_pk
from kinerja.submissions.selectors import national_compliance

pytestmark = pytest.mark.django_db


@pytest.fixture
def kab_sorong(units):
    """KPU Kabupaten Sorong Selatan: a unit the outsider persona (operator of Kabupaten Sorong) does not see."""
    return units["kpu-96.02"]


def test_a_word_pk_of_2021_is_stored_as_received_history(kab_sorong, personas, client_for):
    reading = read(word_pk(), "pk-2021.docx")
    agreement = store_history(
        reading=reading,
        unit=kab_sorong,
        year=2021,
        data=word_pk(),
        filename="pk-2021.docx",
        by=personas.admin,
        submitted_on="3 Februari 2021",
    )
    assert agreement.status == Status.RECEIVED and agreement.is_history
    assert agreement.signed_on == datetime.date(2021, 1, 14)
    assert agreement.submitted_at.date() == datetime.date(2021, 2, 3)
    assert agreement.days_late == 3  # after 31 January 2021, counted in the unit's zone
    assert agreement.sections.count() == 3 and agreement.budget_lines.first().amount == 2_500_000_000
    move = StatusChange.objects.get(agreement=agreement)
    assert (move.from_status, move.to_status) == (Status.DRAFT, Status.RECEIVED)
    source = ImportedSource.objects.get(agreement=agreement)
    assert source.file.read() == word_pk() and source.kind == "docx"
    # The PK page says so, and the source file is read by whoever sees the PK; an outsider gets 404.
    page = client_for(personas.admin).get(agreement.get_absolute_url()).content.decode()
    assert 'id="history-source"' in page and "terlambat 3 hari" in page
    url = reverse("intake:source", args=[agreement.pk])
    assert client_for(personas.admin).get(url).status_code == 200
    assert client_for(personas.outsider).get(url).status_code == 404


def test_without_its_submission_date_the_lateness_is_unknown(kab_sorong, personas, client_for):
    agreement = store_history(
        reading=read(word_pk(), "pk.docx"),
        unit=kab_sorong,
        year=2021,
        data=word_pk(),
        filename="pk.docx",
        by=personas.admin,
    )
    assert agreement.submitted_at is None and agreement.days_late is None
    page = client_for(personas.admin).get(agreement.get_absolute_url()).content.decode()
    assert "tidak diketahui" in page
    # No part of the year's compliance: the unit counts as without a PK, none received.
    tally, _provinces = national_compliance(2021, datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC))
    assert (tally.submitted, tally.received) == (0, 0)


def test_refusals_write_nothing(kab_sorong, personas, sorong_agreements):
    reading = read(word_pk(), "pk.docx")
    before = Agreement.objects.count()
    with pytest.raises(HistoryRefused, match="sebelum tanggal penandatanganan"):
        store_history(
            reading=reading,
            unit=kab_sorong,
            year=2021,
            data=word_pk(),
            filename="pk.docx",
            by=personas.admin,
            submitted_on="2 Januari 2021",
        )
    with pytest.raises(HistoryRefused, match="“31 Februari 2021” tidak ada di kalender"):
        store_history(
            reading=reading,
            unit=kab_sorong,
            year=2021,
            data=word_pk(),
            filename="pk.docx",
            by=personas.admin,
            received_on="31 Februari 2021",
        )
    with pytest.raises(HistoryRefused, match="PK tahun ini disusun di Kinerja"):
        store_history(
            reading=reading,
            unit=kab_sorong,
            year=datetime.date.today().year,
            data=word_pk(),
            filename="pk.docx",
            by=personas.admin,
        )
    with pytest.raises(HistoryRefused, match="sudah memiliki PK tahun 2024"):
        store_history(
            reading=reading,
            unit=sorong_agreements[0].unit,
            year=2024,
            data=word_pk(),
            filename="pk.docx",
            by=personas.admin,
        )
    with pytest.raises(HistoryRefused, match="terkunci|rusak|PDF"):
        store_history(
            reading=reading, unit=kab_sorong, year=2021, data=b"%PDF-1.4 broken", filename="pk.pdf", by=personas.admin
        )
    assert Agreement.objects.count() == before
    assert not ImportedSource.objects.exists()


def test_the_command_stores_a_pk_as_history(kab_sorong, sorong_agreements, tmp_path, capsys):
    path = tmp_path / "pk-2024.docx"
    path.write_bytes(render_docx(build_document(sorong_agreements[0])))
    call_command("agreement_import", str(path), "--unit", "kpu-96.02", "--year", "2024", "--submitted", "7 Maret 2024")
    stored = Agreement.objects.get(unit=kab_sorong, year=2024)
    # Handed in on 7 March 2024: 36 days after 31 January, as the guideline's own example.
    assert stored.is_history and stored.status == Status.RECEIVED and stored.days_late == 36
    assert "disimpan sebagai riwayat" in capsys.readouterr().out
    assert stored.sections.count() == sorong_agreements[0].sections.count()
