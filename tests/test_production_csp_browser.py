"""Every page keeps to the Content-Security-Policy in a real browser: the admin (lists, forms
with inlines and autocompletes, history, users, password reset), the dashboard and the report.
The autouse fixture in conftest.py fails a test on any violation Chromium reports."""

from measures.models import Measure
from tests.test_report_page import add_measures

ADMIN_PAGES = [
    "/admin/",
    "/admin/measures/measure/",
    "/admin/measures/measure/add/",
    "/admin/measures/measure/?fiscal_year__exact=2568&q=มาตรการ",
    "/admin/ita/agencyscore/",
    "/admin/ita/agencyscore/add/",
    "/admin/ita/indicator/add/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/password_change/",
    "/accounts/password_reset/",
    "/accounts/reset/done/",
]


def test_the_admin_the_dashboard_and_the_report_break_no_rule(
    log_in, live_server, admin_user, agency, strategy_division
):
    add_measures(agency, [strategy_division], 2)
    page = log_in(admin_user)
    measure_id = Measure.objects.first().pk

    for path in [
        *ADMIN_PAGES,
        f"/admin/measures/measure/{measure_id}/change/",
        f"/admin/measures/measure/{measure_id}/history/",
        "/dashboard/",
        "/reports/rangsit/2568/",
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]

    # The admin's own scripts still work: the divisions' two-box chooser is drawn, and the
    # ITA indicators' autocomplete opens and searches.
    page.goto(f"{live_server.url}/admin/measures/measure/{measure_id}/change/")
    page.wait_for_selector("#id_responsible_divisions_from")
    page.click(".select2-selection")
    page.keyboard.type("1")
    page.wait_for_selector(".select2-results__message, .select2-results__option")


def test_the_report_prints_from_its_button_without_inline_script(
    log_in, live_server, coordinator, agency, strategy_division
):
    add_measures(agency, [strategy_division], 1)
    page = log_in(coordinator)
    page.add_init_script("window.print = () => { window.printed = true; };")

    page.goto(f"{live_server.url}/reports/rangsit/2568/")
    page.click("button[data-print]")

    assert page.evaluate("window.printed") is True


def test_a_page_that_breaks_the_policy_is_reported_on_the_console(browser, live_server, admin_user):
    # Proves the conftest check can fail: an inline style is refused and Chromium says so.
    page = browser.new_page()
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{live_server.url}/admin/login/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    page.close()

    assert any("Content Security Policy" in message for message in messages)
