"""In a real browser (Debian's chromium): a division officer reads another division's
measure without any way to change it, and changes their own."""

import pytest

from measures.models import Measure


@pytest.fixture
def two_measures(agency, finance_division, strategy_division):
    own = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการของสำนักคลัง")
    own.responsible_divisions.add(finance_division)
    own.steps.create(text="ขั้นตอนของสำนักคลัง")
    other = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการของกองยุทธ")
    other.responsible_divisions.add(strategy_division)
    other.steps.create(text="ขั้นตอนของกองยุทธ")
    return own, other


def test_an_officer_cannot_change_another_divisions_measure(
    log_in, live_server, officer, two_measures
):
    _, other = two_measures
    page = log_in(officer)

    page.goto(f"{live_server.url}/admin/measures/measure/{other.pk}/change/")

    assert "มาตรการของกองยุทธ" in page.inner_text("#content")
    assert "ขั้นตอนของกองยุทธ" in page.inner_text("#steps-group")
    assert page.locator("input[name=_save]").count() == 0
    assert page.locator("#id_titles, #id_outcome, textarea, select").count() == 0
    assert not page.locator("#steps-group .add-row").is_visible()


def test_an_officer_changes_their_own_divisions_measure(log_in, live_server, officer, two_measures):
    own, _ = two_measures
    page = log_in(officer)

    page.goto(f"{live_server.url}/admin/measures/measure/{own.pk}/change/")
    assert page.locator("#steps-group .add-row").is_visible()
    page.fill("#id_outcome", "ประชาชนเข้าถึงข้อมูลการเงินได้ง่าย")
    page.fill("#id_steps-0-text", "ขั้นตอนที่ปรับปรุงแล้ว")
    page.click("input[name=_save]")

    page.wait_for_selector("#result_list")
    own.refresh_from_db()
    assert own.outcome == "ประชาชนเข้าถึงข้อมูลการเงินได้ง่าย"
    assert [s.text for s in own.steps.all()] == ["ขั้นตอนที่ปรับปรุงแล้ว"]
    assert [d.name for d in own.responsible_divisions.all()] == ["สำนักคลัง"]
