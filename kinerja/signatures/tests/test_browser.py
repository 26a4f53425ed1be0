"""In a real browser: the two officials sign the secretariat's PK electronically, then
anyone checks the signed file, and a forged copy, on the public verification page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_officials_sign_and_the_public_page_exposes_a_forgery(login, page, browser, live_server, tmp_path):
    from kinerja.agreements import lifecycle
    from kinerja.conftest import delete_sorong_agreements
    from kinerja.demo.agreements import agreements_demo_load
    from kinerja.demo.loader import DEMO_PASSWORD, sorong_seed
    from kinerja.documents.models import DocumentCode
    from kinerja.signatures.models import ElectronicSignature
    from kinerja.signatures.tests.test_signing import forged

    delete_sorong_agreements()
    _commission, secretariat = agreements_demo_load(sorong_seed(), with_story=False)
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.get(username="operator.sorong")
    lifecycle.agreement_finalise(agreement=secretariat, by=operator)

    for username, party in (("sekretaris.sorong", "first"), ("ketua.sorong", "second")):
        login(username)
        page.goto(secretariat.get_absolute_url())
        panel = page.locator("#tte")
        panel.locator(f"li[data-party={party}] input[name=passphrase]").fill(DEMO_PASSWORD)
        panel.locator(f"#btn-tte-{party}").click()
        page.locator(".messages").get_by_text("Tanda tangan elektronik tersimpan").wait_for()
        page.context.clear_cookies()
    page.screenshot(path=str(tmp_path / "signed.png"), full_page=True)

    signed = ElectronicSignature.objects.get(agreement=secretariat, party="second").file.open("rb").read()
    code = DocumentCode.objects.get(agreement=secretariat).code
    (tmp_path / "pk.pdf").write_bytes(signed)
    (tmp_path / "palsu.pdf").write_bytes(forged(signed))

    anonymous = browser.new_context(base_url=live_server.url, locale="id-ID").new_page()
    anonymous.goto("/v/")
    anonymous.fill("input[name=kode]", code.lower().replace("-", " "))
    anonymous.get_by_role("button", name="Periksa", exact=True).click()
    anonymous.wait_for_url(f"**/v/{code}/")
    assert "Sekretariat Komisi Pemilihan Umum Kota Sorong" in anonymous.locator("#facts").inner_text()

    anonymous.set_input_files("input[name=berkas]", str(tmp_path / "pk.pdf"))
    anonymous.click("#btn-verify")
    assert anonymous.locator("#verdict").get_attribute("data-verdict") == "exact"
    anonymous.set_input_files("input[name=berkas]", str(tmp_path / "palsu.pdf"))
    anonymous.click("#btn-verify")
    assert anonymous.locator("#verdict").get_attribute("data-verdict") == "altered"
    assert "Dokumen telah diubah" in anonymous.locator("#verdict").inner_text()
    anonymous.context.close()
