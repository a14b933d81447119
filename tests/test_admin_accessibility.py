"""axe-core finds no serious or critical accessibility fault on the admin pages a clerk uses
most: the login page, the measure list and the measure form (adding and changing)."""

from datetime import date

from axe_playwright_python.sync_playwright import Axe

from measures.models import Measure, Result, Step


def serious_faults(page):
    # Without preloading: axe copies an @import-ed stylesheet (forms.css imports widgets.css)
    # into an inline <style>, which the page's Content-Security-Policy rightly refuses.
    results = Axe().run(page, options={"resultTypes": ["violations"], "preload": False})
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])})"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_login_page_passes_axe(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    assert serious_faults(page) == []


def test_the_measure_list_and_form_pass_axe(log_in, live_server, coordinator, strategy_division):
    measure = Measure.objects.create(
        agency=coordinator.profile.agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูล และ <b>ประชาสัมพันธ์</b>",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
        status="in_progress",
        progress=40,
    )
    measure.responsible_divisions.set([strategy_division])
    Step.objects.create(measure=measure, text="ปรับปรุงเว็บไซต์")
    Result.objects.create(measure=measure, text="ลงประกาศ", done_on=date(2024, 10, 1))
    page = log_in(coordinator)
    for path in [
        "/admin/measures/measure/",
        "/admin/measures/measure/add/",
        f"/admin/measures/measure/{measure.pk}/change/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert serious_faults(page) == [], path
