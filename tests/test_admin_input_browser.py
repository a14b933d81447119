"""A clerk types a fiscal year in Thai digits in a real browser (Debian's chromium): the
digits stay in the box, and the measure is filed under that year."""

from measures.models import Measure


def test_a_year_typed_in_thai_digits_is_kept_and_saved(log_in, live_server, coordinator):
    page = log_in(coordinator)
    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    year = page.locator("#id_fiscal_year")
    year.fill("")
    year.press_sequentially("๒๕๖๘")
    # An <input type=number> would hold nothing here.
    assert year.input_value() == "๒๕๖๘"
    page.fill("#id_titles", "การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร")
    page.fill("#id_started_on", "๑/๑๐/๒๕๖๗")
    progress = page.locator("#id_progress")
    progress.fill("")
    progress.press_sequentially("๐")
    page.click("input[name=_save]")

    page.wait_for_selector("#result_list")
    measure = Measure.objects.get()
    assert (measure.fiscal_year, measure.progress) == (2568, 0)


def test_a_wrong_year_comes_back_as_typed_with_a_thai_message(log_in, live_server, coordinator):
    page = log_in(coordinator)
    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    page.fill("#id_fiscal_year", "๒๐๒๕")
    page.fill("#id_titles", "มาตรการ")
    page.click("input[name=_save]")

    page.wait_for_selector(".error-summary")
    assert page.locator("#id_fiscal_year").input_value() == "๒๐๒๕"
    summary = page.inner_text(".error-summary")
    assert 'ปีงบประมาณ (พ.ศ.): ปีต้องเป็นปีพุทธศักราช เช่น 2568 (กรอกไว้ "๒๐๒๕")' in summary
    assert not Measure.objects.exists()
