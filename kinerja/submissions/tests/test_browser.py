"""In a real browser, the whole route of section C.2: the Sorong operator finalises, uploads the
scan and submits; Papua Barat Daya compiles and forwards; KPU receives; the dashboard shows it."""

import pytest

from kinerja.conftest import scan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_whole_route_from_draft_to_received(login, page, tmp_path):
    from kinerja.agreements.models import Agreement, Status
    from kinerja.conftest import delete_sorong_agreements
    from kinerja.demo.agreements import agreements_demo_load
    from kinerja.demo.loader import sorong_seed

    delete_sorong_agreements()
    commission, _ = agreements_demo_load(sorong_seed(), with_story=False)
    scan = tmp_path / "pk-ttd.pdf"

    login("operator.sorong")
    page.goto(f"/pk/{commission.pk}/")
    page.click("#btn-final")
    page.get_by_text("PK difinalkan").wait_for()
    scan.write_bytes(scan_for(commission))  # the final print, signed and scanned
    page.set_input_files("input[name=file]", str(scan))
    page.click("#btn-scan")
    page.get_by_text("Pindaian PK bertanda tangan tersimpan.").wait_for()
    page.click("#btn-submit")
    page.locator("#deadline-state").get_by_text("terlambat").wait_for()
    assert Agreement.objects.get(pk=commission.pk).status == Status.SUBMITTED

    page.context.clear_cookies()
    login("verifikator.pbd")
    page.get_by_role("link", name="Pemantauan").click()
    page.click("#btn-compile")
    page.get_by_text("Kompilasi selesai").wait_for()
    page.get_by_role("link", name="Kompilasi KPU Provinsi Papua Barat Daya 2024 paket 1").click()
    page.click("#btn-forward")
    page.get_by_text("Paket diteruskan ke KPU.").wait_for()

    page.context.clear_cookies()
    login("verifikator.pusat")
    page.get_by_role("link", name="Pemantauan").click()
    page.get_by_role("link", name="Kompilasi KPU Provinsi Papua Barat Daya 2024 paket 1").click()
    page.click("#btn-receive-package")
    page.get_by_text("Paket diterima").wait_for()
    assert Agreement.objects.get(pk=commission.pk).status == Status.RECEIVED

    page.goto("/pemantauan/?tahun=2024")
    row = page.locator("#compliance tr[data-region='96']")
    assert row.locator("td").nth(7).inner_text() == "1"  # received by KPU
    row.get_by_role("link", name="Papua Barat Daya").click()
    line = page.locator("tr[data-unit='kpu-96.71']")
    assert "Diterima KPU" in line.inner_text()
    assert "6 Maret 2024" in line.inner_text()
    assert "terlambat" in line.locator("td.state").inner_text()
