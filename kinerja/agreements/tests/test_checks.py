"""Quality checks: each names its row; none stops printing."""

import datetime

import pytest

from kinerja.agreements.checks import FindingCode, run_checks
from kinerja.agreements.models import Row
from kinerja.planning.models import Dipa

pytestmark = pytest.mark.django_db


def codes(agreement):
    return [finding.code for finding in run_checks(agreement)]


def test_the_seed_commission_pk_is_clean(sorong_agreements):
    commission, _ = sorong_agreements
    assert run_checks(commission) == []


def test_every_percentage_indicator_of_the_seed_secretariat_is_flagged(sorong_agreements):
    _, secretariat = sorong_agreements
    findings = [f for f in run_checks(secretariat) if f.code == FindingCode.PERCENTAGE_UNIT]
    assert len(findings) == 23
    assert findings[0].message.startswith("Baris 1.a: indikator “Persentase terpenuhinya Pembayaran Gaji")
    assert "“1 Layanan”, bukan persen (%)" in findings[0].message


def test_a_percentage_target_in_percent_is_not_flagged(sorong_agreements):
    _, secretariat = sorong_agreements
    Row.objects.filter(section__agreement=secretariat).update(target="100", measure_unit="%")
    assert FindingCode.PERCENTAGE_UNIT not in codes(secretariat)


def test_a_target_below_the_provinces_is_named(sorong_agreements):
    commission, _ = sorong_agreements
    row = Row.objects.get(section__agreement=commission, indicator__code="KPU.IKU.03")
    row.target = "CC"
    row.save()
    (finding,) = run_checks(commission)
    assert finding.code == FindingCode.BELOW_PARENT
    assert finding.row_id == row.pk
    assert finding.message == (
        "Baris 9.1: target CC di bawah target KPU Provinsi Papua Barat Daya B untuk indikator yang sama."
    )


def test_a_missing_iku_is_named(sorong_agreements):
    commission, _ = sorong_agreements
    Row.objects.get(section__agreement=commission, indicator__code="KPU.IKU.04").delete()
    (finding,) = run_checks(commission)
    assert finding.code == FindingCode.MISSING_IKU
    assert "Opini atas Laporan Keuangan" in finding.message


def test_a_row_without_target_or_unit_is_named(sorong_agreements):
    commission, _ = sorong_agreements
    row = commission.sections.get(number="2").rows.first()
    row.target = ""
    row.save()
    (finding,) = run_checks(commission)
    assert finding.code == FindingCode.MISSING_TARGET
    assert finding.message == "Baris 2.1: target belum diisi."


def test_a_row_without_target_and_unit_names_both(sorong_agreements):
    commission, _ = sorong_agreements
    row = commission.sections.get(number="2").rows.first()
    row.target = ""
    row.measure_unit = ""
    row.save()
    (finding,) = run_checks(commission)
    assert finding.message == "Baris 2.1: target dan satuan belum diisi."


def test_finding_codes_are_english_identifiers_with_indonesian_labels():
    assert FindingCode.BELOW_PARENT == "below_parent"
    assert FindingCode.PERCENTAGE_UNIT.label == "Indikator persentase tanpa satuan persen"
    assert all(code.isascii() and code.islower() for code in FindingCode.values)


def test_a_duplicated_row_is_named(sorong_agreements):
    commission, _ = sorong_agreements
    first = commission.sections.get(number="1").rows.first()
    Row.objects.create(
        section=commission.sections.get(number="2"),
        order=9,
        indicator_text=first.indicator_text.upper(),
        target="1",
        measure_unit="Lembaga",
    )
    (finding,) = run_checks(commission)
    assert finding.code == FindingCode.DUPLICATE
    assert "sama dengan baris 1.1" in finding.message


def test_budget_without_amount_and_total_against_dipa(sorong_agreements):
    _, secretariat = sorong_agreements
    found = [f.message for f in run_checks(secretariat) if f.code in (FindingCode.MISSING_BUDGET, FindingCode.DIPA)]
    assert found == [
        "Anggaran Program Dukungan Manajemen (076.01.WA) belum diisi jumlahnya.",
        "Total anggaran PK Rp 19.310.290.000 berbeda dengan pagu DIPA Rp 22.184.802.000.",
    ]


def test_a_pk_without_dipa_says_so(sorong_agreements):
    commission, _ = sorong_agreements
    Dipa.objects.filter(unit=commission.unit).delete()
    assert codes(commission) == [FindingCode.DIPA]


def test_a_signatory_not_in_office_on_the_date_is_named(sorong_agreements):
    commission, secretariat = sorong_agreements
    commission.signed_on = datetime.date(2022, 6, 1)
    commission.save()
    (finding,) = run_checks(commission)
    assert finding.message == "Pihak Pertama Balthasar Berth Kambuaya tidak tercatat menjabat pada 1 Juni 2022."
    secretariat.second_party_name = "Orang Lain"
    secretariat.save()
    messages = [f.message for f in run_checks(secretariat) if f.code == FindingCode.SIGNATORY]
    assert messages == [
        "Pihak Kedua Orang Lain tidak tercatat menjabat pada 6 Maret 2024; yang menjabat: Balthasar Berth Kambuaya."
    ]


def test_a_missing_signatory_and_date_are_named(sorong_agreements):
    commission, _ = sorong_agreements
    commission.first_party_name = ""
    commission.signed_on = None
    commission.save()
    assert [f.message for f in run_checks(commission)] == [
        "Tanggal penandatanganan belum diisi.",
        "Pihak Pertama belum diisi.",
    ]
