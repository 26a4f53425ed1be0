"""Every hostile file of the corpus brought in as an old PK (issue #15): read into a reading or
refused with a clear Indonesian message, never an error; stored only when the document check
takes it, and then as exactly that file; otherwise nothing is stored."""

import pytest

from kinerja.agreements.models import Agreement
from kinerja.intake.models import ImportedSource
from kinerja.intake.reading import ReadError, read
from kinerja.intake.services import HistoryRefused, store_history
from kinerja.lib.tests.corpus import ACCEPTED, EVIDENCE, hostile_files

pytestmark = pytest.mark.django_db

READING = {
    "first_party": {"name": "Yohana Simbiak", "position": "Ketua KPU Kabupaten Contoh"},
    "second_party": None,
    "signed_place": "Contoh",
    "signed_date": "2021-01-14",
    "sections": [
        {
            "no": "1",
            "code": "",
            "title": "Tata kelola",
            "rows": [{"indicator": "Laporan kinerja", "target": "1", "unit": "Laporan"}],
        }
    ],
    "budget": [],
}


def test_every_hostile_file_is_read_or_refused_and_stored_only_as_the_document_check_allows(units, personas, subtests):
    unit = units["kpu-96.02"]
    accepted: list[str] = []
    for file in hostile_files():
        with subtests.test(file=file.name):
            try:
                reading = read(file.data, file.name)
            except ReadError as error:
                assert str(error)
            else:
                assert isinstance(reading["sections"], list)
            expected = file.expect[EVIDENCE]
            if expected is ACCEPTED:
                # A genuine document: stored, as exactly that file (each in its own year: one PK a year).
                accepted.append(file.name)
                agreement = store_history(
                    reading=READING,
                    unit=unit,
                    year=2000 + len(accepted),
                    data=file.data,
                    filename=file.name,
                    by=personas.admin,
                )
                assert agreement.imported_source.file.read() == file.data
                continue
            before = (Agreement.objects.count(), ImportedSource.objects.count())
            with pytest.raises(HistoryRefused) as refused:
                store_history(
                    reading=READING, unit=unit, year=2021, data=file.data, filename=file.name, by=personas.admin
                )
            assert expected in str(refused.value), f"{file.name}: {refused.value}"
            assert (Agreement.objects.count(), ImportedSource.objects.count()) == before
    assert accepted  # the corpus holds genuine workbooks too, and they are taken
