"""On a 390 px phone the HTML report shows each measure as a card that names its columns,
never breaks Thai inside a syllable and never scrolls sideways; print keeps the table."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command

from tests.phone import PHONE, overflowing, page_width, syllable_breaks

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


def test_on_a_phone_each_measure_is_a_readable_card(
    log_in, live_server, coordinator, agency, tmp_path
):
    call_command("import_report", str(SEED), stdout=StringIO())
    page = log_in(coordinator)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/reports/rangsit/2568/")

    assert page_width(page) <= 390
    assert overflowing(page, "table.report td") == []
    # Each of the toolbar's links and buttons reads on one line (the toolbar wraps instead).
    lines = page.locator(".toolbar a, .toolbar button").evaluate_all(
        """items => items.map(item => {
          const range = document.createRange();
          range.selectNodeContents(item);
          return [item.innerText, range.getClientRects().length];
        })"""
    )
    assert len(lines) == 5
    assert [text for text, count in lines if count != 1] == []
    first = page.locator("tbody tr").first
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    # Every part of the card carries its column's name.
    labels = first.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert labels[1] == '"มาตรการ/โครงการ/กิจกรรม"'
    assert labels[3] == '"ระยะเวลาดำเนินการ"'
    # The header row is only for screen readers now.
    assert page.locator("tr.columns").bounding_box()["width"] <= 1

    breaks = syllable_breaks(page, "table.report tbody")
    assert breaks["breaks"] > 20  # the cards wrap many lines of Thai …
    assert breaks["inside"] == []  # … and none inside a syllable

    page.screenshot(path=tmp_path / "report-390.png", full_page=True)
    assert (tmp_path / "report-390.png").stat().st_size > 10_000


def test_print_and_a_wide_screen_keep_the_table(log_in, live_server, coordinator, agency, tmp_path):
    call_command("import_report", str(SEED), stdout=StringIO())
    page = log_in(coordinator)
    page.set_viewport_size(PHONE)
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/reports/rangsit/2568/")
    cell = page.locator("tbody td").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == "none"
    assert page.locator("tr.columns").is_visible()

    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
    assert page.locator("tr.columns").is_visible()
