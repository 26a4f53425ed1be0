"""On a phone (390 × 844) no page scrolls sideways (issue #14): wide tables scroll inside
their own box, the editor's rows become stacked cards, the statement one column."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844


def pages_of(persona: str) -> list[str]:
    from kinerja.agreements.models import Agreement
    from kinerja.organisation.models import Unit
    from kinerja.submissions.models import CompilationPackage

    commission = Agreement.objects.get(unit__code="kpu-96.71", year=2024)
    secretariat = Agreement.objects.get(unit__code="sekretariat-96.71", year=2024)
    province = Unit.objects.get(code="kpu-96")
    common = [
        reverse("home"),
        reverse("agreements:list"),
        reverse("notifications:list"),
        reverse("organisation:index"),
        reverse("planning:index"),
        reverse("planning:unit", args=[commission.unit_id, 2024]),
        reverse("signatures:verify_index"),
    ]
    if persona == "operator.sorong":
        return common + [
            commission.get_absolute_url(),
            secretariat.get_absolute_url(),
            reverse("documents:preview", args=[commission.pk]),
            reverse("agreements:history", args=[commission.pk]),
            reverse("monitoring:agreement", args=[commission.pk]),
        ]
    package = CompilationPackage.objects.filter(province=province).first()
    return common + [
        reverse("submissions:province", args=[province.pk, 2024]),
        reverse("submissions:package", args=[package.pk]),
        reverse("monitoring:province", args=[province.pk]) + "?tahun=2024",
    ]


@pytest.mark.parametrize("persona", ["operator.sorong", "verifikator.pbd"])
def test_no_page_scrolls_sideways_at_390_px(login, page, persona):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(persona)
    wide = []
    for url in pages_of(persona):
        response = page.goto(url)
        assert response.status == 200, url
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            wide.append(f"{url}: {scroll_width} px")
    assert wide == []


def test_the_editor_rows_are_stacked_cards_on_a_phone(login, page, sorong_agreements):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login("operator.sorong")
    commission, _secretariat = sorong_agreements
    page.goto(commission.get_absolute_url())
    row = page.locator(".pk-table tr[id^=row-]").first
    box = row.bounding_box()
    assert box["width"] <= WIDTH
    indicator = row.locator("textarea[name=indicator_text]").bounding_box()
    assert indicator["width"] > WIDTH * 0.6  # not the 70 px box of a squeezed table column
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
