"""The 2025 cycle from the demo, in a real browser (issue #14): five people, each starting from
their own home page and following its links (no admin page, no typed address), take Kota
Sorong's secretariat from last year's plan to a PK received by KPU:

operator.sorong copies the IKU from 2024 (with a change of target) and records its decree,
copies the RKT and the PK, and finalises; sekretaris.sorong and ketua.sorong sign
electronically; operator.sorong submits; verifikator.pbd compiles and forwards; verifikator.pusat
receives."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def home(page):
    page.locator("header nav").get_by_role("link", name="Beranda", exact=True).click()
    page.wait_for_load_state()


def follow(page, group: str, text: str):
    """Click the to-do item of `group` that contains `text`."""
    page.locator(f"#todo-{group}").get_by_role("link").filter(has_text=text).first.click()
    page.wait_for_load_state()


def test_the_2025_cycle_from_each_home_page(login, page):
    from kinerja.agreements.models import Agreement, Status
    from kinerja.demo.loader import DEMO_PASSWORD
    from kinerja.demo.planning import next_year_demo_load
    from kinerja.planning.models import IkuSet, WorkPlan

    next_year_demo_load()
    today = datetime.date.today()

    # The operator: the plan first, as the home page says.
    login("operator.sorong")
    follow(page, "plans", "IKU KPU Kota Sorong 2025 belum ada")
    page.get_by_role("link", name="Salin IKU dari 2024").click()
    counts = page.locator("#copy-counts").inner_text()
    assert "2 berubah" in counts and "1 baru" in counts
    page.get_by_role("button", name="Salin ke 2025").click()
    page.get_by_text("Disalin.").wait_for()
    # A change of target before the decree: 32 -> 33 (stricter than the province's 32).
    row = page.locator("tr", has_text="Indeks Reformasi Birokrasi")
    row.locator("input[name=target]").fill("33")
    row.locator("input[name=target]").press("Enter")
    row.get_by_text("Tersimpan").wait_for()
    page.fill("#decree-form input[name=number]", "5/PR.01-Kpt/9671/2025")
    page.fill("#decree-form input[name=issued_on]", "2025-01-13")
    page.locator("#decree-form").get_by_role("button", name="Catat keputusan").click()
    page.get_by_text("IKU 2025 ditetapkan dengan Keputusan 5/PR.01-Kpt/9671/2025.").wait_for()
    iku_set = IkuSet.objects.get(unit__code="kpu-96.71", year=2025)
    assert iku_set.decree.number == "5/PR.01-Kpt/9671/2025"
    assert iku_set.items.get(indicator__code="KPU.IKU.05").target_value == 33

    home(page)
    follow(page, "plans", "RKT Sekretariat KPU Kota Sorong 2025 belum ada")
    page.get_by_role("link", name="Salin RKT dari 2024").click()
    page.get_by_role("button", name="Salin ke 2025").click()
    page.get_by_text("Disalin.").wait_for()
    assert WorkPlan.objects.filter(unit__code="sekretariat-96.71", year=2025).exists()

    home(page)
    follow(page, "draft", "PK 2025 Sekretariat KPU Kota Sorong belum disusun")
    page.get_by_role("button", name="Salin dari tahun lalu").click()
    assert "Rp 9.870.150.000" in page.locator("table.copy-diff").inner_text()
    page.get_by_role("button", name="Salin ke 2025").click()
    page.get_by_text("Disalin.").wait_for()
    agreement = Agreement.objects.get(unit__code="sekretariat-96.71", year=2025)
    # The copy leaves the date of signing to the operator (the statement saves as it is typed).
    with page.expect_response(lambda response: "/pernyataan/" in response.url):
        page.fill("input[name=signed_on]", today.isoformat())
    page.click("#btn-final")
    page.get_by_text("PK difinalkan").wait_for()
    page.context.clear_cookies()

    # The two signatories, told by their home page.
    for username, party in (("sekretaris.sorong", "first"), ("ketua.sorong", "second")):
        login(username)
        follow(page, "sign", "Sekretariat KPU Kota Sorong")
        panel = page.locator("#tte")
        panel.locator(f"li[data-party={party}] input[name=passphrase]").fill(DEMO_PASSWORD)
        panel.locator(f"#btn-tte-{party}").click()
        page.locator(".messages").get_by_text("Tanda tangan elektronik tersimpan").wait_for()
        page.context.clear_cookies()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SIGNED

    login("operator.sorong")
    follow(page, "draft", "sudah ditandatangani")
    page.click("#btn-submit")
    page.wait_for_load_state()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.SUBMITTED
    page.context.clear_cookies()

    login("verifikator.pbd")
    follow(page, "route", "menunggu kompilasi")
    page.click("#btn-compile")
    page.get_by_text("Kompilasi selesai").wait_for()
    home(page)
    follow(page, "route", "belum diteruskan ke KPU")
    page.click("#btn-forward")
    page.get_by_text("Paket diteruskan ke KPU.").wait_for()
    page.context.clear_cookies()

    login("verifikator.pusat")
    follow(page, "route", "menunggu diterima")
    page.click("#btn-receive-package")
    page.get_by_text("Paket diterima").wait_for()
    assert Agreement.objects.get(pk=agreement.pk).status == Status.RECEIVED
