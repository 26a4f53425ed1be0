"""The RKT page and its services: who reads and who changes a unit's RKT, and each change's rules.

Every refusal changes nothing (`rkt_state` before and after) and names the row
("Baris 1.2 …"); every change is recorded on the WorkPlan, so that the unit's
plan page lists it in its history.
"""

import pytest
from django.urls import reverse

from kinerja.audit.models import Action, ChangeRecord
from kinerja.planning import selectors, work_plans
from kinerja.planning.models import Activity, Indicator, WorkPlan, WorkPlanRow, WorkPlanSection
from kinerja.planning.targets import Polarity, TargetKind
from kinerja.planning.work_plans import WorkPlanError

pytestmark = pytest.mark.django_db

YEAR = 2030  # the demo holds Kota Sorong's RKT 2024; the service tests start their own


def rkt_state() -> tuple:
    return (
        list(WorkPlan.objects.order_by("pk").values_list("pk", "unit_id", "year")),
        list(WorkPlanSection.objects.order_by("pk").values_list("pk", "work_plan_id", "order", "title", "activity_id")),
        list(
            WorkPlanRow.objects.order_by("pk").values_list(
                "pk", "section_id", "order", "output", "indicator_id", "measure_unit", "target_value", "target_grade"
            )
        ),
        ChangeRecord.objects.count(),
    )


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


@pytest.fixture
def plan(personas, units) -> WorkPlan:
    """Kota Sorong's RKT 2030: section 1 (activity 6709) with row 1.1 (Indeks RB, 30 Indeks)."""
    work_plan = work_plans.work_plan_create(unit=units["kpu-96.71"], year=YEAR, by=personas.operator)
    section = work_plans.work_plan_section_add(
        work_plan=work_plan, title="", activity_code="6709", by=personas.operator
    )
    work_plans.work_plan_row_add(section=section, indicator=indicator("KPU.IKU.05"), target="30", by=personas.operator)
    return work_plan


def section_of(work_plan: WorkPlan, order: int = 1) -> WorkPlanSection:
    return work_plan.sections.get(order=order)


def refused(change, **arguments) -> str:
    """The message of a refused change, after checking that it changed nothing."""
    before = rkt_state()
    with pytest.raises(WorkPlanError) as caught:
        change(**arguments)
    assert rkt_state() == before
    return str(caught.value)


# --- Services -------------------------------------------------------------------------------------------------


def test_an_rkt_is_created_empty_and_its_changes_show_in_the_unit_plan_history(plan, personas, units):
    section = section_of(plan)
    assert (section.title, section.activity.code) == (Activity.objects.get(code="6709").name, "6709")
    row = section.rows.get()
    assert (row.order, row.measure_unit, row.target_display) == (1, "Indeks", "30 Indeks")
    history = selectors.unit_history(units["kpu-96.71"], YEAR)
    assert [record.action for record in history] == [Action.ADD, Action.ADD, Action.CREATE]
    assert [record.summary for record in history][::2] == [
        "RKT KPU Kota Sorong 2030: baris 1.1 “Indeks Reformasi Birokrasi” ditambahkan, target 30 Indeks",
        "RKT KPU Kota Sorong 2030 dibuat",
    ]
    assert all(record.by == personas.operator and record.object_id == str(plan.pk) for record in history)


def test_a_second_rkt_for_the_same_year_is_refused(plan, personas, units):
    message = refused(work_plans.work_plan_create, unit=units["kpu-96.71"], year=YEAR, by=personas.operator)
    assert message == "RKT KPU Kota Sorong tahun 2030 sudah ada."
    assert "di luar rentang" in refused(work_plans.work_plan_create, unit=units["kpu-96.71"], year=3000, by=None)


def test_sections_are_numbered_after_the_last(plan, personas):
    section = work_plans.work_plan_section_add(
        work_plan=plan, title="  Meningkatnya akuntabilitas  ", by=personas.operator
    )
    assert (section.order, section.title, section.activity) == (2, "Meningkatnya akuntabilitas", None)


@pytest.mark.parametrize(
    ("title", "code", "reason"),
    [
        ("", "", "Sasaran/kegiatan wajib diisi."),
        ("Kegiatan baru", "9999", "Kode kegiatan “9999” tidak dikenal."),
        ("x" * 501, "", "Sasaran/kegiatan terlalu panjang"),
        ("Judul\u202eterbalik", "", "pembalik arah teks"),
    ],
)
def test_a_section_without_a_readable_title_or_code_is_refused(plan, personas, title, code, reason):
    message = refused(
        work_plans.work_plan_section_add, work_plan=plan, title=title, activity_code=code, by=personas.operator
    )
    assert reason in message


def test_a_section_is_renamed_and_the_change_recorded_with_old_and_new(plan, personas):
    section = section_of(plan)
    old_title = section.title
    work_plans.work_plan_section_update(section=section, title="Perencanaan", activity_code="", by=personas.operator)
    section.refresh_from_db()
    assert (section.title, section.activity) == ("Perencanaan", None)
    record = ChangeRecord.objects.filter(action=Action.UPDATE).exclude(object_type="actionplans.actionplan").get()
    assert record.changes == {"title": [old_title, "Perencanaan"], "activity": ["6709", None]}
    count = ChangeRecord.objects.count()
    work_plans.work_plan_section_update(section=section, title="Perencanaan", by=personas.operator)
    assert ChangeRecord.objects.count() == count  # nothing changed, nothing recorded


def test_a_section_with_rows_is_not_deleted_and_an_empty_one_is(plan, personas):
    message = refused(work_plans.work_plan_section_delete, section=section_of(plan), by=personas.operator)
    assert message == "Bagian 1 masih berisi 1 baris; hapus barisnya dulu."
    empty = work_plans.work_plan_section_add(work_plan=plan, title="Kosong", by=personas.operator)
    last = work_plans.work_plan_section_add(work_plan=plan, title="Terakhir", by=personas.operator)
    work_plans.work_plan_section_delete(section=empty, by=personas.operator)
    assert list(plan.sections.values_list("order", "title")) == [(1, section_of(plan).title), (2, "Terakhir")]
    assert WorkPlanSection.objects.get(pk=last.pk).order == 2  # the sections after it move up
    assert ChangeRecord.objects.filter(action=Action.DELETE).get().summary.endswith("bagian 2 “Kosong” dihapus")


def test_a_row_takes_its_indicators_measure_unit_unless_given(plan, personas):
    section = section_of(plan)
    row = work_plans.work_plan_row_add(
        section=section,
        indicator=indicator("KPU.IKU.04"),
        output="Laporan Keuangan",
        target="wtp",
        by=personas.operator,
    )
    assert (row.order, row.output, row.measure_unit, row.target_display) == (2, "Laporan Keuangan", "Opini", "WTP")
    other = work_plans.work_plan_row_add(
        section=section, indicator=indicator("KPU.IKU.01"), target="", measure_unit="persen", by=personas.operator
    )
    assert (other.order, other.measure_unit, other.target.is_empty) == (3, "persen", True)  # empty while planning


@pytest.fixture
def range_indicator(loaded_db) -> Indicator:
    return Indicator.objects.create(
        code="RKT-RANGE",
        name="Persentase partisipasi pemilih",
        measure_unit="%",
        target_kind=TargetKind.PERCENT,
        polarity=Polarity.RANGE,
    )


@pytest.mark.parametrize(
    ("code", "target", "reason"),
    [
        ("KPU.IKU.05", "abc", "Baris 1.1 “Indeks Reformasi Birokrasi”: “abc” bukan angka."),
        ("KPU.IKU.05", "-5", "Baris 1.1 “Indeks Reformasi Birokrasi”: target tidak boleh negatif."),
        ("KPU.IKU.05", "1,12345", "Baris 1.1 “Indeks Reformasi Birokrasi”: target paling banyak 4 angka"),
        ("KPU.IKU.01", "-1", "Persentase tidak boleh negatif."),
        ("KPU.IKU.01", "12 Laporan", "satuan “Laporan” tidak sesuai dengan satuan indikator “%”."),
        ("KPU.IKU.05", "1OO", "Baris 1.1 “Indeks Reformasi Birokrasi”: “1OO” bukan angka."),
        ("KPU.IKU.04", "BB", "Predikat “BB” tidak dikenal; pilih salah satu dari WTP, WDP, TW, TMP."),
        ("KPU.IKU.03", "WTP", "Predikat “WTP” tidak dikenal; pilih salah satu dari AA, A, BB"),
        ("RKT-RANGE", "85", "harus ditulis sebagai batas bawah–batas atas"),
        ("RKT-RANGE", "90–80", "Batas bawah 90 lebih besar dari batas atas 80"),
    ],
)
def test_a_target_that_does_not_read_for_its_indicator_is_refused_naming_the_row(
    personas, units, range_indicator, code, target, reason
):
    work_plan = work_plans.work_plan_create(unit=units["kpu-96.71"], year=YEAR, by=personas.operator)
    section = work_plans.work_plan_section_add(work_plan=work_plan, title="Sasaran", by=personas.operator)
    message = refused(
        work_plans.work_plan_row_add, section=section, indicator=indicator(code), target=target, by=personas.operator
    )
    assert message.startswith("Baris 1.1 ")
    assert reason in message


def test_an_indicator_appears_once_in_a_section(plan, personas):
    message = refused(
        work_plans.work_plan_row_add,
        section=section_of(plan),
        indicator=indicator("KPU.IKU.05"),
        target="31",
        by=personas.operator,
    )
    assert message == "Baris 1.2: indikator “Indeks Reformasi Birokrasi” sudah ada di baris 1.1."
    other = work_plans.work_plan_section_add(work_plan=plan, title="Bagian lain", by=personas.operator)
    work_plans.work_plan_row_add(section=other, indicator=indicator("KPU.IKU.05"), target="31", by=personas.operator)


def test_a_row_target_change_is_recorded_as_a_target_change(plan, personas):
    row = section_of(plan).rows.get()
    work_plans.work_plan_row_update(row=row, output="Indeks RB", target="35", measure_unit="", by=personas.operator)
    row.refresh_from_db()
    assert (row.output, row.measure_unit, row.target_display) == ("Indeks RB", "Indeks", "35 Indeks")
    record = ChangeRecord.objects.filter(action=Action.UPDATE_TARGET).get()
    assert (
        record.summary
        == "RKT KPU Kota Sorong 2030: target baris 1.1 “Indeks Reformasi Birokrasi”: 30 Indeks → 35 Indeks"
    )
    assert record.changes == {"output": ["", "Indeks RB"], "target": ["30 Indeks", "35 Indeks"]}
    count = ChangeRecord.objects.count()
    work_plans.work_plan_row_update(
        row=row, output="Indeks RB", target="35", measure_unit="Indeks", by=personas.operator
    )
    assert ChangeRecord.objects.count() == count


def test_a_row_change_with_an_unreadable_target_changes_nothing(plan, personas):
    row = section_of(plan).rows.get()
    message = refused(
        work_plans.work_plan_row_update, row=row, output="Baru", target="-3", measure_unit="", by=personas.operator
    )
    assert message == "Baris 1.1 “Indeks Reformasi Birokrasi”: target tidak boleh negatif."


def test_a_deleted_row_is_recorded_and_the_rows_after_it_move_up(plan, personas):
    section = section_of(plan)
    add = work_plans.work_plan_row_add
    add(section=section, indicator=indicator("KPU.IKU.04"), target="WTP", by=personas.operator)
    add(section=section, indicator=indicator("KPU.IKU.03"), target="BB", by=personas.operator)
    work_plans.work_plan_row_delete(row=section.rows.get(order=1), by=personas.operator)
    assert list(section.rows.values_list("order", "indicator__code")) == [(1, "KPU.IKU.04"), (2, "KPU.IKU.03")]
    record = ChangeRecord.objects.filter(action=Action.DELETE).get()
    assert record.summary == "RKT KPU Kota Sorong 2030: baris 1.1 “Indeks Reformasi Birokrasi” dihapus"
    assert record.changes == {"row": ["1.1 KPU.IKU.05 30 Indeks", None]}


# --- The page -------------------------------------------------------------------------------------------------


def rkt_url(unit, year=2024) -> str:
    return reverse("planning:rkt", args=[unit.pk, year])


def sorong_row(units, code="KPU.IKU.05") -> WorkPlanRow:
    return WorkPlanRow.objects.get(
        section__work_plan__unit=units["kpu-96.71"], section__work_plan__year=2024, indicator__code=code
    )


def test_the_operator_sees_sorongs_rkt_with_its_forms(personas, units, client_for):
    response = client_for(personas.operator).get(rkt_url(units["kpu-96.71"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Perencanaan dan Penganggaran Pemilu" in body and "Indeks Reformasi Birokrasi" in body
    row = sorong_row(units)
    assert reverse("planning:rkt_row", args=[row.pk]) in body
    assert reverse("planning:rkt_section_add", args=[units["kpu-96.71"].pk, 2024]) in body
    assert 'placeholder="kosongkan: satuan indikator"' in body
    assert '<label for="id_indicator">' in body and "<optgroup label=" in body


def test_the_add_row_form_lists_the_units_iku_first(personas, units, client_for):
    body = client_for(personas.operator).get(rkt_url(units["kpu-96.71"])).content.decode()
    own = body.index('<optgroup label="IKU KPU Kota Sorong 2024">')
    others = body.index('<optgroup label="Indikator lain">')
    assert own < body.index("KPU.IKU.05 — Indeks Reformasi Birokrasi") < others


def test_the_operator_changes_a_target_and_the_page_says_so(personas, units, client_for):
    row = sorong_row(units)
    client = client_for(personas.operator)
    response = client.post(
        reverse("planning:rkt_row", args=[row.pk]), {"output": "", "target": "35", "measure_unit": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == rkt_url(units["kpu-96.71"])
    body = response.content.decode()
    label = work_plans.row_label(row)
    assert f"Baris {label} disimpan." in body
    row.refresh_from_db()
    assert row.target_display == "35 Indeks"
    # The unit's plan page lists the change in its history.
    plan_page = client.get(reverse("planning:unit", args=[units["kpu-96.71"].pk, 2024])).content.decode()
    assert f"target baris {label} “Indeks Reformasi Birokrasi”: 30 Indeks → 35 Indeks" in plan_page


def test_an_unreadable_target_on_the_page_is_refused_naming_the_row(personas, units, client_for):
    row = sorong_row(units)
    before = rkt_state()
    response = client_for(personas.operator).post(
        reverse("planning:rkt_row", args=[row.pk]), {"target": "abc"}, follow=True
    )
    assert f"Baris {work_plans.row_label(row)} “Indeks Reformasi Birokrasi”: “abc” bukan angka." in (
        response.content.decode()
    )
    assert rkt_state() == before


def test_the_operator_adds_a_section_and_a_row_and_deletes_them(personas, units, client_for):
    client, sorong = client_for(personas.operator), units["kpu-96.71"]
    work_plan = WorkPlan.objects.get(unit=sorong, year=2024)
    count = work_plan.sections.count()
    response = client.post(
        reverse("planning:rkt_section_add", args=[sorong.pk, 2024]), {"title": "Sasaran baru", "activity_code": ""}
    )
    assert response.status_code == 302
    section = work_plan.sections.get(order=count + 1)
    response = client.post(
        reverse("planning:rkt_row_add", args=[sorong.pk, 2024]),
        {"section": section.pk, "indicator": indicator("KPU.IKU.01").pk, "output": "", "target": "100"},
        follow=True,
    )
    assert "Baris ditambahkan." in response.content.decode()
    row = section.rows.get()
    assert row.target_display == "100 %"
    client.post(reverse("planning:rkt_row_delete", args=[row.pk]))
    response = client.post(reverse("planning:rkt_section_delete", args=[section.pk]), follow=True)
    assert f"Bagian {count + 1} dihapus." in response.content.decode()
    assert work_plan.sections.count() == count


def test_a_row_added_without_an_indicator_is_refused(personas, units, client_for):
    sorong = units["kpu-96.71"]
    section = WorkPlan.objects.get(unit=sorong, year=2024).sections.first()
    before = rkt_state()
    response = client_for(personas.operator).post(
        reverse("planning:rkt_row_add", args=[sorong.pk, 2024]), {"section": section.pk, "target": "1"}, follow=True
    )
    assert "Pilih indikator baris ini." in response.content.decode()
    assert rkt_state() == before


def test_a_year_without_an_rkt_offers_to_create_it(personas, units, client_for):
    sorong, client = units["kpu-96.71"], client_for(personas.operator)
    body = client.get(rkt_url(sorong, YEAR)).content.decode()
    assert "RKT tahun 2030 belum tersedia." in body
    assert reverse("planning:rkt_create", args=[sorong.pk, YEAR]) in body
    response = client.post(reverse("planning:rkt_create", args=[sorong.pk, YEAR]), follow=True)
    assert "RKT 2030 dibuat." in response.content.decode()
    assert WorkPlan.objects.filter(unit=sorong, year=YEAR).exists()
    again = client.post(reverse("planning:rkt_create", args=[sorong.pk, YEAR]), follow=True)
    assert "RKT KPU Kota Sorong tahun 2030 sudah ada." in again.content.decode()


def test_the_ketua_opens_the_rkt_of_the_commission(personas, units, client_for):
    """The Ketua is the commission's pimpinan: it reads the RKT and, as planning.access says, may change it."""
    response = client_for(personas.ketua).get(rkt_url(units["kpu-96.71"]))
    assert response.status_code == 200
    assert "Indeks Reformasi Birokrasi" in response.content.decode()
    assert response.context["can_edit"] is True


def test_the_province_verifier_reads_the_rkt_but_does_not_change_it(personas, units, client_for):
    client, sorong = client_for(personas.province_verifier), units["kpu-96.71"]
    response = client.get(rkt_url(sorong))
    assert response.status_code == 200
    body = response.content.decode()
    row = sorong_row(units)
    assert "Indeks Reformasi Birokrasi" in body and 'method="post"' not in body.split("<main>")[1]
    assert reverse("planning:rkt_row", args=[row.pk]) not in body
    assert (
        reverse("planning:rkt_create", args=[sorong.pk, YEAR]) not in client.get(rkt_url(sorong, YEAR)).content.decode()
    )
    before = rkt_state()
    assert client.post(reverse("planning:rkt_row", args=[row.pk]), {"target": "1"}).status_code == 403
    assert client.post(reverse("planning:rkt_row_delete", args=[row.pk])).status_code == 403
    assert client.post(reverse("planning:rkt_create", args=[sorong.pk, YEAR])).status_code == 403
    assert rkt_state() == before


def test_an_outsider_finds_no_rkt_of_sorong(personas, units, client_for):
    client, sorong = client_for(personas.outsider), units["kpu-96.71"]
    row = sorong_row(units)
    section = row.section
    before = rkt_state()
    assert client.get(rkt_url(sorong)).status_code == 404
    assert client.get(rkt_url(sorong, YEAR)).status_code == 404
    posts = [
        (reverse("planning:rkt_create", args=[sorong.pk, YEAR]), {}),
        (reverse("planning:rkt_section_add", args=[sorong.pk, 2024]), {"title": "X"}),
        (reverse("planning:rkt_row_add", args=[sorong.pk, 2024]), {"section": section.pk}),
        (reverse("planning:rkt_section", args=[section.pk]), {"title": "X"}),
        (reverse("planning:rkt_section_delete", args=[section.pk]), {}),
        (reverse("planning:rkt_row", args=[row.pk]), {"target": "1"}),
        (reverse("planning:rkt_row_delete", args=[row.pk]), {}),
    ]
    assert [client.post(url, data).status_code for url, data in posts] == [404] * len(posts)
    assert rkt_state() == before


def test_the_unit_plan_page_links_to_the_rkt_page(personas, units, client_for):
    sorong = units["kpu-96.71"]
    body = client_for(personas.operator).get(reverse("planning:unit", args=[sorong.pk, 2024])).content.decode()
    assert f'href="{rkt_url(sorong)}">Ubah RKT</a>' in body
    empty_year = client_for(personas.operator).get(reverse("planning:unit", args=[sorong.pk, YEAR])).content.decode()
    assert f'href="{rkt_url(sorong, YEAR)}">Susun RKT</a>' in empty_year
    assert reverse("planning:template", args=["rkt"]) in empty_year
    reader = client_for(personas.province_verifier).get(reverse("planning:unit", args=[sorong.pk, 2024]))
    assert f'href="{rkt_url(sorong)}">Buka RKT</a>' in reader.content.decode()


def test_a_row_deleted_a_moment_ago_is_refused_not_an_error(plan, personas):
    """Two tabs, or a double click: the second delete finds the row gone and says so."""
    row = section_of(plan).rows.get()
    work_plans.work_plan_row_delete(row=row, by=personas.operator)
    message = refused(work_plans.work_plan_row_delete, row=row, by=personas.operator)
    assert message == "Bagian atau baris ini baru saja dihapus; muat ulang halaman."
