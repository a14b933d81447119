"""axe-core finds no serious or critical accessibility fault in the dashboard or the HTML
report, on a phone or a desktop screen."""

from io import StringIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

from tests.test_dashboard_browser import reference_data  # noqa: F401 (a fixture)

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


def serious_faults(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])})"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("width", [390, 1280])
def test_the_dashboard_and_the_report_pass_axe(
    log_in,
    live_server,
    executive,
    agency,
    width,
):
    call_command("import_report", str(SEED), stdout=StringIO())
    call_command("load_ita_demo", agency.slug, stdout=StringIO())
    page = log_in(executive)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/dashboard/?year=2568")
    assert serious_faults(page) == []
    page.goto(f"{live_server.url}/reports/rangsit/2568/")
    assert serious_faults(page) == []
