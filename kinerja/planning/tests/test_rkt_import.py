"""The RKT in Excel: template, import (all or nothing, every problem with its row), export, round trip.

Files are built here with openpyxl as a planner's Excel would save them, so that
the import is tested independently of the export; the round-trip tests then
check that export → import → export changes nothing.
"""

import functools
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kinerja.audit.models import Action, ChangeRecord
from kinerja.organisation.models import Unit
from kinerja.planning.access import can_edit_plan
from kinerja.planning.models import Activity, Indicator, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.spreadsheets import (
    DIPA_COLUMNS,
    RKT_COLUMNS,
    ImportRejected,
    ImportResult,
    neutralise_formula,
    rkt_export,
    rkt_import,
    rkt_template,
)
from kinerja.planning.targets import Polarity, TargetKind

pytestmark = pytest.mark.django_db

# The demo holds Kota Sorong's RKT 2024; these tests work on 2030 so that what they find is what they wrote.
YEAR = 2030
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_LIKE = ['=HYPERLINK("http://contoh.invalid","klik")', "+62 812 0000", "-001/2024", "@SUM(A1)"]


# --- Fixtures and helpers -------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(loaded_db):
    """The demo's indicators and activities this file uses, and one range indicator of its own.

    KPU.IKU.01 is a percentage, KPU.IKU.03 a SAKIP grade, KPU.IKU.04 a BPK opinion,
    KPU.IKU.05 an index (a number).
    """
    Indicator.objects.create(
        code="RKT-RANGE",
        name="Persentase partisipasi pemilih",
        measure_unit="%",
        target_kind=TargetKind.PERCENT,
        polarity=Polarity.RANGE,
    )
    return SimpleNamespace(
        indicators={indicator.code: indicator for indicator in Indicator.objects.all()},
        activities={activity.code: activity for activity in Activity.objects.all()},
    )


def editor(user):
    """`can_edit` as a view would pass it."""
    return functools.partial(can_edit_plan, user)


def xlsx(rows, *, columns=RKT_COLUMNS, sheet="RKT") -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def line(**changes) -> list:
    """One line of the RKT sheet; by default row 1.1 of Kota Sorong's RKT 2030."""
    values = {
        "unit": "kpu-96.71",
        "year": YEAR,
        "section": 1,
        "title": "Perencanaan Program dan Anggaran",
        "activity": "6709",
        "order": 1,
        "output": "Perencanaan dan Penganggaran Pemilu",
        "indicator": "KPU.IKU.05",
        "target": "30",
        "measure": "Indeks",
    } | changes
    v = SimpleNamespace(**values)
    return [
        v.unit,
        "diabaikan",
        v.year,
        v.section,
        v.title,
        v.activity,
        v.order,
        v.output,
        v.indicator,
        "diabaikan",
        v.target,
        v.measure,
    ]


def section_line(**changes) -> list:
    """A line for a section without rows."""
    return line(**changes)[:6] + [None] * 6


def import_rkt(rows, user) -> ImportResult:
    return rkt_import(data=xlsx(rows), by=user, can_edit=editor(user))


def rejection(data: bytes, user, can_edit=None) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        rkt_import(data=data, by=user, can_edit=can_edit or editor(user))
    return caught.value


def rkt_state() -> tuple:
    """Everything an RKT import may touch, to prove that a rejected file touched nothing."""
    return (
        list(WorkPlan.objects.order_by("pk").values_list("pk", "unit_id", "year")),
        list(WorkPlanSection.objects.order_by("pk").values_list("pk", "work_plan_id", "order", "title", "activity_id")),
        list(
            WorkPlanRow.objects.order_by("pk").values_list(
                "pk",
                "section_id",
                "order",
                "output",
                "indicator_id",
                "measure_unit",
                "target_value",
                "target_upper",
                "target_grade",
            )
        ),
        ChangeRecord.objects.count(),
    )


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {worksheet.title: list(worksheet.iter_rows(values_only=True)) for worksheet in workbook.worksheets}


def rows_of(unit: Unit, year: int = YEAR) -> list[tuple]:
    return list(
        WorkPlanRow.objects.filter(section__work_plan__unit=unit, section__work_plan__year=year)
        .order_by("section__order", "order")
        .values_list("section__order", "order", "indicator__code", "measure_unit", "output")
    )


@pytest.fixture
def sorong_rkt(catalogue, personas):
    """Kota Sorong's stored RKT 2030: section 1 (6709) with rows 1.1 and 1.2, section 2 with row 2.1."""
    import_rkt(
        [
            line(),
            line(order=2, indicator="KPU.IKU.04", target="WTP", measure="Opini", output=""),
            line(section=2, title="Pembentukan Badan Adhoc", activity="6767", indicator="KPU.IKU.01", target="100"),
        ],
        personas.operator,
    )
    ChangeRecord.objects.all().delete()
    return WorkPlan.objects.get(unit__code="kpu-96.71", year=YEAR)


# --- Template -------------------------------------------------------------------------------------------------


def test_rkt_template_has_header_example_and_reference_sheets(catalogue):
    workbook = load_workbook(io.BytesIO(rkt_template()))
    assert workbook.sheetnames == ["RKT", "Daftar Unit", "Daftar Program & Kegiatan", "Daftar Indikator"]
    sheet = workbook["RKT"]
    assert [cell.value for cell in sheet[1]] == list(RKT_COLUMNS)
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.max_row == 2  # one example row
    first_activity = Activity.objects.order_by("code").first()
    first_indicator = Indicator.objects.order_by("code").first()
    assert [sheet["A2"].value, sheet["F2"].value, sheet["I2"].value, sheet["L2"].value] == [
        "kpu",
        first_activity.code,
        first_indicator.code,
        first_indicator.measure_unit,
    ]
    indicators = list(workbook["Daftar Indikator"].iter_rows(min_row=2, values_only=True))
    assert len(indicators) == Indicator.objects.count()


def test_rkt_template_example_row_imports_for_someone_allowed(catalogue, personas):
    result = rkt_import(data=rkt_template(), by=personas.admin, can_edit=editor(personas.admin))
    assert result == ImportResult(sets=1, rows=1)
    section = WorkPlanSection.objects.get(work_plan__unit__code="kpu")
    assert section.activity == Activity.objects.order_by("code").first()
    assert section.rows.get().indicator == Indicator.objects.order_by("code").first()


# --- Import ---------------------------------------------------------------------------------------------------


def test_rkt_import_creates_plans_sections_and_rows(catalogue, personas, units):
    result = import_rkt(
        [
            line(),
            line(order=2, indicator="KPU.IKU.03", target="bb", measure=None, output=None),
            section_line(section=2, title="Pemeriksaan di lingkungan Sekretariat", activity=None),
            line(unit="sekretariat-96.71", title=None, activity="3360", indicator="KPU.IKU.01", target="100"),
        ],
        personas.operator,
    )

    assert result == ImportResult(sets=2, rows=3)
    sorong = WorkPlan.objects.get(unit=units["kpu-96.71"], year=YEAR)
    assert list(sorong.sections.values_list("order", "title", "activity__code")) == [
        (1, "Perencanaan Program dan Anggaran", "6709"),
        (2, "Pemeriksaan di lingkungan Sekretariat", None),  # a section without rows
    ]
    assert rows_of(units["kpu-96.71"]) == [
        (1, 1, "KPU.IKU.05", "Indeks", "Perencanaan dan Penganggaran Pemilu"),
        (1, 2, "KPU.IKU.03", "Predikat", ""),  # the indicator's measure unit when Satuan is empty
    ]
    assert WorkPlanRow.objects.get(section__work_plan=sorong, order=2).target_display == "BB"
    # Only a code: the section takes the activity's name.
    secretariat = WorkPlanSection.objects.get(work_plan__unit=units["sekretariat-96.71"], work_plan__year=YEAR)
    assert secretariat.title == catalogue.activities["3360"].name

    records = ChangeRecord.objects.filter(action=Action.IMPORT).order_by("pk")
    assert [(record.object_type, record.object_id, record.unit, record.by) for record in records] == [
        ("planning.workplan", str(sorong.pk), units["kpu-96.71"], personas.operator),
        ("planning.workplan", str(secretariat.work_plan_id), units["sekretariat-96.71"], personas.operator),
    ]
    assert records[0].summary == "Impor RKT KPU Kota Sorong 2030: 2 bagian, 2 indikator (RKT baru)"
    assert records[0].summary_template.startswith("Impor RKT %(unit)s %(year)s")


def test_rkt_import_replaces_the_sections_and_rows_of_a_stored_plan(sorong_rkt, personas, units):
    kept = WorkPlanRow.objects.get(section__work_plan=sorong_rkt, section__order=1, order=1)
    result = import_rkt(
        [
            line(target="35"),  # 1.1 changed
            line(order=3, indicator="KPU.IKU.01", target="90", measure="%"),  # 1.2 dropped, 1.3 new
        ],
        personas.operator,
    )

    assert result == ImportResult(sets=1, rows=2)
    assert rows_of(units["kpu-96.71"]) == [
        (1, 1, "KPU.IKU.05", "Indeks", "Perencanaan dan Penganggaran Pemilu"),
        (1, 3, "KPU.IKU.01", "%", "Perencanaan dan Penganggaran Pemilu"),
    ]
    assert not sorong_rkt.sections.filter(order=2).exists()  # the section the file leaves out goes
    kept_now = WorkPlanRow.objects.get(pk=kept.pk)  # a matched row keeps its id
    assert kept_now.target_display == "35 Indeks"
    record = ChangeRecord.objects.get(action=Action.IMPORT)
    assert record.summary_params == {
        "unit": "KPU Kota Sorong",
        "year": YEAR,
        "sections": 1,
        "count": 2,
        "created": 1,
        "updated": 1,
        "deleted": 2,
    }
    assert record.changes == {"sections": ["2", "1"], "rows": ["3", "2"]}
    assert units["kpu-96.71"].pk == record.unit_id


def test_rkt_import_numbers_rows_without_an_order_in_file_order(catalogue, personas, units):
    import_rkt(
        [
            line(order=None),
            line(order=None, indicator="KPU.IKU.01", target="100", measure="%"),
            line(order=None, indicator="KPU.IKU.04", target="WTP", measure="Opini"),
        ],
        personas.operator,
    )
    assert [(section, order) for section, order, *_ in rows_of(units["kpu-96.71"])] == [(1, 1), (1, 2), (1, 3)]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        (line(unit="xyz", order=2), "unit “xyz” tidak dikenal."),
        (line(unit="kpu-96.01", order=2), "Anda tidak berwenang mengubah data unit “KPU Kabupaten Sorong”"),
        (line(unit="kpu-96", order=2), "Anda tidak berwenang mengubah data unit “KPU Provinsi Papua Barat Daya”"),
        (line(section=2, activity="9999"), "kegiatan “9999” tidak dikenal."),
        (line(order=2, indicator="IKU-99"), "indikator “IKU-99” tidak dikenal."),
        (line(order=2, indicator=None), "Kode Indikator wajib diisi."),
        (line(order=2, target="abc"), "Target “abc” untuk KPU.IKU.05: “abc” bukan angka."),
        (line(order=2, target="-5"), "Target “-5” untuk KPU.IKU.05: target tidak boleh negatif."),
        (line(order=2, indicator="KPU.IKU.01", target="-5"), "Persentase tidak boleh negatif."),
        (
            line(order=2, indicator="KPU.IKU.01", target="12 Laporan", measure="%"),
            "Target “12 Laporan” untuk KPU.IKU.01: satuan “Laporan” tidak sesuai dengan satuan indikator “%”.",
        ),
        (line(order=2, indicator="KPU.IKU.04", target="BB"), "Predikat “BB” tidak dikenal; pilih salah satu dari WTP"),
        (line(order=2, indicator="RKT-RANGE", target="85"), "harus ditulis sebagai batas bawah–batas atas"),
        (line(order=2, target="2,12345"), "paling banyak 4 angka di belakang koma"),
        (line(section=2, title=None, activity=None), "Sasaran/Kegiatan wajib diisi."),
        (line(section=None), "Urutan Bagian wajib diisi."),
        (line(section="satu"), "Urutan “satu” harus bilangan bulat"),
        (line(order="dua"), "Urutan “dua” harus bilangan bulat"),
        (line(order=2, output="x" * 501), "Keluaran terlalu panjang"),
        (line(order=2, measure="x" * 41), "Satuan terlalu panjang"),
        (line(indicator="KPU.IKU.01"), "baris ganda: baris 1.1 RKT KPU Kota Sorong tahun 2030 sudah ada di baris 2."),
        (line(order=2), "baris ganda: indikator “KPU.IKU.05” sudah ada di bagian 1 RKT KPU Kota Sorong"),
        (line(order=2, title="Judul lain"), "berbeda dengan baris 2 untuk bagian 1"),
        (line(order=2, activity="6767"), "satu bagian hanya punya satu judul dan satu kode kegiatan"),
        (section_line(activity=None), "berbeda dengan baris 2 untuk bagian 1"),
    ],
)
def test_a_bad_rkt_line_rejects_the_whole_file(sorong_rkt, personas, bad_line, reason):
    before = rkt_state()
    rejected = rejection(xlsx([line(), bad_line]), personas.operator)
    assert [error.row for error in rejected.errors] == [3]
    assert reason in rejected.errors[0].message
    assert str(rejected.errors[0]).startswith("Baris 3: ")
    assert rkt_state() == before  # not even the good row 2


def test_every_error_of_an_rkt_file_is_reported(sorong_rkt, personas):
    data = xlsx(
        [
            line(unit="xyz"),
            line(),
            [],  # an empty row in between is skipped, and row numbers stay Excel's
            line(order=2, indicator="IKU-99", target="abc"),
            line(order=3, indicator="KPU.IKU.03", target="Z"),
            line(indicator="KPU.IKU.01"),
        ]
    )
    before = rkt_state()
    rejected = rejection(data, personas.operator)
    assert [(error.row, error.message.split("“")[0].split(" ")[0]) for error in rejected.errors] == [
        (2, "unit"),
        (5, "indikator"),
        (6, "Target"),
        (7, "baris"),
    ]
    assert str(rejected).startswith("Berkas ditolak, tidak ada data yang disimpan (4 kesalahan). Baris 2: unit")
    assert rkt_state() == before


def test_the_rkt_sheet_and_its_columns_are_required(catalogue, personas):
    assert [str(error) for error in rejection(xlsx([line()], sheet="IKU"), personas.operator).errors] == [
        "Lembar “RKT” tidak ditemukan. Gunakan template yang diunduh dari aplikasi."
    ]
    wrong = rejection(xlsx([line()], columns=DIPA_COLUMNS + ("Target", "Satuan")), personas.operator)
    assert wrong.errors[0].message.startswith("Kolom tidak sesuai template: ")
    assert "tidak ada kolom “Urutan Bagian”" in wrong.errors[0].message


def test_an_rkt_file_that_is_not_an_xlsx_is_rejected(catalogue, personas):
    rejected = rejection(b"Kode Unit;Nama Unit\nkpu-96.71;KPU Kota Sorong\n", personas.operator)
    assert rejected.errors[0].message.startswith("Berkas bukan .xlsx yang valid")


# --- Export and round trip ------------------------------------------------------------------------------------


def test_rkt_export_import_export_is_identical(catalogue, personas, units):
    first_section = functools.partial(line, title=neutralise_formula(FORMULA_LIKE[0]))
    import_rkt(
        [
            first_section(),
            first_section(order=2, indicator="KPU.IKU.03", target="BB", output=neutralise_formula(FORMULA_LIKE[1])),
            first_section(order=3, indicator="KPU.IKU.01", target="99,5", measure="%", output=None),
            first_section(order=4, indicator="RKT-RANGE", target="80–90", measure="%"),
            first_section(order=5, indicator="KPU.IKU.04", target=None, measure="Opini"),
            section_line(section=2, title=neutralise_formula(FORMULA_LIKE[2]), activity=None),
            line(section=3, title="Indeks", activity="6767", indicator="KPU.IKU.05", target="1.250,75"),
            line(unit="sekretariat-96.71", title=neutralise_formula(FORMULA_LIKE[3]), activity=None),
        ],
        personas.operator,
    )
    work_plans = WorkPlan.objects.filter(year=YEAR)

    first = rkt_export(work_plans)
    before = rkt_state()[:3]
    assert rkt_import(data=first, by=personas.operator, can_edit=editor(personas.operator)) == ImportResult(
        sets=2, rows=7
    )
    second = rkt_export(work_plans)

    assert sheet_values(second) == sheet_values(first)
    assert rkt_state()[:3] == before  # the same sections and rows, with the same ids
    values = sheet_values(first)["RKT"]
    assert values[0] == RKT_COLUMNS
    assert [row[10] for row in values[1:]] == ["30", "BB", "99,5", "80–90", None, None, "1.250,75", "30"]
    assert values[6][3:] == (2, "'" + FORMULA_LIKE[2], None, None, None, None, None, None, None)  # the empty section
    assert values[1][4] == "'" + FORMULA_LIKE[0]
    section = WorkPlanSection.objects.get(work_plan__unit=units["kpu-96.71"], work_plan__year=YEAR, order=1)
    assert section.title == FORMULA_LIKE[0]


def test_the_demo_rkt_survives_a_round_trip(loaded_db, personas):
    """Kota Sorong's two RKTs of 2024 (commission and secretariat), exported and imported back."""
    work_plans = WorkPlan.objects.all()
    assert WorkPlanRow.objects.filter(section__work_plan__in=work_plans).count() > 40
    exported = rkt_export(work_plans)
    before = rkt_state()[:3]
    rkt_import(data=exported, by=personas.operator, can_edit=editor(personas.operator))
    assert rkt_state()[:3] == before
    assert sheet_values(rkt_export(work_plans)) == sheet_values(exported)


def test_an_outsider_cannot_import_sorongs_rkt(loaded_db, personas):
    before = rkt_state()
    rejected = rejection(rkt_export(WorkPlan.objects.all()), personas.outsider)
    assert {error.message for error in rejected.errors} == {
        "Anda tidak berwenang mengubah data unit “KPU Kota Sorong” (kpu-96.71).",
        "Anda tidak berwenang mengubah data unit “Sekretariat KPU Kota Sorong” (sekretariat-96.71).",
    }
    assert rkt_state() == before


# --- The import page, templates and exports ---------------------------------------------------------------------


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("rkt.xlsx", data, content_type=XLSX)


def test_the_import_page_imports_an_rkt(catalogue, personas, client_for, units):
    response = client_for(personas.operator).post(
        reverse("planning:import"), {"kind": "rkt", "file": upload(xlsx([line()]))}, follow=True
    )
    assert "Impor berhasil: 1 dokumen, 1 baris tersimpan." in response.content.decode()
    assert rows_of(units["kpu-96.71"]) == [(1, 1, "KPU.IKU.05", "Indeks", "Perencanaan dan Penganggaran Pemilu")]


def test_the_import_page_lists_every_rkt_row_problem(catalogue, personas, client_for):
    before = rkt_state()
    response = client_for(personas.outsider).post(
        reverse("planning:import"), {"kind": "rkt", "file": upload(xlsx([line(), line(order=2, target="-1")]))}
    )
    body = response.content.decode()
    assert "Berkas ditolak" in body
    assert "Baris 2: Anda tidak berwenang mengubah data unit" in body
    assert "Baris 3: Target “-1” untuk KPU.IKU.05: target tidak boleh negatif." in body
    assert rkt_state() == before


def test_the_rkt_template_and_export_download(personas, client_for):
    client = client_for(personas.operator)
    template = client.get(reverse("planning:template", args=["rkt"]))
    assert template["Content-Disposition"] == 'attachment; filename="templat-rkt.xlsx"'
    assert "Daftar Indikator" in load_workbook(io.BytesIO(template.getvalue())).sheetnames
    export = client.get(reverse("planning:export", args=["rkt"]) + "?tahun=2024")
    assert export["Content-Disposition"] == 'attachment; filename="rkt-2024.xlsx"'
    units = {row[0] for row in sheet_values(export.getvalue())["RKT"][1:]}
    assert units == {"kpu-96.71", "sekretariat-96.71"}
    outsiders = client_for(personas.outsider).get(reverse("planning:export", args=["rkt"]) + "?tahun=2024")
    assert sheet_values(outsiders.getvalue())["RKT"][1:] == []
