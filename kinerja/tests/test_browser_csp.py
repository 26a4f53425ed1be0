"""In a real browser, the pages work under the Content-Security-Policy: Chromium reports no
violation and no script error on the main pages, while the behaviours that used to be inline
(language switch, year selects, chart bars, the conflict's reload button) still work."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def problems(page):
    """What the browser complains about: policy violations and script errors."""
    found: list[str] = []

    def on_console(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            found.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"{page.url}: {error}"))
    return found


def visit(page, paths: list[str]) -> None:
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        directives = {part.strip() for part in response.headers["content-security-policy"].split(";")}
        assert {"default-src 'self'", "script-src 'self'", "style-src 'self'"} <= directives, path
        page.wait_for_load_state("load")


def test_central_verifier_pages_raise_no_policy_violation(login, page, problems):
    from kinerja.agreements.models import Agreement
    from kinerja.organisation.models import Unit
    from kinerja.submissions.models import CompilationPackage

    sorong, province = Unit.objects.get(code="kpu-96.71"), Unit.objects.get(code="kpu-96")
    commission = Agreement.objects.get(unit=sorong, year=2024)
    package = CompilationPackage.objects.get(agreements=commission)
    login("verifikator.pusat")
    visit(
        page,
        [
            "/",
            "/organisasi/",
            "/organisasi/wilayah/96/",
            f"/organisasi/unit/{sorong.pk}/",
            "/perencanaan/",
            f"/perencanaan/unit/{sorong.pk}/2024/",
            f"/perencanaan/provinsi/{province.pk}/2024/",
            "/pk/",
            f"/pk/{commission.pk}/",
            f"/pk/{commission.pk}/pratinjau/",
            f"/pk/{commission.pk}/riwayat/",
            f"/pemantauan/provinsi/{province.pk}/2024/",
            f"/pemantauan/paket/{package.pk}/",
            "/pemantauan/cetak/",
            f"/capaian/provinsi/{province.pk}/",
            f"/capaian/pk/{commission.pk}/",
            "/pemberitahuan/",
            "/akun/sandi/",
            "/capaian/?tahun=2024",
            "/pemantauan/?tahun=2024",
        ],
    )
    # The dashboard's bars are sized by kinerja.js from their data attributes.
    widths = page.locator(".seg[data-width]").evaluate_all(
        "bars => bars.map(bar => [parseFloat(bar.dataset.width), parseFloat(bar.style.width)])"
    )
    assert widths and all(given == applied for given, applied in widths)
    assert any(given > 0 for given, _ in widths)

    # The year select submits its form on change, as the inline handler did.
    page.locator("select[name=tahun]").select_option("2025")
    page.wait_for_url("**/pemantauan/?tahun=2025")
    # So does the language switch in the header.
    page.locator("header select[name=language]").select_option("en")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("link", name="Change password").is_visible()
    assert problems == []


def test_the_editor_autosaves_and_offers_a_reload_on_conflict_under_the_policy(login, page, problems):
    from django.contrib.auth import get_user_model
    from django.db.models import F

    from kinerja.agreements import lifecycle
    from kinerja.agreements.models import Agreement, RevisionReason, Row
    from kinerja.organisation.models import Unit

    operator = get_user_model().objects.get(username="operator.sorong")
    commission = Agreement.objects.get(unit=Unit.objects.get(code="kpu-96.71"), year=2024)
    draft = lifecycle.agreement_revise(
        agreement=commission, reason=RevisionReason.OFFICIAL, note="Ketua baru", by=operator
    )
    first, second = Row.objects.filter(section__agreement=draft).order_by("section__order", "order")[:2]

    login("operator.sorong")
    visit(page, [f"/pk/{draft.pk}/"])
    page.locator(f"#row-{first.pk} input[name=target]").fill("2")
    page.locator(f"#st-row-{first.pk}").get_by_text("Tersimpan").wait_for()

    # Someone else saves the second row meanwhile: this page's edit meets a conflict.
    Row.objects.filter(pk=second.pk).update(target="7", change_count=F("change_count") + 1)
    page.locator(f"#row-{second.pk} input[name=target]").fill("3")
    conflict = page.locator(f"#st-row-{second.pk} .conflict")
    conflict.wait_for()
    with page.expect_navigation():
        conflict.get_by_role("button", name="Pakai nilai terbaru").click()
    assert page.locator(f"#row-{second.pk} input[name=target]").input_value() == "7"
    assert problems == []


def test_admin_pages_raise_no_policy_violation(login, page, problems):
    from kinerja.agreements.models import Agreement
    from kinerja.organisation.models import Unit

    unit = Unit.objects.get(code="kpu-96.71")
    agreement = Agreement.objects.filter(unit=unit).first()
    login("admin")
    visit(
        page,
        [
            "/admin/",
            "/admin/organisation/unit/",
            f"/admin/organisation/unit/{unit.pk}/change/",
            "/admin/auth/user/add/",
            "/admin/planning/dipa/",
            f"/admin/agreements/agreement/{agreement.pk}/change/",
        ],
    )
    assert problems == []
