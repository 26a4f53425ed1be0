"""Accessibility in a real browser (issue #14): axe-core finds nothing serious or critical on the
main pages, and the editor works with the keyboard alone, every focused control visibly so.

axe-core (`vendor/axe.min.js`) is a test-only file: it never ships to users. The pages'
Content-Security-Policy allows no inline script, so it is not added as a <script> element but
evaluated by Playwright in the page, which the policy does not govern.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from kinerja.documents.codes import code_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands, each with its rule, impact and elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => ({target: n.target.join(" "), impact: n.impact, summary: n.failureSummary})),
        }))"""
    )


def pages_of(persona: str, world) -> list[str]:
    """The main pages of each persona, about Kota Sorong's objects (`sorong_world`)."""
    province = world.province
    if persona == "anonymous":
        return [
            reverse("login"),
            reverse("signatures:verify_index"),
            reverse("signatures:verify", args=[code_for(world.commission)]),
        ]
    common = [reverse("home"), reverse("agreements:list"), reverse("notifications:list")]
    if persona == "operator":
        return common + [
            reverse("agreements:edit", args=[world.revision.pk]),  # a draft, in the editor
            reverse("agreements:edit", args=[world.commission.pk]),  # received by KPU, read only
            reverse("documents:preview", args=[world.commission.pk]),
            reverse("planning:index"),
            reverse("planning:unit", args=[world.sorong.pk, world.year]),
            reverse("monitoring:agreement", args=[world.commission.pk]),
        ]
    return common + [
        reverse("submissions:province", args=[province.pk, world.year]),
        reverse("submissions:package", args=[world.package.pk]),
        reverse("monitoring:province", args=[province.pk]) + f"?tahun={world.year}",
        reverse("planning:province", args=[province.pk, world.year]),
    ]


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("persona", ["anonymous", "operator", "province_verifier"])
def test_main_pages_have_no_serious_accessibility_violation(login, page, sorong_world, personas, persona, width):
    """axe-core reports no violation of impact serious or critical on the persona's main pages,
    on a desktop and on a phone (where wide tables scroll inside their own box)."""
    page.set_viewport_size({"width": width, "height": 844})
    if persona != "anonymous":
        login(getattr(personas, persona).username)
    found = []
    for url in pages_of(persona, sorong_world):
        response = page.goto(url)
        assert response.status == 200, url
        for violation in axe_violations(page):
            nodes = [node for node in violation["nodes"] if node["impact"] in SERIOUS]
            if nodes:
                targets = "; ".join(node["target"] for node in nodes[:8]) + (" …" if len(nodes) > 8 else "")
                found.append(f"{url}: {violation['id']} ({violation['impact']}, {len(nodes)}×): {targets}")
    assert not found, f"{len(found)} serious or critical accessibility violations:\n" + "\n".join(found)


# The keyboard ------------------------------------------------------------------

# What has the focus, and whether it shows it: an outline or a box shadow drawn while it has it
# (the stylesheet's :focus-visible ring, a field's :focus ring).
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const text = element.tagName === "BUTTON" || element.tagName === "A" ? element.textContent.trim() : "";
  const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.name ? "[name=" + element.name + "]" : "") + (text ? " '" + text.slice(0, 30) + "'" : "");
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {name: name, visible: outline || style.boxShadow !== "none"};
}"""


class Keyboard:
    """Moves the focus with Tab and Shift+Tab only, noting every element that takes it without showing it."""

    def __init__(self, page):
        self.page = page
        self.unseen: list[str] = []

    def focused(self) -> str:
        focus = self.page.evaluate(FOCUSED)
        if not focus["visible"] and focus["name"] not in self.unseen:
            self.unseen.append(focus["name"])
        return focus["name"]

    def tab_to(self, selector: str, *, back: bool = False, limit: int = 400) -> None:
        """Press Tab (or Shift+Tab) until the element `selector` has the focus."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            self.focused()
            if self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"{selector} never took the focus in {limit} presses of Tab")

    def has_focus(self, selector: str) -> bool:
        return self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def test_the_editor_works_with_the_keyboard_alone(login, page, sorong_agreements):
    """The operator reaches a row's target with Tab, types a new one, leaves the field and it is
    stored; Shift+Tab goes back; the row's buttons and '+ Baris' are reached with Tab, Enter adds
    a row, and the focus lands in the new row, whose fields save too. Every element that takes the
    focus on the way shows it."""
    from kinerja.agreements.models import Row

    commission, _secretariat = sorong_agreements
    row = next(
        r
        for r in Row.objects.filter(section__agreement=commission).order_by("section__order", "order")
        if not r.takes_grade
    )
    section = row.section
    rows_before = section.rows.count()
    login("operator.sorong")
    page.goto(commission.get_absolute_url())
    keyboard = Keyboard(page)

    keyboard.tab_to(f"#row-{row.pk} input[name=target]")
    page.keyboard.press("Control+A")
    page.keyboard.type("87")
    keyboard.tab_to(f"#row-{row.pk} input[name=measure_unit]")
    page.locator(f"#st-row-{row.pk}").get_by_text("Tersimpan").wait_for()
    row.refresh_from_db()
    assert row.target == "87"
    keyboard.tab_to(f"#row-{row.pk} input[name=target]", back=True)
    assert page.evaluate("document.activeElement.value") == "87"

    # The row's own buttons, then the section's '+ Baris'.
    for title in ("Naikkan", "Turunkan", "Hapus baris"):
        keyboard.tab_to(f"#row-{row.pk} button[title='{title}']")
    keyboard.tab_to(f"#section-{section.pk} button.row-add")
    page.keyboard.press("Enter")
    page.locator(f"#section-{section.pk} tr.pk-row").nth(rows_before).wait_for()
    assert section.rows.count() == rows_before + 1
    new_row = section.rows.order_by("-order").first()
    # The focus is in the new row, ready for its first field.
    page.wait_for_function("(row) => document.activeElement.closest(row) !== null", arg=f"#row-{new_row.pk}")
    keyboard.focused()
    keyboard.tab_to(f"#row-{new_row.pk} textarea[name=indicator_text]")
    page.keyboard.press("Control+A")  # over the new row's placeholder text
    page.keyboard.type("Persentase laporan tepat waktu")
    keyboard.tab_to(f"#row-{new_row.pk} input[name=target]")
    page.keyboard.type("90")
    page.keyboard.press("Tab")
    page.locator(f"#st-row-{new_row.pk}").get_by_text("Tersimpan").wait_for()
    new_row.refresh_from_db()
    assert (new_row.indicator_text, new_row.target) == ("Persentase laporan tepat waktu", "90")

    assert not keyboard.unseen, "focused without a visible focus indicator:\n" + "\n".join(keyboard.unseen)


def test_moving_or_deleting_a_row_leaves_the_keyboard_focus_in_place(login, page, sorong_agreements):
    """The attachment is drawn anew after a move or a delete; the focus stays on the moved row's
    arrow, and after a delete goes to its section's '+ Baris', not back to the top of the page."""
    from kinerja.agreements.models import Row

    commission, _secretariat = sorong_agreements
    section = commission.sections.order_by("order").first()
    first, second = section.rows.order_by("order")[:2]
    login("operator.sorong")
    page.goto(commission.get_absolute_url())
    keyboard = Keyboard(page)

    keyboard.tab_to(f"#row-down-{first.pk}")
    page.keyboard.press("Enter")
    page.locator(f"#section-{section.pk} tr.pk-row").first.and_(page.locator(f"#row-{second.pk}")).wait_for()
    assert list(section.rows.order_by("order").values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    page.wait_for_function("(id) => document.activeElement.id === id", arg=f"row-down-{first.pk}")

    page.once("dialog", lambda dialog: dialog.accept())  # 'Hapus baris ini?', answered with Enter by a person
    keyboard.tab_to(f"#row-{first.pk} button[title='Hapus baris']")
    page.keyboard.press("Enter")
    page.locator(f"#row-{first.pk}").wait_for(state="detached")
    assert not Row.objects.filter(pk=first.pk).exists()
    page.wait_for_function("(id) => document.activeElement.id === id", arg=f"row-add-{section.pk}")
    keyboard.focused()
    assert not keyboard.unseen, "focused without a visible focus indicator:\n" + "\n".join(keyboard.unseen)
