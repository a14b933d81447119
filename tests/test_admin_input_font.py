"""Every admin page, the login page included, is set in the project's own Thai font, served
from our static files: without a Thai system font the admin would be empty boxes. This
machine has no Thai system font, so the browser test fails if the served face is not used."""

import pytest
from django.urls import reverse

from measures.models import Measure
from tests.phone import outside_the_served_font

STYLESHEET = '<link rel="stylesheet" href="/static/admin-extra/admin.css">'


@pytest.fixture
def measure(agency):
    return Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการทดสอบ")


def test_the_login_page_links_the_font_stylesheet(client):
    assert STYLESHEET in client.get(reverse("admin:login")).text


def test_every_kind_of_admin_page_links_the_font_stylesheet(client, coordinator, measure):
    client.force_login(coordinator)
    for url in [
        reverse("admin:index"),
        reverse("admin:measures_measure_changelist"),
        reverse("admin:measures_measure_add"),
        reverse("admin:measures_measure_change", args=[measure.pk]),
        reverse("admin:measures_measure_delete", args=[measure.pk]),
        reverse("admin:measures_measure_history", args=[measure.pk]),
        reverse("admin:ita_agencyscore_changelist"),
        reverse("admin:password_change"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert STYLESHEET in response.text, url


def test_the_stylesheet_names_the_served_font_files(client):
    from django.contrib.staticfiles import finders

    css = open(finders.find("admin-extra/admin.css"), encoding="utf-8").read()
    assert 'url("../fonts/LaksamanITA-Regular.ttf")' in css
    assert 'url("../fonts/LaksamanITA-Bold.ttf")' in css
    assert finders.find("fonts/LaksamanITA-Regular.ttf")
    assert finders.find("fonts/LaksamanITA-Bold.ttf")


FONT_STATE = """async () => {
  await document.fonts.ready;
  const faces = [...document.fonts].filter(f => f.family.replace(/"/g, "") === "Laksaman ITA");
  return {
    loaded: faces.filter(f => f.status === "loaded").map(f => f.weight),
    body: getComputedStyle(document.body).fontFamily,
    input: getComputedStyle(document.querySelector("input:not([type=hidden])")).fontFamily,
    thai: document.fonts.check('14px "Laksaman ITA"', "ทะเบียนมาตรการ"),
  };
}"""


def test_the_browser_sets_the_login_and_the_measure_form_in_the_served_font(
    page, live_server, log_in, coordinator
):
    font = page.request.get(f"{live_server.url}/static/fonts/LaksamanITA-Regular.ttf")
    assert font.status == 200
    assert len(font.body()) > 50_000

    page.goto(f"{live_server.url}/admin/login/")
    state = page.evaluate(FONT_STATE)
    assert "normal" in state["loaded"]
    assert state["body"].startswith('"Laksaman ITA"')
    assert state["input"].startswith('"Laksaman ITA"')
    assert state["thai"]

    assert outside_the_served_font(page, controls=True) == []

    log_in(coordinator)
    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    # The divisions' chooser, which the admin's script builds, has Thai text on buttons.
    page.locator("#id_responsible_divisions_add_all").wait_for()
    assert outside_the_served_font(page, controls=True) == []
    state = page.evaluate(FONT_STATE)
    # Headings and the save button are bold: both faces are fetched and used.
    assert sorted(state["loaded"]) == ["bold", "normal"]
    assert state["body"].startswith('"Laksaman ITA"')
    assert state["input"].startswith('"Laksaman ITA"')
