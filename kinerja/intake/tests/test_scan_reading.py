"""A scan of a seed PK is read back (issue #15): the printed PDF rasterised at 200 dpi, turned by up
to 1°, with grain, then OCR, the table from where its words stand, typical confusions proposed as
corrections and flagged: at least 95% of the fields equal the seed reading, and every field that
differs is among the uncertain ones.

Both layouts are read so: the secretariat's (an activity row across the table, then its outputs)
and the commission's (the goal in a cell merged over its indicators, its text centred in the
middle of them), whose rows and merged cells are told by the table's rules."""

import pytest

from kinerja.agreements import lifecycle
from kinerja.demo.scans import scan_of
from kinerja.documents.builder import build_document
from kinerja.documents.pdf import render_pdf
from kinerja.intake import corrections
from kinerja.intake.reading import check_activity_codes, differences, read
from kinerja.intake.tests.test_reading import seed_reading, without_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("index", "seed", "rotation"), [(1, 6, -0.7), (1, 3, 0.9), (0, 3, 0.9), (0, 6, -0.7)])
def test_a_scanned_pk_reads_back_with_every_difference_flagged(sorong_agreements, personas, index, seed, rotation):
    # The paper that is signed and scanned is the final print (no DRAF across the page, the code below).
    agreement = lifecycle.agreement_finalise(agreement=sorong_agreements[index], by=personas.operator)
    printed = render_pdf(without_data(build_document(agreement)))
    done = []
    reading = read(
        scan_of(printed, dpi=200, seed=seed, rotation=rotation, noise=0.07),
        "pindaian.pdf",
        progress=lambda page, pages: done.append((page, pages)),
    )
    assert reading["source"] == "scan"
    assert done and done[-1][0] == done[-1][1] == reading["pages"]
    total, differing = differences(reading, seed_reading(index))
    assert (total - len(differing)) / total >= 0.95, differing
    assert set(differing) <= set(reading["uncertain"]), set(differing) - set(reading["uncertain"])
    # Every field read from the table carries its confidence; OCR's amounts are always for a person to check.
    assert all(0 <= value <= 100 for value in reading["confidence"].values())
    assert "sections.0.title" in reading["confidence"]
    assert all(
        f"budget.{b}.amount" in reading["uncertain"] for b, line in enumerate(reading["budget"]) if line["amount"]
    )


def test_typical_ocr_confusions_are_proposed_and_said():
    assert corrections.number("2:") == ("2.", "terbaca “2:”")
    assert corrections.number("2.") == ("2.", None)
    assert corrections.lettered("Cc. Sosialisasi") == ("c. Sosialisasi", "terbaca “Cc.”")
    assert corrections.lettered("a. Layanan") == ("a. Layanan", None)
    assert corrections.coded("16981 Pengucapan Sumpah") == ("6981 Pengucapan Sumpah", "terbaca “16981”")
    assert corrections.coded("6981 Pengucapan") == ("6981 Pengucapan", None)
    assert corrections.target("I Unit") == ("1 Unit", "terbaca “I Unit”")
    assert corrections.target("1OO %") == ("100 %", "terbaca “1OO %”")
    assert corrections.target("lOO o/o") == ("100 %", "terbaca “lOO o/o”")
    assert corrections.target("too") == ("100", "terbaca “too”")
    assert corrections.target("1 Lembaga") == ("1 Lembaga", None)
    assert corrections.target("WTP") == ("WTP", None)
    assert corrections.number(": 8.") == ("8.", "terbaca “: 8.”")
    assert corrections.stray_marks(": Penetapan Hasil Pemilu") == (
        "Penetapan Hasil Pemilu",
        "terbaca “: Penetapan Hasil Pemilu”",
    )
    assert corrections.stray_marks("Pemungutan : dan Penghitungan")[0] == "Pemungutan dan Penghitungan"
    assert corrections.stray_marks("Gaji , Uang Makan")[0] == "Gaji, Uang Makan"
    assert corrections.stray_marks("Pengelolaan, Pengadaan, Laporan") == ("Pengelolaan, Pengadaan, Laporan", None)
    assert corrections.stray_marks("Sosialisasi/Penyuluhan") == ("Sosialisasi/Penyuluhan", None)


def test_an_activity_code_or_title_ocr_misread_is_flagged_against_the_catalogue(units):
    reading = {
        "sections": [
            {"no": "5", "code": "687O", "title": "Masa Kampanye", "rows": []},
            {"no": "6", "code": "6870", "title": "Masa Karnpanye Pemiiu", "rows": []},
            {"no": "7", "code": "6870", "title": "Masa Kampanye", "rows": []},
            {"no": "8", "code": "6870", "title": "Masa Kampanve", "rows": []},
            # A commission's goal has no code; one nearly an activity's name is that name.
            {"no": "9", "code": "", "title": "Pembentukan Badan Adhoe", "rows": []},
            {"no": "10", "code": "", "title": "Penetapan Hasil Pemilu", "rows": []},
        ],
        "uncertain": [],
        "notes": {},
    }
    check_activity_codes(reading)
    assert reading["uncertain"] == [
        "sections.0.code",
        "sections.0.title",
        "sections.1.title",
        "sections.3.title",
        "sections.4.title",
    ]
    assert reading["notes"]["sections.0.code"] == "Kode kegiatan “687O” tidak ada di katalog."
    assert reading["notes"]["sections.1.title"] == "Kegiatan 6870 di katalog: “Masa Kampanye”."
    assert reading["sections"][1]["title"] == "Masa Karnpanye Pemiiu"  # too far to be corrected: proposed
    assert [section["title"] for section in reading["sections"][3:]] == [
        "Masa Kampanye",
        "Pembentukan Badan Adhoc",
        "Penetapan Hasil Pemilu",  # no activity's name: left as read
    ]
    assert reading["notes"]["sections.3.title"] == "terbaca “Masa Kampanve”"
