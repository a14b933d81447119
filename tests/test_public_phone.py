"""The public pages of published reports on a 390 px phone, as anyone reads them: nothing
runs off the side, and every Thai letter is set in the served font, the placeholders in
the open-data addresses (set in a monospace face) included."""

import pytest
from django.urls import reverse

from tests.phone import page_width
from tests.test_publication_public import people, published  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

PHONE = {"width": 390, "height": 844}

# Shown elements holding Thai text whose font list lacks the served font: without a Thai
# system font (this machine has none) their letters would be empty boxes.
THAI_WITHOUT_THE_FONT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    const family = getComputedStyle(element).fontFamily;
    if (/[\\u0e00-\\u0e7f]/.test(walker.currentNode.nodeValue)
        && element.getClientRects().length && !family.includes('"Laksaman ITA"')) {
      found.push(element.tagName + " " + walker.currentNode.nodeValue.trim());
    }
  }
  return found;
}"""


@pytest.mark.parametrize("page_name", ["index", "agency", "year"])
def test_a_public_page_fits_a_phone_in_the_served_font(page, live_server, published, page_name):  # noqa: F811
    args = {"index": [], "agency": ["rangsit"], "year": ["rangsit", published.fiscal_year]}
    page.set_viewport_size(PHONE)
    response = page.goto(
        live_server.url + reverse(f"publication:{page_name}", args=args[page_name])
    )
    assert response.status == 200
    assert page.locator("table").count()
    assert page_width(page) <= 390
    assert page.evaluate(THAI_WITHOUT_THE_FONT) == []
