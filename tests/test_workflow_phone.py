"""The report's workflow page on a 390 px phone, where an executive approves and the
coordinator publishes: nothing runs off the side, the comment box fits, and the tables of
steps and published versions scroll within themselves."""

import pytest
from django.urls import reverse

from publication.models import ReportState
from tests.phone import PHONE, page_width
from tests.test_publication_workflow import add_measure

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

A = ReportState.Action


def test_the_workflow_page_fits_a_phone(
    log_in, live_server, agency, strategy_division, coordinator, executive, tmp_path
):
    add_measure(agency, strategy_division)
    report = ReportState.for_year(agency, 2568)
    report.apply(coordinator, A.SUBMIT, "ส่งให้ผู้บริหารพิจารณา")
    report.apply(executive, A.APPROVE, "อนุมัติ")
    report.apply(coordinator, A.PUBLISH, "")

    page = log_in(coordinator)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("publication:workflow", args=[agency.slug, 2568]))
    # The published state: the reopen button and its comment box, the steps, the version.
    assert page.locator("#events tbody tr").count() == 3
    assert page.locator("#versions tbody tr").count() == 1
    assert page_width(page) <= 390
    for selector in ("#id_comment", "#events", "#versions"):
        box = page.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    page.screenshot(path=tmp_path / "workflow-390.png", full_page=True)
    assert (tmp_path / "workflow-390.png").stat().st_size > 10_000
