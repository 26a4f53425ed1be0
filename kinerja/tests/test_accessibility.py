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
