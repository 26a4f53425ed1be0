"""Excel templates, exports and imports of DIPA allocations and IKU sets.

Files are built here with openpyxl as a planner's Excel would save them, so that
the import is tested independently of the export; the round-trip tests then
check that export → import → export changes nothing.
"""

import datetime
import functools
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import Workbook, load_workbook

from kinerja.audit.models import Action, ChangeRecord
from kinerja.lib.sheets import FORMULA_STARTS
from kinerja.organisation.models import Unit
from kinerja.planning.access import can_edit_plan
from kinerja.planning.models import Activity, Decree, Dipa, DipaAllocation, IkuItem, IkuSet, Indicator, Program
from kinerja.planning.spreadsheets import (
    DIPA_COLUMNS,
    IKU_COLUMNS,
    MAX_DATA_ROWS,
    ImportRejected,
    ImportResult,
    RowError,
    dipa_export,
    dipa_import,
    dipa_template,
    iku_export,
    iku_import,
    iku_template,
    neutralise_formula,
    restore_formula_text,
)
from kinerja.planning.targets import GradeScale, Polarity, Target, TargetKind

pytestmark = pytest.mark.django_db

# The demo data holds KPU's, Papua Barat Daya's and Sorong's plan for 2024; these
# tests work on 2030 so that what they find is what they wrote.
YEAR = 2030
RATIFIED = datetime.date(2029, 11, 24)
DECREED = datetime.date(2029, 12, 15)
REVIEW = datetime.date(2030, 6, 30)
FORMULA_LIKE = ['=HYPERLINK("http://contoh.invalid","klik")', "+62 812 0000", "-001/2024", "@SUM(A1)", "'=1+1"]


# --- Fixtures and helpers -------------------------------------------------------------------------------------


def _program(code: str, name: str) -> Program:
    return Program.objects.get_or_create(code=code, defaults={"name": name})[0]


def _activity(code: str, name: str, program: Program) -> Activity:
    activity = Activity.objects.get_or_create(code=code, defaults={"name": name, "program": program})[0]
    assert activity.program == program
    return activity


@pytest.fixture
def budget(loaded_db):
    """The two KPU programs and three of their activities (the demo data may already hold them)."""
    cq = _program("076.01.CQ", "Program Penyelenggaraan Pemilu Dalam Proses Konsolidasi Demokrasi")
    wa = _program("076.01.WA", "Program Dukungan Manajemen")
    return SimpleNamespace(
        cq=cq,
        wa=wa,
        planning=_activity("6709", "Perencanaan Program dan Anggaran", cq),
        logistics=_activity("6870", "Masa Kampanye", cq),
        management=_activity("3360", "Penyelenggaraan Operasional Perkantoran", wa),
    )


@pytest.fixture
def indicators(loaded_db) -> dict[str, Indicator]:
    specs = [
        ("IKU-01", "Jumlah lembaga yang menyusun perencanaan pemilu", "Lembaga", TargetKind.NUMBER, "", "higher"),
        ("IKU-02", "Persentase tahapan yang terlaksana tepat waktu", "%", TargetKind.PERCENT, "", "higher"),
        ("IKU-03", "Opini BPK atas laporan keuangan", "Opini", TargetKind.GRADE, GradeScale.AUDIT_OPINION, "higher"),
        ("IKU-04", "Predikat SAKIP", "Predikat", TargetKind.GRADE, GradeScale.SAKIP, "higher"),
        ("IKU-05", "Persentase temuan audit yang belum ditindaklanjuti", "%", TargetKind.PERCENT, "", "lower"),
        ("IKU-06", "Persentase partisipasi pemilih", "%", TargetKind.PERCENT, "", "range"),
        ("IKU-07", "Indeks kepuasan layanan", "Indeks", TargetKind.NUMBER, "", "higher"),
    ]
    return {
        code: Indicator.objects.create(
            code=code, name=name, measure_unit=measure, target_kind=kind, grade_scale=scale, polarity=polarity
        )
        for code, name, measure, kind, scale, polarity in specs
    }


def editor(user):
    """`can_edit` as a view would pass it."""
    return functools.partial(can_edit_plan, user)


def xlsx(rows, *, columns=DIPA_COLUMNS, sheet="DIPA", formats: dict[str, str] | None = None) -> bytes:
    """A workbook as Excel would save it: the header, then `rows`; dates become real Excel dates."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append(row)
    for coordinate, number_format in (formats or {}).items():
        worksheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dipa_row(**changes) -> list:
    values = {
        "unit": "kpu-96.71",
        "year": YEAR,
        "number": "SP DIPA-076.01.2.692081/2030",
        "date": RATIFIED,
        "program": "076.01.CQ",
        "activity": "6709",
        "amount": 1_000_000,
    } | changes
    v = SimpleNamespace(**values)
    return [v.unit, "diabaikan", v.year, v.number, v.date, v.program, "diabaikan", v.activity, "diabaikan", v.amount]


def iku_row(**changes) -> list:
    values = {
        "unit": "kpu",
        "year": YEAR,
        "decree": "12/PR.01-Kpt/01/2029",
        "decree_date": DECREED,
        "review": REVIEW,
        "order": 1,
        "goal": "Terselenggaranya pemilu yang berintegritas",
        "indicator": "IKU-01",
        "target": "1",
        "parent": None,
    } | changes
    v = SimpleNamespace(**values)
    return [
        v.unit,
        "diabaikan",
        v.year,
        v.decree,
        v.decree_date,
        v.review,
        v.order,
        v.goal,
        v.indicator,
        "diabaikan",
        v.target,
        v.parent,
    ]


def iku_xlsx(rows, **kwargs) -> bytes:
    return xlsx(rows, columns=IKU_COLUMNS, sheet="IKU", **kwargs)


def dipa_state() -> tuple:
    """Everything a DIPA import may touch, to prove that a rejected file touched nothing."""
    return (
        list(Dipa.objects.order_by("pk").values_list("pk", "unit_id", "year", "number", "ratified_on")),
        list(DipaAllocation.objects.order_by("pk").values_list("pk", "dipa_id", "program_id", "activity_id", "amount")),
        ChangeRecord.objects.count(),
    )


def iku_state() -> tuple:
    return (
        list(Decree.objects.order_by("pk").values_list("pk", "unit_id", "number", "issued_on")),
        list(IkuSet.objects.order_by("pk").values_list("pk", "unit_id", "year", "decree_id", "review_due")),
        list(
            IkuItem.objects.order_by("pk").values_list(
                "pk",
                "iku_set_id",
                "order",
                "goal",
                "indicator_id",
                "target_value",
                "target_upper",
                "target_grade",
                "source_id",
            )
        ),
        ChangeRecord.objects.count(),
    )


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {worksheet.title: list(worksheet.iter_rows(values_only=True)) for worksheet in workbook.worksheets}


def rejection(importer, data: bytes, user) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        importer(data=data, by=user, can_edit=editor(user))
    return caught.value


@pytest.fixture
def sorong_dipa(budget, units):
    """KPU Kota Sorong's stored DIPA 2030, which a file may replace."""
    dipa = Dipa.objects.create(
        unit=units["kpu-96.71"], year=YEAR, number="LAMA", ratified_on=datetime.date(2029, 12, 5)
    )
    DipaAllocation.objects.create(dipa=dipa, program=budget.cq, amount=5_113_999_000)
    DipaAllocation.objects.create(dipa=dipa, program=budget.cq, activity=budget.planning, amount=700_000_000)
    DipaAllocation.objects.create(dipa=dipa, program=budget.cq, activity=budget.logistics, amount=900_000_000)
    return dipa


def import_iku(rows, user, **kwargs) -> ImportResult:
    return iku_import(data=iku_xlsx(rows, **kwargs), by=user, can_edit=editor(user))


# --- DIPA -----------------------------------------------------------------------------------------------------


def test_dipa_template_has_header_example_and_reference_sheets(budget):
    workbook = load_workbook(io.BytesIO(dipa_template()))
    assert workbook.sheetnames == ["DIPA", "Daftar Unit", "Daftar Program & Kegiatan"]
    sheet = workbook["DIPA"]
    assert [cell.value for cell in sheet[1]] == list(DIPA_COLUMNS)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.max_row == 2  # one example row
    first_program = Program.objects.order_by("code").first()
    first_activity = first_program.activities.order_by("code").first()
    assert [sheet["A2"].value, sheet["F2"].value, sheet["H2"].value] == ["kpu", first_program.code, first_activity.code]
    assert sheet["E2"].is_date and sheet["E2"].number_format == "DD-MM-YYYY"

    unit_rows = list(workbook["Daftar Unit"].iter_rows(min_row=2, values_only=True))
    assert unit_rows == list(Unit.objects.order_by("sort_key").values_list("code", "name"))
    assert len(unit_rows) == 1116
    programs = list(workbook["Daftar Program & Kegiatan"].iter_rows(min_row=2, values_only=True))
    assert ("076.01.CQ", budget.cq.name, None, None) in programs
    assert ("076.01.WA", budget.wa.name, "3360", budget.management.name) in programs
    assert len(programs) == Program.objects.count() + Activity.objects.count()


def test_dipa_template_example_row_imports_for_someone_allowed(budget, personas):
    result = dipa_import(data=dipa_template(), by=personas.admin, can_edit=editor(personas.admin))
    assert result == ImportResult(sets=1, rows=1)
    dipa = Dipa.objects.get(unit__code="kpu")
    assert (dipa.allocations.get().amount, dipa.ratified_on.month, dipa.ratified_on.day) == (5_113_999_000, 11, 24)


def test_dipa_import_creates_dipas_and_allocations(budget, personas, units):
    data = xlsx(
        [
            dipa_row(activity=None, amount=5_113_999_000),
            dipa_row(activity="6709", amount=700_000_000),
            dipa_row(unit="sekretariat-96.71", number="SP DIPA-2", program="076.01.WA", activity="3360", amount=5),
        ]
    )
    result = dipa_import(data=data, by=personas.operator, can_edit=editor(personas.operator))

    assert result == ImportResult(sets=2, rows=3)
    dipa = Dipa.objects.get(unit=units["kpu-96.71"], year=YEAR)
    assert (dipa.number, dipa.ratified_on) == ("SP DIPA-076.01.2.692081/2030", RATIFIED)
    assert set(dipa.allocations.values_list("program__code", "activity__code", "amount")) == {
        ("076.01.CQ", "6709", 700_000_000),
        ("076.01.CQ", None, 5_113_999_000),
    }
    secretariat = Dipa.objects.get(unit=units["sekretariat-96.71"], year=YEAR)
    assert list(secretariat.allocations.values_list("activity__code", "amount")) == [("3360", 5)]
    records = ChangeRecord.objects.filter(action=Action.IMPORT).order_by("pk")
    assert [(record.object_id, record.unit, record.by) for record in records] == [
        (str(dipa.pk), units["kpu-96.71"], personas.operator),
        (str(secretariat.pk), units["sekretariat-96.71"], personas.operator),
    ]
    assert "Rp 5.813.999.000" in records[0].summary
    # Kept as source text and parameters, so that history reads in the reader's language.
    assert records[0].summary_template.startswith("Impor DIPA %(unit)s %(year)s")
    assert records[0].summary_params["count"] == 2


def test_dipa_import_replaces_the_allocations_of_a_stored_dipa(sorong_dipa, personas):
    kept = sorong_dipa.allocations.get(activity__code="6709")
    data = xlsx(
        [
            dipa_row(number="BARU", activity=None, amount=6_000_000_000),
            dipa_row(number="BARU", activity="6709", amount=700_000_000),
            dipa_row(number="BARU", program="076.01.WA", activity="3360", amount=1),
        ]
    )
    result = dipa_import(data=data, by=personas.operator, can_edit=editor(personas.operator))

    assert result == ImportResult(sets=1, rows=3)
    sorong_dipa.refresh_from_db()
    assert (sorong_dipa.number, sorong_dipa.ratified_on) == ("BARU", RATIFIED)
    assert sorted(sorong_dipa.allocations.values_list("activity__code", "amount"), key=str) == sorted(
        [(None, 6_000_000_000), ("6709", 700_000_000), ("3360", 1)], key=str
    )
    assert not sorong_dipa.allocations.filter(activity__code="6870").exists()
    assert sorong_dipa.allocations.get(activity__code="6709").pk == kept.pk  # matched rows keep their id
    record = ChangeRecord.objects.get(action=Action.IMPORT)
    assert record.changes["number"] == ["LAMA", "BARU"]
    assert record.changes["total"] == ["6713999000", "6700000001"]


def test_dipa_import_reads_text_dates_and_amounts_and_numeric_codes(budget, personas, units):
    data = xlsx(
        [
            dipa_row(date="24-11-2029", activity=None, amount="5.113.999.000"),
            dipa_row(date="24/11/2029", activity=6709, amount="Rp 1.000.000,00"),
            dipa_row(unit="SEKRETARIAT-96.71", year="2030", date="2029-11-24", amount=2.0e6),
        ]
    )
    dipa_import(data=data, by=personas.operator, can_edit=editor(personas.operator))
    sorong = Dipa.objects.get(unit=units["kpu-96.71"], year=YEAR)
    assert sorong.ratified_on == RATIFIED
    assert sorted(sorong.allocations.values_list("amount", flat=True)) == [1_000_000, 5_113_999_000]
    secretariat = Dipa.objects.get(unit=units["sekretariat-96.71"], year=YEAR)
    assert secretariat.ratified_on == RATIFIED and secretariat.total() == 2_000_000


@pytest.mark.parametrize("written_date", ["02-01-2030", "2 Januari 2030", "2 Jan 2030", "2/1/2030"])
def test_dipa_import_reads_the_guidelines_notation_typed_as_text(budget, personas, units, written_date):
    """An amount `5.113.999.000,-` (as the PK editor takes it) and a date typed as text are read."""
    data = xlsx(
        [
            dipa_row(date=written_date, activity=None, amount="5.113.999.000,-"),
            dipa_row(date=written_date, activity=6709, amount="Rp. 1.000.000,-"),
        ]
    )
    dipa_import(data=data, by=personas.operator, can_edit=editor(personas.operator))
    sorong = Dipa.objects.get(unit=units["kpu-96.71"], year=YEAR)
    assert sorong.ratified_on == datetime.date(2030, 1, 2)
    assert sorong.total() == 5_113_999_000 + 1_000_000


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (dipa_row(unit="xyz"), "unit “xyz” tidak dikenal."),
        (dipa_row(program="999.99.ZZ", activity=None), "program “999.99.ZZ” tidak dikenal."),
        (dipa_row(activity="9999"), "kegiatan “9999” tidak dikenal."),
        (dipa_row(program="076.01.WA", activity="6709"), "kegiatan “6709” bukan bagian dari program “076.01.WA”"),
        (dipa_row(activity="6870", amount="abc"), "“abc” bukan jumlah rupiah; tulis mis. 5.113.999.000"),
        (dipa_row(activity="6870", amount="Rp 5.000,50"), "anggaran dicatat tanpa sen (,50) (kolom Pagu (Rp))."),
        (dipa_row(activity="6870", amount="l.000.000"), "“l.000.000” bukan jumlah rupiah"),
        (dipa_row(activity="6870", amount=-5), "Pagu tidak boleh negatif"),
        (dipa_row(activity="6870", amount="-5.000"), "Pagu tidak boleh negatif"),
        (dipa_row(activity="6870", amount=1000.5), "harus bilangan bulat rupiah"),
        (dipa_row(activity="6870", amount=None), "Pagu (Rp) wajib diisi."),
        (dipa_row(activity="6870", program=None), "Kode Program wajib diisi."),
        (dipa_row(activity="6870", date=None), "Tanggal Pengesahan wajib diisi."),
        (
            dipa_row(activity="6870", date="31-02-2024"),
            "Tanggal “31-02-2024” tidak ada di kalender (kolom Tanggal Pengesahan).",
        ),
        (dipa_row(activity="6870", date="besok"), "“besok” bukan tanggal; tulis mis. 6 Maret 2024"),
        (dipa_row(activity="6870", date="2 Januari 1999"), "Tahun 1999 di luar rentang"),
        (dipa_row(activity="6870", year="dua ribu"), "Tahun “dua ribu” bukan angka."),
        (dipa_row(activity="6870", year=1999), "Tahun 1999 di luar rentang"),
        (dipa_row(), "baris ganda: pagu kegiatan 6709 untuk KPU Kota Sorong tahun 2030 sudah ada di baris 2."),
        (dipa_row(activity="6870", number="LAIN"), "berbeda dengan baris 2"),
        (dipa_row(activity="6870", date="25-11-2029"), "berbeda dengan baris 2"),
        (dipa_row(unit="kpu-96.01"), "Anda tidak berwenang mengubah data unit “KPU Kabupaten Sorong”"),
        (dipa_row(unit="kpu-96"), "Anda tidak berwenang mengubah data unit"),
    ],
)
def test_a_bad_dipa_row_rejects_the_whole_file(sorong_dipa, personas, bad_row, reason):
    before = dipa_state()
    rejected = rejection(dipa_import, xlsx([dipa_row(), bad_row]), personas.operator)
    assert [str(error) for error in rejected.errors] == [f"Baris 3: {rejected.errors[0].message}"]
    assert rejected.errors[0].row == 3
    assert reason in rejected.errors[0].message
    assert dipa_state() == before  # not even the good row 2


def test_every_error_of_a_dipa_file_is_reported(sorong_dipa, personas):
    data = xlsx(
        [
            dipa_row(unit="xyz"),
            dipa_row(),
            [],  # an empty row in between is skipped, and row numbers stay Excel's
            dipa_row(program="076.01.XX", activity=None, amount="abc"),
            dipa_row(activity="6870", date="2024-13-01"),
            dipa_row(),
        ]
    )
    before = dipa_state()
    rejected = rejection(dipa_import, data, personas.operator)
    assert [(error.row, error.message.split("“")[0].split(" ")[0]) for error in rejected.errors] == [
        (2, "unit"),
        (5, "program"),
        (5, ""),  # “abc” bukan jumlah rupiah …
        (6, "Tanggal"),
        (7, "baris"),
    ]
    assert str(rejected).startswith("Berkas ditolak, tidak ada data yang disimpan (5 kesalahan). Baris 2: unit “xyz”")
    assert dipa_state() == before


@pytest.mark.parametrize(
    ("columns", "reason"),
    [
        (DIPA_COLUMNS[:-1], "tidak ada kolom “Pagu (Rp)”"),
        (("Kode Unit", "Unit", *DIPA_COLUMNS[2:]), "tidak ada kolom “Nama Unit”; kolom tidak dikenal “Unit”"),
        ((DIPA_COLUMNS[1], DIPA_COLUMNS[0], *DIPA_COLUMNS[2:]), "urutan kolom berbeda"),
        ((*DIPA_COLUMNS, "Catatan"), "kolom tidak dikenal “Catatan”"),
        (IKU_COLUMNS, "Kolom tidak sesuai template"),
    ],
)
def test_a_wrong_header_is_rejected(sorong_dipa, personas, columns, reason):
    before = dipa_state()
    rejected = rejection(dipa_import, xlsx([dipa_row()], columns=columns), personas.operator)
    assert [error.row for error in rejected.errors] == [None]
    assert rejected.errors[0].message.startswith("Kolom tidak sesuai template: ")
    assert reason in rejected.errors[0].message
    assert dipa_state() == before


def test_header_case_and_spacing_do_not_matter(budget, personas):
    columns = [f"  {name.upper()} " for name in DIPA_COLUMNS]
    dipa_import(data=xlsx([dipa_row()], columns=columns), by=personas.operator, can_edit=editor(personas.operator))
    assert DipaAllocation.objects.filter(dipa__year=YEAR).count() == 1


def test_a_missing_sheet_or_an_empty_sheet_is_rejected(budget, personas):
    assert "Lembar “DIPA” tidak ditemukan" in str(rejection(dipa_import, xlsx([], sheet="Sheet1"), personas.operator))
    assert "tidak berisi data" in str(rejection(dipa_import, xlsx([[], []]), personas.operator))


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"Kode Unit;Nama Unit\nkpu-96.71;KPU Kota Sorong\n",  # a CSV renamed to .xlsx
        b"%PDF-1.7\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,  # password-protected .xlsx (or an old .xls)
        _zip({"dokumen.txt": b"bukan excel"}),
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<rusak"}),
    ],
    ids=["csv", "pdf", "password", "other-zip", "broken-xlsx"],
)
def test_a_file_that_is_not_an_xlsx_is_rejected(sorong_dipa, personas, data):
    before = dipa_state()
    rejected = rejection(dipa_import, data, personas.operator)
    assert [error.row for error in rejected.errors] == [None]
    assert rejected.errors[0].message.startswith("Berkas bukan .xlsx yang valid")
    assert dipa_state() == before


def test_a_truncated_xlsx_is_rejected(sorong_dipa, personas):
    data = xlsx([dipa_row()])
    rejected = rejection(dipa_import, data[: len(data) // 2], personas.operator)
    assert rejected.errors[0].message.startswith("Berkas bukan .xlsx yang valid")


def test_a_zip_bomb_disguised_as_xlsx_is_rejected_before_it_is_inflated(sorong_dipa, personas):
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<sheetData>" + b" " * (60 * 1024 * 1024) + b"</sheetData>",
        }
    )
    assert len(bomb) < 1024 * 1024  # small on disk, 60 MB inflated
    before = dipa_state()
    rejected = rejection(dipa_import, bomb, personas.operator)
    assert [str(error) for error in rejected.errors] == [
        "Berkas bukan .xlsx yang valid: isi berkas setelah diekstrak melebihi 50 MB."
    ]
    assert dipa_state() == before


def test_an_empty_or_oversized_file_is_rejected(budget, personas):
    assert str(rejection(dipa_import, b"", personas.operator)).endswith("Berkas kosong.")
    huge = b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024)
    assert "Berkas terlalu besar (5,0 MB); batasnya 5 MB." in str(rejection(dipa_import, huge, personas.operator))


def test_more_than_twenty_thousand_rows_are_rejected(budget, personas):
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet("DIPA")
    worksheet.append(list(DIPA_COLUMNS))
    for _ in range(MAX_DATA_ROWS + 1):
        worksheet.append(["kpu-96.71"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rejected = rejection(dipa_import, buffer.getvalue(), personas.operator)
    assert [str(error) for error in rejected.errors] == [
        "Berkas berisi lebih dari 20.000 baris data; bagi menjadi beberapa berkas."
    ]
    assert not Dipa.objects.filter(year=YEAR).exists()


def test_dipa_export_import_export_is_identical(sorong_dipa, budget, personas, units):
    secretariat = Dipa.objects.create(
        unit=units["sekretariat-96.71"], year=YEAR, number="", ratified_on=datetime.date(2030, 1, 2)
    )
    DipaAllocation.objects.create(dipa=secretariat, program=budget.wa, activity=budget.management, amount=0)
    older = Dipa.objects.create(
        unit=units["kpu-96.71"], year=YEAR - 1, number="=1+1", ratified_on=datetime.date(2028, 12, 1)
    )
    DipaAllocation.objects.create(dipa=older, program=budget.wa, amount=123_456_789_012)
    dipas = Dipa.objects.filter(year__gte=YEAR - 1)

    first = dipa_export(dipas)
    before = dipa_state()[:2]
    result = dipa_import(data=first, by=personas.admin, can_edit=editor(personas.admin))
    second = dipa_export(dipas)

    assert result == ImportResult(sets=3, rows=5)
    assert sheet_values(second) == sheet_values(first)
    assert dipa_state()[:2] == before  # the same rows, ids and values
    values = sheet_values(first)["DIPA"]
    assert values[0] == DIPA_COLUMNS
    assert values[1] == (
        "kpu-96.71",
        "Komisi Pemilihan Umum Kota Sorong",
        2029,
        "'=1+1",
        datetime.datetime(2028, 12, 1),
        "076.01.WA",
        "Program Dukungan Manajemen",
        None,
        None,
        123_456_789_012,
    )


def test_dipa_export_neutralises_formulas_and_the_import_restores_the_text(sorong_dipa, personas):
    for number in FORMULA_LIKE:
        sorong_dipa.number = number
        sorong_dipa.save()
        exported = dipa_export(Dipa.objects.filter(year=YEAR))
        cell = load_workbook(io.BytesIO(exported))["DIPA"]["D2"]
        assert (cell.value, cell.data_type) == ("'" + number, "s")  # text, never a formula
        sorong_dipa.number = "diubah"
        sorong_dipa.save()

        dipa_import(data=exported, by=personas.operator, can_edit=editor(personas.operator))
        sorong_dipa.refresh_from_db()
        assert sorong_dipa.number == number


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_of_lib_sheets_is_neutralised_and_restored(start):
    """One formula guard: planning escapes what lib.sheets counts as a formula, tab and carriage return too."""
    text = start + "cmd|' /C calc'!A0"
    assert neutralise_formula(text) == "'" + text
    assert restore_formula_text(neutralise_formula(text)) == text
    assert restore_formula_text(neutralise_formula("'" + text)) == "'" + text


def test_a_text_starting_with_a_tab_is_exported_as_text_and_imported_without_the_apostrophe(sorong_dipa, personas):
    sorong_dipa.number = "\t=1+1"
    sorong_dipa.save()
    exported = dipa_export(Dipa.objects.filter(year=YEAR))
    assert load_workbook(io.BytesIO(exported))["DIPA"]["D2"].value == "'\t=1+1"

    dipa_import(data=exported, by=personas.operator, can_edit=editor(personas.operator))
    sorong_dipa.refresh_from_db()
    assert sorong_dipa.number == "=1+1"  # the import tidies the spacing of every text cell


def test_dipa_export_writes_amounts_as_integers_and_dates_as_excel_dates(sorong_dipa):
    sheet = load_workbook(io.BytesIO(dipa_export(Dipa.objects.filter(year=YEAR))))["DIPA"]
    assert sheet["J2"].value == 5_113_999_000 and sheet["J2"].data_type == "n"
    assert sheet["E2"].is_date and sheet["E2"].number_format == "DD-MM-YYYY"
    assert sheet["H2"].value is None and sheet["H3"].value == "6709"  # program level first
    assert sheet["A1"].font.b


# --- IKU ------------------------------------------------------------------------------------------------------


def test_iku_template_has_header_example_and_indicator_list(indicators):
    workbook = load_workbook(io.BytesIO(iku_template()))
    assert workbook.sheetnames == ["IKU", "Daftar Unit", "Daftar Indikator"]
    sheet = workbook["IKU"]
    assert [cell.value for cell in sheet[1]] == list(IKU_COLUMNS)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["H"].width >= 40
    first = Indicator.objects.order_by("code").first()
    assert [cell.value for cell in sheet[2]][8:11] == [first.code, first.name, "1"]
    listed = list(workbook["Daftar Indikator"].iter_rows(values_only=True))
    assert listed[0] == ("Kode Indikator", "Nama Indikator", "Satuan", "Jenis Target", "Skala Predikat", "Polaritas")
    assert len(listed) == 1 + Indicator.objects.count()
    by_code = {row[0]: row for row in listed[1:]}
    assert by_code["IKU-03"] == (
        "IKU-03",
        "Opini BPK atas laporan keuangan",
        "Opini",
        "Predikat/peringkat",
        "Opini BPK (WTP > WDP > TW > TMP)",
        "Makin tinggi makin baik",
    )
    assert by_code["IKU-05"][5] == "Makin rendah makin baik"
    assert by_code["IKU-01"][4] is None  # no grade scale for a number
    assert len(list(workbook["Daftar Unit"].iter_rows())) == 1117


def test_iku_import_creates_the_set_its_decree_and_items(indicators, personas, units):
    rows = [
        iku_row(indicator="IKU-01", target="1 Lembaga"),
        iku_row(indicator="IKU-03", target="wtp", order=2, goal="Akuntabilitas keuangan"),
        iku_row(indicator="IKU-04", target="BB", order=3, goal="Akuntabilitas kinerja"),
        iku_row(indicator="IKU-05", target="5 %", order=4, goal="Akuntabilitas keuangan"),
        iku_row(indicator="IKU-06", target="75 - 85", order=5),
        iku_row(indicator="IKU-07", target="2,5", order=None),
        iku_row(indicator="IKU-02", target=None, order=None),
    ]
    result = import_iku(rows, personas.admin)

    assert result == ImportResult(sets=1, rows=7)
    iku_set = IkuSet.objects.get(unit=units["kpu"], year=YEAR)
    assert (iku_set.decree.number, iku_set.decree.issued_on, iku_set.decree.unit) == (
        "12/PR.01-Kpt/01/2029",
        DECREED,
        units["kpu"],
    )
    assert iku_set.review_due == REVIEW
    items = {item.indicator.code: item for item in iku_set.items.select_related("indicator")}
    assert {code: (item.order, item.target) for code, item in items.items()} == {
        "IKU-01": (1, Target(value=Decimal(1))),
        "IKU-03": (2, Target(grade="WTP")),
        "IKU-04": (3, Target(grade="BB")),
        "IKU-05": (4, Target(value=Decimal(5))),
        "IKU-06": (5, Target(value=Decimal(75), upper=Decimal(85))),
        "IKU-07": (6, Target(value=Decimal("2.5"))),  # a blank Urutan follows the row's place in the set
        "IKU-02": (7, Target()),
    }
    assert items["IKU-05"].indicator.polarity == Polarity.LOWER
    assert items["IKU-03"].goal == "Akuntabilitas keuangan"
    assert all(item.source is None for item in items.values())
    record = ChangeRecord.objects.get(action=Action.IMPORT)
    assert (record.object_type, record.object_id, record.unit, record.by) == (
        "planning.ikuset",
        str(iku_set.pk),
        units["kpu"],
        personas.admin,
    )


def test_a_percentage_formatted_number_reads_as_a_percentage(indicators, personas, units):
    rows = [iku_row(indicator="IKU-02", target=0.8), iku_row(indicator="IKU-05", target=12.5, order=2)]
    import_iku(rows, personas.admin, formats={"K2": "0%"})
    targets = dict(IkuItem.objects.filter(iku_set__year=YEAR).values_list("indicator__code", "target_value"))
    assert targets == {"IKU-02": Decimal(80), "IKU-05": Decimal("12.5")}


def test_iku_import_updates_matched_items_and_deletes_the_others(indicators, personas, units):
    import_iku([iku_row(indicator="IKU-01"), iku_row(indicator="IKU-02", target="90", order=2)], personas.admin)
    kept = IkuItem.objects.get(indicator__code="IKU-02")

    import_iku(
        [
            iku_row(indicator="IKU-02", target="95", order=1, decree="13/2030", decree_date=datetime.date(2030, 2, 1)),
            iku_row(indicator="IKU-03", target="WTP", order=2, decree="13/2030", decree_date=datetime.date(2030, 2, 1)),
        ],
        personas.admin,
    )
    iku_set = IkuSet.objects.get(year=YEAR)
    assert list(iku_set.items.values_list("pk", "indicator__code", "target_value", "target_grade")) == [
        (kept.pk, "IKU-02", Decimal(95), ""),
        (IkuItem.objects.get(indicator__code="IKU-03").pk, "IKU-03", None, "WTP"),
    ]
    assert iku_set.decree.number == "13/2030"
    # The old decree stays; the set now refers to the new one.
    assert Decree.objects.filter(unit=iku_set.unit, number="12/PR.01-Kpt/01/2029").exists()
    assert ChangeRecord.objects.filter(action=Action.IMPORT).count() == 2


@pytest.mark.parametrize(
    ("bad_row", "reason"),
    [
        (iku_row(unit="xyz", indicator="IKU-02"), "unit “xyz” tidak dikenal."),
        (iku_row(unit="kpu-96", indicator="IKU-02"), "Anda tidak berwenang mengubah data unit “KPU Provinsi"),
        (iku_row(indicator="IKU-99"), "indikator “IKU-99” tidak dikenal."),
        (iku_row(indicator="IKU-02", target="abc"), "Target “abc” untuk IKU-02: “abc” bukan angka."),
        (iku_row(indicator="IKU-02", target="-5"), "Persentase tidak boleh negatif."),
        (iku_row(indicator="IKU-03", target="BB"), "Predikat “BB” tidak dikenal; pilih salah satu dari WTP, WDP"),
        (iku_row(indicator="IKU-06", target="85"), "harus ditulis sebagai batas bawah–batas atas"),
        (iku_row(indicator="IKU-07", target="2,12345"), "paling banyak 4 angka di belakang koma"),
        (iku_row(indicator="IKU-02", goal=None), "Sasaran Strategis wajib diisi."),
        (iku_row(indicator="IKU-02", order="satu"), "Urutan “satu” harus bilangan bulat"),
        (
            iku_row(indicator="IKU-02", review="akhir Juni"),
            "“akhir Juni” bukan tanggal; tulis mis. 6 Maret 2024, 06-03-2024 atau 2024-03-06 (kolom Jadwal Reviu).",
        ),
        (iku_row(indicator="IKU-01"), "baris ganda: indikator “IKU-01” untuk KPU tahun 2030 sudah ada di baris 2."),
        (iku_row(indicator="IKU-02", review=None), "berbeda dengan baris 2"),
        (iku_row(indicator="IKU-02", year=2025, decree_date=None), "Tanggal Keputusan wajib diisi bila"),
        (iku_row(indicator="IKU-02", year=2025, decree=None), "Nomor Keputusan wajib diisi bila"),
        (iku_row(indicator="IKU-02", year=2025, decree_date=REVIEW), "bertanggal lain di baris 2"),
        (iku_row(indicator="IKU-02", parent="IKU-01"), "KPU tidak punya unit induk"),
        (iku_row(indicator="IKU-02", parent="IKU-99"), "indikator induk “IKU-99” tidak dikenal."),
    ],
)
def test_a_bad_iku_row_rejects_the_whole_file(indicators, personas, bad_row, reason):
    import_iku([iku_row(indicator="IKU-05", target="3")], personas.admin)
    before = iku_state()
    data = iku_xlsx([iku_row(), bad_row])
    with pytest.raises(ImportRejected) as caught:
        # The admin may change every unit; allow only KPU here, as for a KPU planner.
        iku_import(data=data, by=personas.admin, can_edit=lambda unit: unit.code == "kpu")
    errors = caught.value.errors
    assert [error.row for error in errors] == [3]
    assert reason in errors[0].message
    assert iku_state() == before  # the stored IKU-05 set is untouched, and row 2 was not saved


def test_every_error_of_an_iku_file_is_reported(indicators, personas):
    data = iku_xlsx(
        [
            iku_row(indicator="IKU-99"),
            iku_row(indicator="IKU-03", target="A"),
            iku_row(unit="kpu-96.71", indicator="IKU-02", parent="IKU-02"),
        ]
    )
    rejected = rejection(iku_import, data, personas.operator)
    assert [(error.row, error.message[:20]) for error in rejected.errors] == [
        (2, "Anda tidak berwenang"),
        (2, "indikator “IKU-99” t"),
        (3, "Anda tidak berwenang"),
        (3, "Target “A” untuk IKU"),
        (4, "IKU KPU Provinsi Pap"),  # KPU Provinsi Papua Barat Daya has no IKU 2030
    ]
    # The message says what to do first, and who does it.
    assert "belum ditetapkan" in rejected.errors[4].message and "tetapkan dulu" in rejected.errors[4].message
    assert not IkuSet.objects.filter(year=YEAR).exists()


def test_a_regional_target_is_held_to_the_parents_even_when_the_file_names_no_parent(indicators, personas):
    """Issue #14: an empty parent code no longer lets a weaker target through."""
    import_iku([iku_row(indicator="IKU-02", target="90")], personas.admin)
    data = iku_xlsx([iku_row(unit="kpu-96", indicator="IKU-02", target="80", parent="")])
    rejected = rejection(iku_import, data, personas.admin)
    assert [error.row for error in rejected.errors] == [2]
    assert "di bawah target KPU 90" in rejected.errors[0].message


def test_a_lower_is_better_target_is_called_looser_not_below(indicators, personas):
    lower = Indicator.objects.get(code="IKU-02")
    lower.polarity = Polarity.LOWER
    lower.save()
    import_iku([iku_row(indicator="IKU-02", target="10")], personas.admin)
    rejected = rejection(
        iku_import, iku_xlsx([iku_row(unit="kpu-96", indicator="IKU-02", target="20")]), personas.admin
    )
    assert "lebih longgar dari target KPU" in rejected.errors[0].message
    assert "di bawah" not in rejected.errors[0].message
    import_iku([iku_row(unit="kpu-96", indicator="IKU-02", target="5")], personas.admin)  # stricter: fine


def test_an_iku_is_derived_from_the_parent_units_item(indicators, personas, units):
    import_iku([iku_row(indicator="IKU-01"), iku_row(indicator="IKU-02", target="90")], personas.admin)
    import_iku(
        [
            iku_row(unit="kpu-96", indicator="IKU-02", target="95", parent="IKU-02"),
            iku_row(unit="kpu-96", indicator="IKU-07", target="3", parent="IKU-01", order=2),
            iku_row(unit="kpu-96", indicator="IKU-05", target="2", order=3),
        ],
        personas.admin,
    )
    import_iku([iku_row(unit="kpu-96.71", indicator="IKU-02", target="100", parent="IKU-02")], personas.operator)

    national = {
        item.indicator.code: item for item in IkuItem.objects.filter(iku_set__unit=units["kpu"], iku_set__year=YEAR)
    }
    province = {
        item.indicator.code: item for item in IkuItem.objects.filter(iku_set__unit=units["kpu-96"], iku_set__year=YEAR)
    }
    assert province["IKU-02"].source == national["IKU-02"]
    assert province["IKU-07"].source == national["IKU-01"]  # derived, but another indicator
    assert province["IKU-05"].source is None and province["IKU-05"].is_unit_specific
    assert IkuItem.objects.get(iku_set__unit=units["kpu-96.71"], iku_set__year=YEAR).source == province["IKU-02"]


def test_parent_and_child_sets_in_one_file_are_linked(indicators, personas, units):
    rows = [
        iku_row(unit="kpu-96.71", indicator="IKU-02", target="100", parent="IKU-02"),  # child before its parent
        iku_row(unit="kpu-96", indicator="IKU-02", target="95", parent="IKU-02"),
        iku_row(unit="kpu", indicator="IKU-02", target="90"),
    ]
    assert import_iku(rows, personas.admin) == ImportResult(sets=3, rows=3)
    regency = IkuItem.objects.get(iku_set__unit=units["kpu-96.71"], iku_set__year=YEAR)
    assert regency.source.iku_set.unit == units["kpu-96"]
    assert regency.source.source.iku_set.unit == units["kpu"]


def test_a_parent_indicator_missing_from_the_parent_set_is_an_error(indicators, personas):
    import_iku([iku_row(indicator="IKU-01")], personas.admin)
    before = iku_state()
    data = iku_xlsx(
        [
            iku_row(unit="kpu-96", indicator="IKU-01", parent="IKU-01"),
            iku_row(unit="kpu-96", indicator="IKU-02", parent="IKU-02", order=2),
        ]
    )
    rejected = rejection(iku_import, data, personas.admin)
    assert [str(error) for error in rejected.errors] == [
        "Baris 3: indikator induk “IKU-02” tidak ada dalam IKU KPU tahun 2030."
    ]
    assert iku_state() == before


def test_the_parent_set_in_the_file_is_the_one_that_counts(indicators, personas):
    import_iku([iku_row(indicator="IKU-01"), iku_row(indicator="IKU-02", order=2)], personas.admin)
    data = iku_xlsx(
        [
            iku_row(indicator="IKU-01"),  # the file drops IKU-02 from KPU's set...
            iku_row(unit="kpu-96", indicator="IKU-02", parent="IKU-02"),  # ...so it cannot be derived from
        ]
    )
    rejected = rejection(iku_import, data, personas.admin)
    assert [error.row for error in rejected.errors] == [3]


def test_an_item_with_derived_children_cannot_be_deleted(indicators, personas, units):
    import_iku([iku_row(indicator="IKU-01"), iku_row(indicator="IKU-02", order=2)], personas.admin)
    import_iku([iku_row(unit="kpu-96", indicator="IKU-01", parent="IKU-01")], personas.admin)
    before = iku_state()

    rejected = rejection(iku_import, iku_xlsx([iku_row(indicator="IKU-02")]), personas.admin)

    assert [error.row for error in rejected.errors] == [None]
    message = rejected.errors[0].message
    assert "IKU-01" in message and indicators["IKU-01"].name in message
    assert units["kpu-96"].short_name in message and "tidak dapat dihapus" in message
    assert iku_state() == before


def test_an_item_can_be_deleted_when_the_file_also_drops_its_derivation(indicators, personas, units):
    import_iku([iku_row(indicator="IKU-01"), iku_row(indicator="IKU-02", order=2)], personas.admin)
    import_iku(
        [
            iku_row(unit="kpu-96", indicator="IKU-01", parent="IKU-01"),
            iku_row(unit="kpu-96", indicator="IKU-05", parent="IKU-02", order=2),
        ],
        personas.admin,
    )
    rows = [
        iku_row(indicator="IKU-02"),
        iku_row(unit="kpu-96", indicator="IKU-05", parent="IKU-02"),  # IKU-01 dropped here too
        iku_row(unit="kpu-96", indicator="IKU-07", parent=None, order=2),
    ]
    import_iku(rows, personas.admin)

    assert sorted(
        IkuItem.objects.filter(iku_set__year=YEAR).values_list(
            "iku_set__unit__code", "indicator__code", "source__indicator__code"
        )
    ) == [
        ("kpu", "IKU-02", None),
        ("kpu-96", "IKU-05", "IKU-02"),
        ("kpu-96", "IKU-07", None),
    ]


def test_iku_export_import_export_is_identical(indicators, personas, units):
    import_iku(
        [
            iku_row(indicator="IKU-01", target="1", goal=neutralise_formula(FORMULA_LIKE[0])),
            iku_row(indicator="IKU-02", target="100", order=2, goal=neutralise_formula(FORMULA_LIKE[1])),
            iku_row(indicator="IKU-03", target="WTP", order=3, goal=neutralise_formula(FORMULA_LIKE[2])),
            iku_row(indicator="IKU-04", target="BB", order=4, goal=neutralise_formula(FORMULA_LIKE[3])),
            iku_row(indicator="IKU-05", target="2,5", order=5, goal=neutralise_formula(FORMULA_LIKE[4])),
            iku_row(indicator="IKU-06", target="80–90", order=6),
            iku_row(indicator="IKU-07", target="1.250,75", order=7),
        ],
        personas.admin,
    )
    import_iku(
        [
            iku_row(
                unit="kpu-96",
                decree=None,
                decree_date=None,
                review=None,
                indicator="IKU-02",
                target="100",
                parent="IKU-02",
            ),
            iku_row(unit="kpu-96", decree=None, decree_date=None, review=None, indicator="IKU-07", order=0, target=""),
        ],
        personas.admin,
    )
    iku_sets = IkuSet.objects.filter(year=YEAR)

    first = iku_export(iku_sets)
    before = iku_state()[:3]
    assert iku_import(data=first, by=personas.admin, can_edit=editor(personas.admin)) == ImportResult(sets=2, rows=9)
    second = iku_export(iku_sets)

    assert sheet_values(second) == sheet_values(first)
    assert iku_state()[:3] == before
    values = sheet_values(first)["IKU"]
    assert values[0] == IKU_COLUMNS
    # KPU's seven, then Papua Barat Daya's by Urutan: IKU-07 (0, no target) before IKU-02 (1).
    assert [row[10] for row in values[1:]] == ["1", "100", "WTP", "BB", "2,5", "80–90", "1.250,75", None, "100"]
    assert [row[7] for row in values[1:6]] == ["'" + text for text in FORMULA_LIKE]
    assert values[-1][3:7] == (None, None, None, 1)
    goals = list(
        IkuItem.objects.filter(iku_set__unit=units["kpu"], iku_set__year=YEAR)
        .order_by("order")
        .values_list("goal", flat=True)
    )
    assert goals[:5] == FORMULA_LIKE


def test_iku_export_writes_formula_text_as_text(indicators, personas):
    import_iku([iku_row(goal=neutralise_formula("=cmd|' /C calc'!A0"))], personas.admin)
    cell = load_workbook(io.BytesIO(iku_export(IkuSet.objects.filter(year=YEAR))))["IKU"]["H2"]
    assert (cell.value, cell.data_type) == ("'=cmd|' /C calc'!A0", "s")
    assert (
        load_workbook(io.BytesIO(iku_export(IkuSet.objects.filter(year=YEAR))))["IKU"]["E2"].number_format
        == "DD-MM-YYYY"
    )


def test_the_iku_sheet_is_required_in_an_iku_import(indicators, personas):
    rejected = rejection(iku_import, xlsx([dipa_row()]), personas.admin)
    assert [str(error) for error in rejected.errors] == [
        "Lembar “IKU” tidak ditemukan. Gunakan template yang diunduh dari aplikasi."
    ]


def test_the_demo_plan_survives_a_round_trip(loaded_db, personas):
    """The demo's DIPAs and its IKU cascade KPU → Papua Barat Daya → Kota Sorong, exported and imported back."""
    dipas, iku_sets = Dipa.objects.all(), IkuSet.objects.all()
    assert dipas.exists() and IkuItem.objects.filter(source__isnull=False).exists()
    dipa_file, iku_file = dipa_export(dipas), iku_export(iku_sets)
    dipa_before, iku_before = dipa_state()[:2], iku_state()[:3]

    dipa_import(data=dipa_file, by=personas.admin, can_edit=editor(personas.admin))
    iku_import(data=iku_file, by=personas.admin, can_edit=editor(personas.admin))

    assert (dipa_state()[:2], iku_state()[:3]) == (dipa_before, iku_before)
    assert sheet_values(dipa_export(dipas)) == sheet_values(dipa_file)
    assert sheet_values(iku_export(iku_sets)) == sheet_values(iku_file)


def test_the_operator_cannot_import_the_whole_demo_plan(loaded_db, personas):
    before = iku_state()
    rejected = rejection(iku_import, iku_export(IkuSet.objects.all()), personas.operator)
    refused = {error.message for error in rejected.errors}
    assert refused == {
        "Anda tidak berwenang mengubah data unit “KPU” (kpu).",
        "Anda tidak berwenang mengubah data unit “KPU Provinsi Papua Barat Daya” (kpu-96).",
    }
    assert iku_state() == before


def test_rejection_summary_lists_the_first_errors():
    errors = [RowError(row, f"salah {row}.") for row in range(9, 1, -1)] + [RowError(None, "Berkas aneh.")]
    rejected = ImportRejected(errors)
    assert [error.row for error in rejected.errors] == [None, 2, 3, 4, 5, 6, 7, 8, 9]
    assert str(rejected) == (
        "Berkas ditolak, tidak ada data yang disimpan (9 kesalahan). Berkas aneh. Baris 2: salah 2. "
        "Baris 3: salah 3. Baris 4: salah 4. Baris 5: salah 5. Dan 4 kesalahan lain."
    )


def test_thousands_of_errors_are_counted_with_thousands_dots():
    rejected = ImportRejected([RowError(row, f"salah {row}.") for row in range(2, 2347)])
    assert str(rejected).startswith("Berkas ditolak, tidak ada data yang disimpan (2.345 kesalahan).")
    assert str(rejected).endswith("Dan 2.340 kesalahan lain.")


def test_a_derived_target_below_the_parents_is_refused_naming_both(indicators, personas):
    import_iku(
        [iku_row(indicator="IKU-02", target="90"), iku_row(indicator="IKU-04", target="BB", order=2)], personas.admin
    )
    before = iku_state()
    data = iku_xlsx(
        [
            iku_row(unit="kpu-96", indicator="IKU-02", target="85", parent="IKU-02"),
            iku_row(unit="kpu-96", indicator="IKU-04", target="B", parent="IKU-04", order=2),
        ]
    )
    rejected = rejection(iku_import, data, personas.admin)
    messages = [str(error) for error in rejected.errors]
    assert messages[0].startswith("Baris 2: target 85 ")
    assert "di bawah target KPU 90" in messages[0]
    assert messages[1].startswith("Baris 3: target B ")
    assert "di bawah target KPU BB" in messages[1]
    assert iku_state() == before
