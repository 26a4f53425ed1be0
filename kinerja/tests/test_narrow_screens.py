"""On a phone (390 × 844) no page scrolls sideways (issue #14): wide tables scroll inside
their own box, the editor's rows become stacked cards, the statement one column.

The pages come from the access matrix (`test_access_matrix.EXPECTED`, walked through the
URL resolver), so a page added there is looked at on a phone as well: every GET page that
answers a persona 200 in HTML, asked about Kota Sorong's objects (`sorong_world`). Downloads
(PDF, spreadsheets, documents, archives), the admin and POST-only views are left out.
"""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.tests.test_access_matrix import EXPECTED, PERSONAS, parse_answers, plans_for, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 390, 844
# The personas of the access matrix who look at the pages here; the others see the same
# pages as one of these, or a 404.
PHONE_PERSONAS = ("anonymous", "operator", "ketua", "province_verifier", "central_verifier", "admin")


def candidate_urls(persona: str, world) -> list[str]:
    """The URLs of every GET page the access matrix says `persona` reads (200)."""
    urls = []
    index = PERSONAS.index(persona)
    for route in walk():
        page = EXPECTED.get(route.key)
        if route.namespace == "admin" or page is None or not page.GET or parse_answers(page.GET)[index] != 200:
            continue
        urls += [plan.url for plan in plans_for(route, world, None)]
    return urls


def html_pages(user, urls: list[str]) -> list[str]:
    """Those of `urls` that answer `user` (None: anonymous) with an HTML page, not a download."""
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    pages = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append(url)
    return pages


# The elements that reach past the window's right edge, outermost first, except those
# inside a box that scrolls or clips them (an absolutely positioned element escapes the
# boxes between it and its containing block): what to look at when a page is too wide.
TOO_WIDE = """() => {
  const found = [];
  const clipped = (element) => {
    let position = getComputedStyle(element).position;
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (position === "fixed") return false;
      if (position === "absolute" && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    if (element.getBoundingClientRect().right <= window.innerWidth + 0.5 || clipped(element)) continue;
    if (found.some((outer) => outer.contains(element))) continue;
    const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + [...element.classList].map((c) => "." + c).join("");
    found.push(element);
    found[found.length - 1].label = name + " (" + Math.round(element.getBoundingClientRect().right) + " px)";
  }
  return found.slice(0, 5).map((element) => element.label);
}"""


def sideways(page, urls: list[str]) -> list[str]:
    """The pages among `urls` that are wider than the window: their width and what sticks out."""
    wide = []
    for url in urls:
        response = page.goto(url)
        if response.status != 200:
            wide.append(f"{url}: answered {response.status}")
            continue
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            wide.append(f"{url}: {scroll_width} px, " + ", ".join(page.evaluate(TOO_WIDE)))
    return wide


@pytest.mark.parametrize("persona", PHONE_PERSONAS)
def test_no_page_scrolls_sideways_at_390_px(login, page, sorong_world, personas, persona):
    """Every HTML page the persona reads fits 390 px: the document is never wider than the window."""
    user = None if persona == "anonymous" else getattr(personas, persona)
    urls = candidate_urls(persona, sorong_world)
    if persona in ("operator", "ketua"):
        urls.append(reverse("agreements:edit", args=[sorong_world.revision.pk]))  # a draft's editor
    pages = html_pages(user, urls)
    assert pages, urls
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    if user is not None:
        login(user.username)
    wide = sideways(page, pages)
    assert not wide, f"{len(wide)} of {len(pages)} pages scroll sideways at {WIDTH} px:\n" + "\n".join(wide)


@pytest.mark.django_db(transaction=False)
def test_every_page_is_looked_at_on_a_phone():
    """Every URL pattern outside the admin has its line in the access matrix, so the test
    above knows how to ask it and who reads it: a new page cannot escape the phone."""
    unknown = [
        f"{route.key} ({route.pattern})" for route in walk() if route.namespace != "admin" and route.key not in EXPECTED
    ]
    assert not unknown, "not looked at on a phone; give them a line in the access matrix:\n" + "\n".join(unknown)


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
