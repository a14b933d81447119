"""An executive opens the dashboard in a real browser (Debian's chromium)."""

from importlib import import_module
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from ita.models import AssessmentYear

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
ARTIFACTS = settings.BASE_DIR / "test-results"


@pytest.fixture
def reference_data(transactional_db):
    """The ITA years and indicators the data migration loads. Live-server tests empty every
    table when they finish, so a live-server test that follows another loads them again."""
    if not AssessmentYear.objects.exists():
        import_module("ita.migrations.0002_load_reference_data").load(apps, None)


def test_an_executive_reads_the_dashboard_sorts_it_and_opens_the_report(
    log_in, live_server, reference_data, executive, agency
):
    call_command("import_report", str(SEED), stdout=StringIO())
    call_command("load_ita_demo", agency.slug, stdout=StringIO())
    page = log_in(executive)

    page.goto(f"{live_server.url}/dashboard/?year=2568")
    assert page.inner_text("#latest-score") == "๙๙.๗๐"
    assert page.inner_text("#latest-level") == "ผ่านดีเยี่ยม"
    assert page.inner_text("#latest-change") == "+๑.๔๕"

    def numbers_of_strategy_division():
        table = page.locator(".division", has_text="กองยุทธศาสตร์และงบประมาณ")
        return table.locator("tbody td.number:first-child").all_inner_texts()

    assert numbers_of_strategy_division() == ["๑", "๒", "๔", "๕"]
    division = page.locator(".division", has_text="กองยุทธศาสตร์และงบประมาณ")
    division.locator("thead th a", has_text="ที่").click()  # sorted ascending: now descending
    page.wait_for_url("**sort=-number**")
    assert numbers_of_strategy_division() == ["๕", "๔", "๒", "๑"]

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=Path(ARTIFACTS, "dashboard.png"), full_page=True)

    page.click("a.report-link >> nth=0")
    page.wait_for_url("**/reports/rangsit/2568/")
    assert "เทศบาลนครรังสิต" in page.content()
