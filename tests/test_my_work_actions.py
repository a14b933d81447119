"""The quick actions of /my/ change a measure as its change form would: only for who may,
never in a published year, never over someone else's newer save, always in the audit trail."""

from datetime import date

import pytest
import time_machine

from measures.models import ClosedYear, Measure, Result, Step
from measures.stale import Tracked

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    # Ticking: the audit trail tells versions apart by their time.
    with time_machine.travel(TODAY, tick=True):
        yield


def make(agency, number, division=None, **fields):
    measure = Measure.objects.create(
        agency=agency, fiscal_year=2568, number=number, titles=f"มาตรการ {number}", **fields
    )
    if division is not None:
        measure.responsible_divisions.add(division)
    return measure


@pytest.fixture
def finance(agency, finance_division):
    return make(agency, 1, finance_division, ended_on=date(2025, 9, 30))


@pytest.fixture
def strategy(agency, strategy_division):
    return make(agency, 2, strategy_division)


@pytest.fixture
def foreign(other_agency, other_division):
    return make(other_agency, 1, other_division)


def set_status(client, measure, status, progress, version=None):
    if version is None:
        version = Tracked(measure, []).version()
    return client.post(
        f"/my/measures/{measure.pk}/status/",
        {
            f"m{measure.pk}-status": status,
            f"m{measure.pk}-progress": progress,
            f"m{measure.pk}-version": version,
        },
    )


def stored(measure):
    measure.refresh_from_db()
    return measure.status, measure.progress


def test_an_officer_sets_their_measures_status_and_the_trail_names_them(client, officer, finance):
    client.force_login(officer)
    response = set_status(client, finance, "in_progress", "40")
    assert response.status_code == 302
    assert response.url == f"/my/#measure-{finance.pk}"
    assert stored(finance) == ("in_progress", 40)
    latest = finance.history.latest()
    assert latest.history_user == officer
    assert latest.history_change_reason == "ปรับสถานะจากหน้างานของฉัน"
    follow = client.get("/my/").content.decode()
    assert "บันทึกสถานะมาตรการลำดับที่ 1 แล้ว" in follow


@pytest.mark.parametrize(
    ("user", "measure", "code"),
    [
        ("officer", "strategy", 403),
        ("officer", "foreign", 404),
        ("strategy_officer", "finance", 403),
        ("executive", "finance", 403),
        ("roleless", "finance", 403),
        ("other_coordinator", "finance", 404),
        ("other_officer", "finance", 404),
    ],
)
def test_nobody_changes_a_measure_they_may_not(user, measure, code, client, request):
    measure = request.getfixturevalue(measure)
    client.force_login(request.getfixturevalue(user))
    before = stored(measure), measure.history.count()
    assert set_status(client, measure, "in_progress", "10").status_code == code
    response = client.post(f"/my/measures/{measure.pk}/results/", {f"r{measure.pk}-text": "ผล"})
    assert response.status_code == code
    assert (stored(measure), measure.history.count()) == before
    assert not Result.objects.exists()


@pytest.mark.parametrize("user", ["coordinator", "admin_user", "strategy_officer"])
def test_coordinators_administrators_and_any_officer_change_a_measure_of_every_division(
    user, client, agency, request
):
    every = make(agency, 3, is_every_division=True)
    client.force_login(request.getfixturevalue(user))
    assert set_status(client, every, "in_progress", "10").status_code == 302
    assert stored(every) == ("in_progress", 10)


def test_anonymous_posts_go_to_log_in(client, finance):
    assert set_status(client, finance, "in_progress", "10").status_code == 302
    assert stored(finance) == ("not_started", 0)


@pytest.mark.parametrize(
    ("status", "progress", "message"),
    [
        ("done", "60", 'สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น'),
        ("in_progress", "100", 'สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น'),
        ("not_started", "20", 'สถานะ "ยังไม่เริ่ม" ต้องมีความก้าวหน้าร้อยละ 0'),
        ("in_progress", "120", "ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100"),
        ("in_progress", "", "กรุณากรอกความก้าวหน้า"),
        ("finished", "10", "ตัวเลือก"),
    ],
)
def test_a_status_the_database_would_refuse_gets_a_thai_message(
    status, progress, message, client, officer, finance
):
    client.force_login(officer)
    response = set_status(client, finance, status, progress)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page or message.replace('"', "&quot;") in page
    assert stored(finance) == ("not_started", 0)
    # What was typed is still in the form.
    assert not progress or f'value="{progress}"' in page


def test_done_with_100_is_saved(client, officer, finance):
    client.force_login(officer)
    set_status(client, finance, "done", "100")
    assert stored(finance) == ("done", 100)


def test_a_published_year_is_read_only(client, officer, agency, finance):
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    client.force_login(officer)
    response = set_status(client, finance, "in_progress", "10")
    assert response.status_code == 302
    assert stored(finance) == ("not_started", 0)
    client.post(f"/my/measures/{finance.pk}/results/", {f"r{finance.pk}-text": "ผล"})
    assert not Result.objects.exists()
    page = client.get("/my/").content.decode()
    assert "รายงานปีงบประมาณ พ.ศ. 2568 เผยแพร่แล้ว" in page
    assert 'action="/my/measures/' not in page


def test_a_save_based_on_an_old_version_does_not_overwrite_a_newer_one(
    client, officer, coordinator, finance
):
    client.force_login(officer)
    seen = Tracked(finance, []).version()
    client.force_login(coordinator)
    set_status(client, finance, "in_progress", "70")
    client.force_login(officer)
    response = set_status(client, finance, "in_progress", "30", version=seen)
    assert response.status_code == 400
    page = response.content.decode()
    assert "มีผู้อื่นบันทึกมาตรการนี้หลังจากที่คุณเปิดหน้านี้" in page
    assert "coordinator (ปรับสถานะจากหน้างานของฉัน) แก้ &quot;ความก้าวหน้า (ร้อยละ)&quot;" in page
    assert stored(finance) == ("in_progress", 70)
    # The form now rests on the newer version: saving it again is a deliberate overwrite.
    version = response.context["groups"][2][2][0].status_form.data[f"m{finance.pk}-version"]
    assert version == Tracked(finance, []).version()
    assert set_status(client, finance, "in_progress", "30", version=version).status_code == 302
    assert stored(finance) == ("in_progress", 30)


def test_a_malformed_version_saves_nothing(client, officer, finance):
    client.force_login(officer)
    assert set_status(client, finance, "in_progress", "30", version="x").status_code == 400
    assert stored(finance) == ("not_started", 0)


def test_an_officer_adds_a_result_with_its_be_date_and_evidence(client, officer, finance):
    client.force_login(officer)
    response = client.post(
        f"/my/measures/{finance.pk}/results/",
        {
            f"r{finance.pk}-text": "จัดอบรมแล้ว",
            f"r{finance.pk}-done_on": "12/06/2568",
            f"r{finance.pk}-evidence_links": "https://example.go.th/photo",
        },
    )
    assert response.status_code == 302
    result = finance.results.get()
    assert (result.text, result.done_on, result.position) == ("จัดอบรมแล้ว", date(2025, 6, 12), 1)
    assert result.evidence_urls == ["https://example.go.th/photo"]
    entry = result.history.get()
    assert entry.history_user == officer
    assert entry.history_change_reason == "เพิ่มผลจากหน้างานของฉัน"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("evidence_links", "javascript:alert(1)", "ไม่ใช่ลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://"),
        ("done_on", "31/02/2568", ""),
        ("text", "", "ฟิลด์นี้จำเป็น"),
    ],
)
def test_a_bad_result_is_refused_and_kept_in_the_form(
    field, value, message, client, officer, finance
):
    client.force_login(officer)
    data = {f"r{finance.pk}-text": "ผลที่พิมพ์ไว้", f"r{finance.pk}-done_on": "12/06/2568"}
    data[f"r{finance.pk}-{field}"] = value
    response = client.post(f"/my/measures/{finance.pk}/results/", data)
    assert response.status_code == 400
    assert not Result.objects.exists()
    page = response.content.decode()
    assert message in page
    assert "ยังไม่ได้บันทึกมาตรการลำดับที่ 1" in page
    if field != "text":
        assert "ผลที่พิมพ์ไว้" in page


def test_an_officer_marks_a_step_done(client, officer, strategy_officer, finance):
    step = Step.objects.create(measure=finance, text="สำรวจ", planned_end_on=date(2025, 6, 1))
    client.force_login(strategy_officer)
    assert client.post(f"/my/measures/{finance.pk}/steps/{step.pk}/done/").status_code == 403
    client.force_login(officer)
    client.post(f"/my/measures/{finance.pk}/steps/{step.pk}/done/", {f"s{step.pk}-done_on": ""})
    step.refresh_from_db()
    assert step.done_on == TODAY
    assert step.history.latest().history_user == officer


def test_a_step_of_another_measure_is_not_found(client, officer, finance, strategy):
    step = Step.objects.create(measure=strategy, text="สำรวจ")
    client.force_login(officer)
    assert client.post(f"/my/measures/{finance.pk}/steps/{step.pk}/done/").status_code == 404


def test_users_turn_their_reminders_off_and_on(client, officer):
    client.force_login(officer)
    client.post("/my/reminders/", {})
    officer.profile.refresh_from_db()
    assert officer.profile.receives_reminders is False
    assert "ปิดอีเมลแจ้งเตือนของท่านแล้ว" in client.get("/my/").content.decode()
    client.post("/my/reminders/", {"receives_reminders": "on"})
    officer.profile.refresh_from_db()
    assert officer.profile.receives_reminders is True


def test_quick_actions_take_only_posts(client, officer, finance):
    client.force_login(officer)
    assert client.get(f"/my/measures/{finance.pk}/status/").status_code == 405


def test_a_step_someone_already_marked_done_keeps_their_date(client, officer, finance):
    step = Step.objects.create(measure=finance, text="สำรวจ", done_on=date(2025, 6, 2))
    client.force_login(officer)
    client.post(f"/my/measures/{finance.pk}/steps/{step.pk}/done/", {f"s{step.pk}-done_on": ""})
    step.refresh_from_db()
    assert step.done_on == date(2025, 6, 2)
    assert "บันทึกว่าเสร็จแล้วเมื่อ 02/06/2568" in client.get("/my/").text
