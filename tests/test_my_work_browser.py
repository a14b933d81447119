"""In a real browser at 390 px (Debian's chromium): a division officer logs in, lands on their
own work, and sets a measure's status and adds a result without opening the change form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from measures.models import Measure, current_fiscal_year


@pytest.fixture
def measures(agency, finance_division, strategy_division):
    today = timezone.localdate()
    own = Measure.objects.create(
        agency=agency,
        fiscal_year=current_fiscal_year(),
        number=1,
        titles="มาตรการของสำนักคลัง",
        ended_on=today + timedelta(days=10),
    )
    own.responsible_divisions.add(finance_division)
    other = Measure.objects.create(
        agency=agency, fiscal_year=current_fiscal_year(), number=2, titles="มาตรการของกองยุทธ"
    )
    other.responsible_divisions.add(strategy_division)
    return own, other


def test_an_officer_updates_a_measure_from_my_work_on_a_phone(
    log_in, live_server, officer, measures
):
    own, _ = measures
    page = log_in(officer)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.url == f"{live_server.url}/my/"
    assert "มาตรการของกองยุทธ" not in page.inner_text("main")
    card = page.locator(f"#measure-{own.pk}")
    assert card.locator("xpath=ancestor::section").get_attribute("id") == "group-due_soon"
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Done at 40 per cent is refused in Thai, with what was typed kept.
    card.locator("select[name$=-status]").select_option("done")
    card.locator("input[name$=-progress]").fill("40")
    card.get_by_role("button", name="บันทึกสถานะ").click()
    card = page.locator(f"#measure-{own.pk}")
    assert "คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น" in card.inner_text()
    assert card.locator("input[name$=-progress]").input_value() == "40"
    own.refresh_from_db()
    assert (own.status, own.progress) == ("not_started", 0)

    card.locator("select[name$=-status]").select_option("in_progress")
    card.get_by_role("button", name="บันทึกสถานะ").click()
    page.wait_for_url(f"{live_server.url}/my/#measure-{own.pk}")
    assert "บันทึกสถานะมาตรการลำดับที่ 1 แล้ว: กำลังดำเนินการ ร้อยละ 40" in page.inner_text(".messages")
    own.refresh_from_db()
    assert (own.status, own.progress) == ("in_progress", 40)

    card = page.locator(f"#measure-{own.pk}")
    card.get_by_text("เพิ่มผลการดำเนินการ").click()
    card.locator("textarea[name$=-text]").fill("จัดประชุมชี้แจงแล้ว")
    card.locator("input[name$=-done_on]").fill("01/11/2569")
    card.locator("textarea[name$=-evidence_links]").fill("https://www.rangsit.go.th/news/9")
    card.get_by_role("button", name="เพิ่มผล").click()
    page.wait_for_url(f"{live_server.url}/my/#measure-{own.pk}")
    assert "ผลการดำเนินการ 1 รายการ" in page.locator(f"#measure-{own.pk}").inner_text()
    result = own.results.get()
    assert result.text == "จัดประชุมชี้แจงแล้ว"
    assert result.history.get().history_user == officer
