"""An executive reads the dashboard on a 390 px phone: no sideways scrolling, tables as
labelled cards, the month grid drawn with its labels above the bars."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command

from ita.models import AgencyScore
from measures.models import Measure
from tests.phone import PHONE, overflowing, page_width, syllable_breaks
from tests.test_dashboard_browser import reference_data  # noqa: F401 (a fixture)

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
CUT_OFF_TEXT = """svg => [...svg.querySelectorAll('text')].filter(text => {
    const box = text.getBBox();
    return box.x < 0 || box.x + box.width > svg.viewBox.baseVal.width;
  }).map(text => text.textContent)"""


@pytest.mark.usefixtures("reference_data")
@time_machine.travel(date(2025, 6, 15), tick=True)
def test_the_dashboard_fits_a_phone_and_reads_as_cards(
    log_in,
    live_server,
    executive,
    agency,
    tmp_path,  # noqa: F811
):
    call_command("import_report", str(SEED), stdout=StringIO())
    call_command("load_ita_demo", agency.slug, stdout=StringIO())
    # The demo has no IIT / EIT / OIT scores; give 2568 some so their bars are drawn.
    AgencyScore.objects.filter(assessment_year__year_be=2568).update(
        iit="99.10", eit="98.75", oit="100"
    )
    Measure.objects.filter(number=1).update(
        status=Measure.Status.IN_PROGRESS, progress=60, ended_on=date(2025, 6, 1)
    )
    page = log_in(executive)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/dashboard/?year=2568")

    assert page_width(page) <= 390
    assert overflowing(page, "td, .card, .attention-card") == []
    assert page.inner_text("#latest-change") == "+๑.๔๕"
    assert "มาตรการที่ ๑" in page.inner_text("#attention-overdue")

    row = page.locator("table.measures tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    labels = row.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels[:4] == ['"ที่"', '"มาตรการ"', '"ระยะเวลา"', '"สถานะ"']

    for chart in ("month-grid", "score-chart", "instrument-bars"):
        narrow = page.locator(f"svg.{chart}.narrow")
        assert narrow.is_visible()
        assert not page.locator(f"svg.{chart}.wide").is_visible()
        # Drawn at the phone's width, so its text is not shrunk to a blur …
        scale = narrow.evaluate(
            "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
        )
        assert scale > 0.9
        # … and no text runs off its edges.
        cut_off = narrow.evaluate(CUT_OFF_TEXT)
        assert cut_off == []

    breaks = syllable_breaks(page, "main")
    assert breaks["inside"] == []

    page.screenshot(path=tmp_path / "dashboard-390.png", full_page=True)
    assert (tmp_path / "dashboard-390.png").stat().st_size > 10_000

    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("svg.month-grid.wide").is_visible()
    assert page.locator("svg.score-chart.wide").is_visible()
    assert row.evaluate("r => getComputedStyle(r).display") == "table-row"
