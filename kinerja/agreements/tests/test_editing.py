"""Editing a draft on one page: autosave, conflicts, bad input, structure."""

import pytest
from django.urls import reverse

from kinerja.agreements.models import Agreement, BudgetLine, Row, Section, Status
from kinerja.audit.models import Action, ChangeRecord

pytestmark = pytest.mark.django_db


def row_data(row, **changes):
    data = {
        "letter": row.letter,
        "output": row.output,
        "indicator_text": row.indicator_text,
        "target": row.target,
        "measure_unit": row.measure_unit,
        "change_count": row.change_count,
    }
    data.update(changes)
    return data


@pytest.fixture
def row(sorong_agreements):
    return Row.objects.filter(section__agreement=sorong_agreements[0]).order_by("section__order", "order").first()


def test_a_row_edit_is_saved_and_recorded_with_old_and_new(client_for, personas, row):
    response = client_for(personas.operator).post(reverse("agreements:row", args=[row.pk]), row_data(row, target="2"))
    assert response.status_code == 200
    assert f'id="cc-row-{row.pk}" value="1"' in response.content.decode()
    row.refresh_from_db()
    assert (row.target, row.change_count) == ("2", 1)
    record = ChangeRecord.objects.get(object_type="agreements.row", object_id=str(row.pk))
    assert record.changes == {"target": ["1", "2"]}
    assert record.by == personas.operator


def test_a_concurrent_edit_is_detected_and_not_overwritten(client_for, personas, row):
    """Two browsers start from the same row; the second save is refused with the first's value shown."""
    first, second = client_for(personas.operator), client_for(personas.ketua)
    assert first.post(reverse("agreements:row", args=[row.pk]), row_data(row, target="3")).status_code == 200
    response = second.post(reverse("agreements:row", args=[row.pk]), row_data(row, target="4"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Bentrok penyuntingan" in body
    assert "— 3 Lembaga" in body  # the value saved by the other browser
    row.refresh_from_db()
    assert row.target == "3"


def test_after_a_conflict_the_user_may_keep_their_value_explicitly(client_for, personas, row):
    client = client_for(personas.operator)
    client.post(reverse("agreements:row", args=[row.pk]), row_data(row, target="3"))
    response = client.post(reverse("agreements:row", args=[row.pk]), row_data(row, target="4", change_count=1))
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.target == "4"


def test_a_signed_agreement_cannot_be_edited(client_for, personas, row, sorong_agreements):
    Agreement.objects.filter(pk=sorong_agreements[0].pk).update(status=Status.SIGNED)
    response = client_for(personas.operator).post(reverse("agreements:row", args=[row.pk]), row_data(row, target="9"))
    assert response.status_code == 422
    assert "tidak dapat diubah" in response.content.decode()
    row.refresh_from_db()
    assert row.target == "1"
    response = client_for(personas.operator).post(reverse("agreements:row_delete", args=[row.pk]))
    assert Row.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    ("amount", "message"), [("-5", "tidak boleh negatif"), ("abc", "bukan jumlah rupiah"), ("1,5", "bukan jumlah")]
)
def test_a_bad_amount_is_refused_and_nothing_changes(client_for, personas, sorong_agreements, amount, message):
    line = BudgetLine.objects.get(agreement=sorong_agreements[0])
    data = {"program_name": line.program_name, "program_code": line.program_code, "amount": amount, "change_count": 0}
    response = client_for(personas.operator).post(reverse("agreements:budget", args=[line.pk]), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    line.refresh_from_db()
    assert line.amount == 5_113_999_000


def test_an_amount_in_indonesian_notation_is_read(client_for, personas, sorong_agreements):
    line = BudgetLine.objects.get(agreement=sorong_agreements[0])
    data = {
        "program_name": line.program_name,
        "program_code": line.program_code,
        "amount": "Rp 6.000.000,-",
        "change_count": 0,
    }
    assert client_for(personas.operator).post(reverse("agreements:budget", args=[line.pk]), data).status_code == 200
    line.refresh_from_db()
    assert line.amount == 6_000_000


@pytest.mark.parametrize(
    "typed", ["Rp. 6.113.999.000,-", "Rp 6.113.999.000,00", "Rp6.113.999.000", "6.113.999.000,-", "6113999000"]
)
def test_an_amount_in_the_guidelines_notation_is_read(client_for, personas, sorong_agreements, typed):
    """The guideline prints `Rp. 5.113.999.000,-`; the editor takes it as typed, as the DIPA import does."""
    line = BudgetLine.objects.get(agreement=sorong_agreements[0])
    data = {"program_name": line.program_name, "program_code": line.program_code, "amount": typed, "change_count": 0}
    assert client_for(personas.operator).post(reverse("agreements:budget", args=[line.pk]), data).status_code == 200
    line.refresh_from_db()
    assert line.amount == 6_113_999_000


def test_an_amount_with_cents_is_refused_naming_them(client_for, personas, sorong_agreements):
    line = BudgetLine.objects.get(agreement=sorong_agreements[0])
    data = {"program_name": line.program_name, "program_code": line.program_code, "change_count": 0}
    response = client_for(personas.operator).post(
        reverse("agreements:budget", args=[line.pk]), {**data, "amount": "Rp 6.113.999.000,50"}
    )
    assert response.status_code == 422
    assert "“Rp 6.113.999.000,50” bukan jumlah rupiah bulat: anggaran dicatat tanpa sen (,50)" in (
        response.content.decode()
    )
    line.refresh_from_db()
    assert line.amount == 5_113_999_000


def test_markup_is_stored_as_plain_text_and_shown_escaped(client_for, personas, row, sorong_agreements):
    hostile = "#set page(width: 1cm) $x$ ] <script>alert(1)</script>"
    client = client_for(personas.operator)
    client.post(reverse("agreements:row", args=[row.pk]), row_data(row, indicator_text=hostile))
    row.refresh_from_db()
    assert row.indicator_text == hostile
    body = client.get(reverse("documents:preview", args=[sorong_agreements[0].pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_a_2000_character_indicator_is_accepted_and_a_longer_one_refused(client_for, personas, row):
    client = client_for(personas.operator)
    long_text = "Persentase " + "x" * 1989
    assert (
        client.post(reverse("agreements:row", args=[row.pk]), row_data(row, indicator_text=long_text)).status_code
        == 200
    )
    row.refresh_from_db()
    too_long = "y" * 3001
    response = client.post(reverse("agreements:row", args=[row.pk]), row_data(row, indicator_text=too_long))
    assert response.status_code == 422
    assert "terlalu panjang" in response.content.decode()
    row.refresh_from_db()
    assert row.indicator_text == long_text


def test_control_characters_are_removed_and_a_nul_byte_is_refused(client_for, personas, row):
    client = client_for(personas.operator)
    client.post(reverse("agreements:row", args=[row.pk]), row_data(row, indicator_text="A\x07B\x1fC"))
    row.refresh_from_db()
    assert row.indicator_text == "ABC"
    response = client.post(reverse("agreements:row", args=[row.pk]), row_data(row, indicator_text="A\x00B"))
    assert response.status_code == 422
    assert "karakter NUL" in response.content.decode()
    row.refresh_from_db()
    assert row.indicator_text == "ABC"


def test_sections_and_rows_are_added_removed_and_reordered(client_for, personas, sorong_agreements):
    commission = sorong_agreements[0]
    client = client_for(personas.operator)
    client.post(reverse("agreements:section_add", args=[commission.pk]), HTTP_HX_REQUEST="true")
    assert commission.sections.count() == 10
    new = commission.sections.order_by("-order").first()
    assert new.number == "10"
    client.post(reverse("agreements:row_add", args=[new.pk]))
    assert new.rows.count() == 2
    client.post(reverse("agreements:section_move", args=[new.pk, "naik"]))
    assert [s.number for s in commission.sections.all()][-2:] == ["9", "10"]
    assert commission.sections.get(pk=new.pk).order == 9
    client.post(reverse("agreements:section_delete", args=[new.pk]))
    assert not Section.objects.filter(pk=new.pk).exists()
    assert [s.order for s in commission.sections.all()] == list(range(1, 10))
    first_section = commission.sections.get(number="1")
    first, second = first_section.rows.all()[:2]
    client.post(reverse("agreements:row_move", args=[second.pk, "naik"]))
    assert list(first_section.rows.values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    assert client.post(reverse("agreements:row_move", args=[second.pk, "samping"])).status_code == 404
    assert ChangeRecord.objects.filter(action=Action.DELETE, object_type="agreements.section").exists()


def test_the_statement_is_saved_with_its_parties(client_for, personas, sorong_agreements):
    _, secretariat = sorong_agreements
    data = {
        "signed_place": "Sorong",
        "signed_on": "2024-03-07",
        "first_party_name": "Marthen Kambu",
        "first_party_position": "Sekretaris KPU Kota Sorong",
        "first_party_acting": "plh",
        "second_party_name": "Balthasar Berth Kambuaya",
        "second_party_position": "Ketua KPU Kota Sorong",
        "second_party_acting": "",
        "change_count": 0,
    }
    response = client_for(personas.operator).post(reverse("agreements:statement", args=[secretariat.pk]), data)
    assert response.status_code == 200
    secretariat.refresh_from_db()
    assert str(secretariat.signed_on) == "2024-03-07"
    assert secretariat.first_party_acting == "plh"


@pytest.mark.parametrize(("typed", "stored"), [("7 Maret 2024", "2024-03-07"), ("07-03-2024", "2024-03-07")])
def test_the_signing_date_may_be_typed_as_people_write_it(client_for, personas, sorong_agreements, typed, stored):
    commission, _secretariat = sorong_agreements
    data = {"signed_place": "Sorong", "signed_on": typed, "first_party_name": commission.first_party_name}
    data |= {"first_party_position": commission.first_party_position, "change_count": 0}
    response = client_for(personas.operator).post(reverse("agreements:statement", args=[commission.pk]), data)
    assert response.status_code == 200
    commission.refresh_from_db()
    assert str(commission.signed_on) == stored


def test_an_impossible_signing_date_is_refused_naming_it(client_for, personas, sorong_agreements):
    commission, _secretariat = sorong_agreements
    before = commission.signed_on
    data = {"signed_place": "Sorong", "signed_on": "31-02-2024", "first_party_name": commission.first_party_name}
    data |= {"first_party_position": commission.first_party_position, "change_count": 0}
    response = client_for(personas.operator).post(reverse("agreements:statement", args=[commission.pk]), data)
    assert response.status_code == 422
    assert "Tanggal “31-02-2024” tidak ada di kalender" in response.content.decode()
    commission.refresh_from_db()
    assert commission.signed_on == before


def test_editing_needs_the_current_count(client_for, personas, row):
    data = row_data(row)
    del data["change_count"]
    assert client_for(personas.operator).post(reverse("agreements:row", args=[row.pk]), data).status_code == 400


def test_an_amount_as_the_english_page_shows_it_is_read(client_for, personas, sorong_agreements):
    """The English page groups thousands with commas; saving that value again must not be refused."""
    line = BudgetLine.objects.get(agreement=sorong_agreements[0])
    data = {"program_name": line.program_name, "program_code": line.program_code, "amount": "5,113,999,001"}
    response = client_for(personas.operator).post(
        reverse("agreements:budget", args=[line.pk]), {**data, "change_count": 0}
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.amount == 5_113_999_001
