"""A division officer enters a measure in a real browser (Debian's chromium)."""

from measures.models import Measure


def test_an_officer_adds_a_measure_with_two_steps_and_a_result(
    log_in, live_server, officer, finance_division, strategy_division
):
    page = log_in(officer)

    page.goto(f"{live_server.url}/admin/measures/measure/add/")
    page.fill("#id_fiscal_year", "2568")
    page.fill("#id_titles", "การให้บริการในรูปแบบ ออนไลน์ หรือ E-Service")
    page.fill("#id_started_on", "๑/๑๐/๒๕๖๗")
    page.fill("#id_ended_on", "30/9/2568")
    # The officer's own division comes chosen; no other division is on offer.
    assert page.locator("#id_responsible_divisions_to option").all_inner_texts() == ["สำนักคลัง"]
    assert page.locator("#id_responsible_divisions_from option").count() == 0
    page.fill("#id_steps-0-text", "เพิ่มช่องทางการให้บริการออนไลน์")
    page.click("#steps-group .add-row a")
    page.fill("#id_steps-1-text", "พัฒนาระบบ E-Service ให้ครอบคลุม")
    page.fill("#id_results-0-text", "จัดทำช่องทางให้บริการออนไลน์ <b>ตั้งแต่ ๑ ต.ค.๖๗</b>")
    page.click("input[name=_save]")

    page.wait_for_selector("#result_list")
    listed = page.inner_text("#result_list")
    assert "การให้บริการในรูปแบบ ออนไลน์ หรือ E-Service" in listed
    assert "01/10/2567 - 30/09/2568" in listed
    assert "สำนักคลัง" in listed
    measure = Measure.objects.get()
    assert measure.steps.count() == 2
    assert measure.results.get().text == "จัดทำช่องทางให้บริการออนไลน์ <b>ตั้งแต่ ๑ ต.ค.๖๗</b>"
