"""The guideline's own scanned example, as another OCR read it (issue #15): two PKs in one text, their
tables read straight across the columns ("Penyelenggaran Pelatihan Teknis 1 Lembaga", then "Perencanaan
Program dan Anggaranrta | Kepemiluan"). Read against the catalogue, at least 90% of the fields equal the
seed's reading, and every one that does not is flagged; the code OCR read as "6:;6'7" is not trusted."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from kinerja.intake import columnless
from kinerja.intake.reading import ReadError, differences, read
from kinerja.intake.tests.test_reading import seed_reading

pytestmark = pytest.mark.django_db

GUIDELINE = Path(__file__).parent / "data" / "perjanjian-kinerja-kpu-kota-sorong-2024.ocr.txt"


@pytest.mark.parametrize("part", [1, 2])
def test_the_guideline_text_reads_back_with_every_difference_flagged(units, part):
    reading = read(GUIDELINE.read_bytes(), GUIDELINE.name, part=part)
    assert reading["parts"] == 2
    total, differing = differences(reading, seed_reading(part - 1))
    assert total > 150
    assert (total - len(differing)) / total >= 0.90, differing
    assert set(differing) <= set(reading["uncertain"]), set(differing) - set(reading["uncertain"])
    # What was read without a doubt is not flagged: the review is not a wall of yellow.
    assert len(reading["uncertain"]) < total / 2


def test_the_code_read_as_noise_is_flagged_and_proposed_from_the_catalogue(units):
    reading = read(GUIDELINE.read_bytes(), GUIDELINE.name, part=2)
    section = reading["sections"][3]
    assert (section["no"], section["title"]) == ("4", "Pembentukan Badan Adhoc")
    assert section["code"] == "6767"
    assert "sections.3.code" in reading["uncertain"]
    assert "6:;6'7" in reading["notes"]["sections.3.code"]
    # A code read cleanly is taken as read.
    assert reading["sections"][1]["code"] == "3360"
    assert "sections.1.code" not in reading["uncertain"]


def test_an_indicator_the_catalogue_does_not_know_is_kept_as_read_and_flagged(units, monkeypatch):
    known = columnless.vocabulary()
    without = [name for name in known.indicators if "Pembentukan/Seleksi" not in name]
    monkeypatch.setattr(columnless, "vocabulary", lambda: known.__class__(**{**known.__dict__, "indicators": without}))
    reading = read(GUIDELINE.read_bytes(), GUIDELINE.name, part=1)
    row = reading["sections"][1]["rows"][0]
    assert row["indicator"] == "Pembentukan/Seleksi Badan Adhoc"  # the words of its line, as read
    assert reading["notes"]["sections.1.rows.0.indicator"].startswith("Indikator tidak dikenali di katalog")
    # A near one is proposed, flagged with the words it was read from and how many of its words were there.
    reading = read(GUIDELINE.read_bytes(), GUIDELINE.name, part=2)
    assert reading["sections"][3]["rows"][1]["indicator"] == "Persentase Terbayarnya Honorarium Badan Adhoc"
    assert reading["notes"]["sections.3.rows.1.indicator"] == (
        "Dicocokkan dengan katalog (70% kata): terbaca “Persentase Terbayarnya Honorarium Badan”"
    )


def test_a_text_of_two_pks_is_read_one_at_a_time(units):
    with pytest.raises(ReadError, match="memuat 2 PK; tidak ada PK ke-3"):
        read(GUIDELINE.read_bytes(), GUIDELINE.name, part=3)
    out = io.StringIO()
    call_command(
        "agreement_import",
        str(GUIDELINE),
        "--unit",
        "kpu-96.71",
        "--year",
        "2024",
        "--part",
        "2",
        "--json",
        "--dry-run",
        stdout=out,
    )
    reading = json.loads(out.getvalue())
    assert reading["second_party"] == {"name": "Balthasar Berth Kambuaya", "position": "Ketua KPU Kota Sorong"}
    assert reading["budget"][0]["amount"] == 19_310_290_000
