"""The public pages of published reports on a 390 px phone, as anyone reads them: nothing
runs off the side, and every Thai letter is set in the served font, the placeholders in
the open-data addresses (set in a monospace face) included."""

import pytest
from django.urls import reverse

from tests.phone import PHONE, outside_the_served_font, page_width
from tests.test_publication_public import people, published  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")


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
    assert outside_the_served_font(page) == []
