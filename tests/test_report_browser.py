"""A coordinator opens the report and downloads its PDF from the measure list, in a real
browser (Debian's chromium)."""

from datetime import date

from measures.models import Measure


def test_a_coordinator_opens_the_report_and_downloads_the_pdf_from_the_measure_list(
    log_in, live_server, coordinator, agency, strategy_division
):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
    )
    measure.responsible_divisions.set([strategy_division])
    page = log_in(coordinator)

    page.goto(f"{live_server.url}/admin/measures/measure/?fiscal_year__exact=2568")
    page.click("text=ดูรายงาน")
    page.wait_for_url(f"{live_server.url}/reports/rangsit/2568/")
    assert "ประจำปีงบประมาณ พ.ศ.๒๕๖๘" in page.inner_text("thead")
    assert page.locator("tbody tr").count() == 1
    assert "การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร" in page.inner_text("tbody")
    # The page's font is the vendored one, served by our own static files.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Laksaman ITA" in family

    page.go_back()
    with page.expect_download() as download_info:
        page.click("text=ดาวน์โหลด PDF")
    download = download_info.value
    assert download.suggested_filename == "ita-report-rangsit-2568.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_the_toolbar_downloads_the_pdf_and_is_not_printed(
    log_in, live_server, coordinator, agency, strategy_division
):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูล",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
    )
    measure.responsible_divisions.set([strategy_division])
    page = log_in(coordinator)

    page.goto(f"{live_server.url}/reports/rangsit/2568/")
    toolbar = page.locator("nav.toolbar")
    assert toolbar.is_visible()
    with page.expect_download() as download_info:
        toolbar.locator("text=ดาวน์โหลด PDF").click()
    assert download_info.value.suggested_filename == "ita-report-rangsit-2568.pdf"

    page.emulate_media(media="print")
    assert not toolbar.is_visible()
    assert page.locator("thead").is_visible()

    page.emulate_media(media="screen")
    toolbar.locator("text=กลับไประบบจัดการข้อมูล").click()
    page.wait_for_url(f"{live_server.url}/admin/measures/measure/?fiscal_year=2568")
