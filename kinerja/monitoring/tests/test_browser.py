"""In a real browser: the operator reports TW I with evidence, the Ketua sees the achievement and
evaluates, and the province's roll-up shows Kota Sorong."""

import pytest

from kinerja.conftest import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_evaluate_and_roll_up(login, page, tmp_path):
    from kinerja.agreements.models import Agreement
    from kinerja.monitoring.models import Evaluation, Realisation
    from kinerja.monitoring.selectors import agreement_table

    secretariat = Agreement.objects.get(unit__code="sekretariat-96.71", year=2024)
    row = next(line.row for line in agreement_table(secretariat) if not any(c.realisation for c in line.cells))
    evidence = tmp_path / "bukti-tw1.pdf"
    evidence.write_bytes(make_pdf(1))

    login("operator.sorong")
    page.goto(f"/capaian/pk/{secretariat.pk}/")
    cell = page.locator(f"#row-{row.pk} td.q-cell[data-quarter='1']")
    cell.locator("summary").click()
    cell.locator("input[name=value]").fill("1")
    cell.locator("input[name=evidence]").set_input_files(str(evidence))
    cell.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("tersimpan").first.wait_for()
    realisation = Realisation.objects.get(row=row, quarter=1, superseded_at__isnull=True)
    assert realisation.evidence_sha256

    page.context.clear_cookies()
    login("ketua.sorong")
    page.goto(f"/capaian/pk/{secretariat.pk}/")
    assert "100,0%" in page.locator(f"#row-{row.pk} td.q-cell[data-quarter='1'] .pct").inner_text().replace(".", ",")
    evaluation = page.locator("#evaluasi tr", has_text="TW I").first
    evaluation.locator("summary").click()
    evaluation.locator("textarea[name=assessment]").fill("Triwulan I sesuai rencana.")
    evaluation.locator("select[name=recommendation]").select_option("reward")
    evaluation.get_by_role("button", name="Simpan evaluasi").click()
    page.get_by_text("Evaluasi TW 1 tersimpan.").wait_for()
    assert Evaluation.objects.get(agreement=secretariat, quarter=1).assessment == "Triwulan I sesuai rencana."

    page.context.clear_cookies()
    login("verifikator.pbd")
    page.goto(f"/capaian/provinsi/{secretariat.unit.province_id}/?tahun=2024&tw=1")
    tile = page.locator(".tile-unit[data-unit='kpu-96.71']")
    assert "%" in tile.inner_text()
    assert "Kota Sorong" in tile.inner_text()
