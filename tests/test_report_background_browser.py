"""In a real browser (Debian's chromium), the report toolbar's download of a large report
leads to the progress page, which downloads the PDF by itself when it is ready, with no
script and nothing the Content-Security-Policy refuses."""

import pytest

from measures.models import Measure

pytestmark = pytest.mark.usefixtures("media_root")


def test_the_progress_page_downloads_the_large_report_by_itself(
    log_in, live_server, coordinator, agency, settings
):
    settings.REPORT_BACKGROUND_MEASURES = 2
    for number in range(1, 4):
        Measure.objects.create(agency=agency, fiscal_year=2568, titles=f"มาตรการที่ {number}")
    page = log_in(coordinator)
    page.goto(f"{live_server.url}/reports/rangsit/2568/")

    with page.expect_download(timeout=60_000) as download_info:
        page.locator("nav.toolbar").locator("text=ดาวน์โหลด PDF").click()
        page.wait_for_url(f"{live_server.url}/reports/rangsit/2568/pdf/*/")
        assert page.inner_text("[role=status]") == "ไฟล์ PDF พร้อมแล้ว"

    download = download_info.value
    assert download.suggested_filename == "ita-report-rangsit-2568.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert page.get_by_role("link", name="ดาวน์โหลด PDF").is_visible()
