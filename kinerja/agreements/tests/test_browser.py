"""In a real browser: the Sorong operator drafts the 2024 PK, edits it, sees a warning, downloads the PDF."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_drafts_edits_sees_a_warning_and_downloads_the_pdf(login, page):
    from kinerja.agreements.models import Row
    from kinerja.conftest import delete_sorong_agreements

    delete_sorong_agreements()
    login("operator.sorong")
    page.get_by_role("link", name="PK", exact=True).click()
    page.select_option("select[name=unit]", label="Komisi Pemilihan Umum Kota Sorong")
    page.fill("input[name=year]", "2024")
    page.get_by_role("button", name="Susun PK").click()
    page.wait_for_url("**/pk/*/")
    assert page.get_by_role("heading", name="PK 2024 KPU Kota Sorong").is_visible()
    assert page.locator("tr.pk-row").count() == 25
    assert page.locator("#checks").get_by_text("Tidak ada catatan").count() == 0  # date not yet filled

    sakip = Row.objects.get(section__agreement__unit__code="kpu-96.71", indicator__code="KPU.IKU.03")
    target = page.locator(f"#row-{sakip.pk} input[name=target]")
    assert target.input_value() == "B"
    target.fill("CC")
    warning = page.locator("#checks li[data-code=below_parent]")
    warning.wait_for()
    assert "target CC di bawah target KPU Provinsi Papua Barat Daya B" in warning.inner_text()
    page.locator(f"#st-row-{sakip.pk}").get_by_text("Tersimpan").wait_for()
    sakip.refresh_from_db()
    assert sakip.target == "CC"

    with page.expect_download() as download_info:
        page.click("#download-pdf")
    download = download_info.value
    assert download.suggested_filename == "pk-2024-kpu-kota-sorong.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
