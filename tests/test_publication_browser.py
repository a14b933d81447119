"""In a real browser (Debian's chromium): the coordinator submits, the executive returns the
report with a comment, the coordinator submits again, the executive approves, the coordinator
publishes, and an anonymous visitor opens the public page and downloads the stored PDF."""

import hashlib

import pytest

from publication.models import PublishedReport
from tests.conftest import PASSWORD
from tests.test_publication_workflow import YEAR, add_measure

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

WORKFLOW = f"/reports/rangsit/{YEAR}/workflow/"


@pytest.fixture
def open_as(browser, live_server):
    """A fresh browser session, logged in as the user (or anonymous for None)."""
    contexts = []

    def open_page(user=None):
        context = browser.new_context(accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto(f"{live_server.url}/admin/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield open_page
    for context in contexts:
        context.close()


def take(page, live_server, button, comment=""):
    page.goto(f"{live_server.url}{WORKFLOW}")
    if comment:
        page.fill("#id_comment", comment)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    return page.inner_text("#report-state")


def test_a_report_is_returned_approved_published_and_downloaded_by_anyone(
    open_as, live_server, agency, strategy_division, coordinator, executive
):
    add_measure(agency, strategy_division)
    by_coordinator = open_as(coordinator)
    by_executive = open_as(executive)

    assert take(by_coordinator, live_server, "ส่งให้ผู้บริหารพิจารณา") == "ส่งให้ผู้บริหารพิจารณาแล้ว"

    # Returning needs a reason: without one the step is refused and nothing changes.
    take(by_executive, live_server, "ส่งคืนให้แก้ไข")
    assert "กรุณาระบุเหตุผลที่ส่งคืนรายงาน" in by_executive.inner_text("#refusal")
    assert by_executive.inner_text("#report-state") == "ส่งให้ผู้บริหารพิจารณาแล้ว"
    state = take(by_executive, live_server, "ส่งคืนให้แก้ไข", "ขอให้แนบหลักฐานมาตรการที่ ๑")
    assert state == "ส่งคืนให้แก้ไข"

    # The coordinator sees the reason on the dashboard, then submits again.
    by_coordinator.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    assert by_coordinator.inner_text("#report-state") == "ส่งคืนให้แก้ไข"
    assert "ขอให้แนบหลักฐานมาตรการที่ ๑" in by_coordinator.inner_text("#report-last-step")
    assert take(by_coordinator, live_server, "ส่งให้ผู้บริหารพิจารณา", "แนบแล้ว") == (
        "ส่งให้ผู้บริหารพิจารณาแล้ว"
    )
    assert take(by_executive, live_server, "อนุมัติ") == "ผู้บริหารอนุมัติแล้ว"
    assert take(by_coordinator, live_server, "เผยแพร่") == "เผยแพร่แล้ว"
    log = by_coordinator.inner_text("#events")
    assert "ขอให้แนบหลักฐานมาตรการที่ ๑" in log and "เผยแพร่ ฉบับที่ 1" in log

    published = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    visitor = open_as(None)
    visitor.goto(f"{live_server.url}/public/rangsit/{YEAR}/")
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in visitor.inner_text("h1")
    frame = visitor.frame_locator("iframe.report")
    assert "การเปิดเผยข้อมูลสาธารณะ" in frame.locator("tbody").inner_text()
    assert published.sha256 in visitor.inner_text("body")
    with visitor.expect_download() as download_info:
        visitor.click("#latest-pdf")
    download = download_info.value
    assert download.suggested_filename == f"ita-report-rangsit-{YEAR}-v1.pdf"
    with open(download.path(), "rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == published.sha256
