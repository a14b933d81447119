"""Reminders: each event mails each person once, at 30, 7 and 1 days before an end date and
once it has passed; coordinators get a weekly summary; nobody who turned reminders off."""

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from measures.models import ClosedYear, Measure, Step
from work import tasks
from work.models import Reminder


def make(agency, number, division=None, **fields):
    fields = {"fiscal_year": 2568, **fields}
    measure = Measure.objects.create(
        agency=agency, number=number, titles=f"มาตรการทดสอบ {number}", **fields
    )
    if division is not None:
        measure.responsible_divisions.add(division)
    return measure


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.go.th"
        user.save()


def run_on(day):
    with time_machine.travel(day, tick=False):
        call_command("send_reminders", stdout=StringIO())


@pytest.fixture
def staff(officer, strategy_officer, other_officer):
    with_email(officer, strategy_officer, other_officer)


def sent(mailoutbox):
    return [(message.to[0].split("@")[0], message.subject) for message in mailoutbox]


def test_a_measure_reminds_its_divisions_staff_once_at_each_threshold(
    agency, finance_division, staff, mailoutbox
):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15), status="in_progress", progress=10)
    expected = {
        date(2025, 6, 1): [],
        date(2025, 6, 15): ["อีก 30 วัน"],
        date(2025, 6, 16): [],
        date(2025, 7, 8): ["อีก 7 วัน"],
        date(2025, 7, 9): [],
        date(2025, 7, 14): ["อีก 1 วัน"],
        date(2025, 7, 15): [],
        date(2025, 7, 16): ["เลยกำหนดแล้ว"],
        date(2025, 7, 17): [],
        date(2025, 9, 1): [],
    }
    for day, subjects in expected.items():
        for _ in range(2):  # a second run the same day sends nothing more
            run_on(day)
        got = sent(mailoutbox)
        assert [who for who, _ in got] == ["officer"] * len(subjects), day
        for (_, subject), part in zip(got, subjects, strict=True):
            assert "มาตรการลำดับที่ 1" in subject
            assert part in subject
        mailoutbox.clear()
    assert Reminder.objects.filter(kind="measure").count() == 4


def test_a_missed_day_sends_the_nearest_threshold_only(agency, finance_division, staff, mailoutbox):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    run_on(date(2025, 7, 10))  # five days left: 30 was never sent, and is not now
    assert [subject for _, subject in sent(mailoutbox)] == [
        "[ITA] มาตรการลำดับที่ 1 อีก 7 วันจะครบกำหนด (15 กรกฎาคม 2568)"
    ]


def test_the_email_is_in_thai_and_links_to_my_work(agency, finance_division, staff, mailoutbox):
    measure = make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    run_on(date(2025, 7, 14))
    body = mailoutbox[0].body
    assert "เรียน officer" in body
    assert "มาตรการลำดับที่ 1 ปีงบประมาณ พ.ศ. 2568 ของเทศบาลนครรังสิต" in body
    assert f"/my/#measure-{measure.pk}" in body
    assert "ปิดการแจ้งเตือนได้ที่" in body


def test_every_division_reminds_every_division_and_no_other_agency(
    agency, other_agency, other_division, staff, mailoutbox
):
    make(agency, 1, is_every_division=True, ended_on=date(2025, 7, 15))
    make(other_agency, 1, other_division, ended_on=date(2025, 12, 31))
    run_on(date(2025, 7, 14))
    assert sorted(who for who, _ in sent(mailoutbox)) == ["officer", "strategy_officer"]


def test_done_measures_and_published_years_remind_nobody(
    agency, finance_division, staff, mailoutbox
):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15), status="done", progress=100)
    make(agency, 2, finance_division, ended_on=date(2024, 9, 1), fiscal_year=2567)
    ClosedYear.objects.create(agency=agency, fiscal_year=2567)
    run_on(date(2025, 7, 14))
    assert mailoutbox == []


def test_who_turned_reminders_off_gets_none(agency, finance_division, officer, staff, mailoutbox):
    officer.profile.receives_reminders = False
    officer.profile.save()
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    run_on(date(2025, 7, 14))
    assert mailoutbox == []
    assert not Reminder.objects.exists()


def test_inactive_staff_and_staff_without_email_get_none(
    agency, finance_division, officer, mailoutbox
):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    run_on(date(2025, 7, 14))  # the officer has no email address
    with_email(officer)
    officer.is_active = False
    officer.save()
    run_on(date(2025, 7, 14))
    assert mailoutbox == []


def test_step_end_dates_remind_the_same_way(agency, finance_division, staff, mailoutbox):
    measure = make(agency, 1, finance_division, ended_on=date(2025, 9, 30))
    Step.objects.create(measure=measure, text="สำรวจความต้องการ", planned_end_on=date(2025, 6, 22))
    Step.objects.create(
        measure=measure, text="เสร็จแล้ว", planned_end_on=date(2025, 6, 22), done_on=date(2025, 6, 1)
    )
    run_on(date(2025, 6, 15))
    run_on(date(2025, 6, 15))
    assert [subject for _, subject in sent(mailoutbox)] == [
        "[ITA] ขั้นตอนที่ 1 ของมาตรการลำดับที่ 1 อีก 7 วันจะครบกำหนด (22 มิถุนายน 2568)"
    ]
    assert "สำรวจความต้องการ" in mailoutbox[0].body
    mailoutbox.clear()
    run_on(date(2025, 6, 23))
    assert [subject for _, subject in sent(mailoutbox)][0].startswith(
        "[ITA] ขั้นตอนที่ 1 ของมาตรการลำดับที่ 1 เลยกำหนดแล้ว"
    )


def test_coordinators_get_one_summary_a_week(
    agency, finance_division, coordinator, officer, other_coordinator, other_agency, mailoutbox
):
    with_email(coordinator, other_coordinator)
    make(agency, 1, finance_division, ended_on=date(2025, 6, 1), status="in_progress", progress=30)
    run_on(date(2025, 6, 16))  # a Monday
    run_on(date(2025, 6, 17))
    assert sent(mailoutbox) == [
        ("coordinator", "[ITA] สรุปความคืบหน้ามาตรการประจำสัปดาห์ เทศบาลนครรังสิต (16 มิถุนายน 2568)")
    ]
    body = mailoutbox[0].body
    assert "เลยกำหนด: 1 มาตรการ" in body
    assert "ลำดับที่ 1 มาตรการทดสอบ 1 (สิ้นสุด 01/06/2568, ร้อยละ 30)" in body
    assert "officer" in body  # has not updated anything for 14 days
    mailoutbox.clear()
    run_on(date(2025, 6, 23))
    assert [who for who, _ in sent(mailoutbox)] == ["coordinator"]


def test_the_same_event_cannot_be_recorded_twice(agency, officer):
    Reminder.objects.create(kind="measure", object_id=1, threshold="7", recipient=officer)
    with pytest.raises(IntegrityError):
        Reminder.objects.create(kind="measure", object_id=1, threshold="7", recipient=officer)


def test_dry_run_lists_without_sending_or_recording(agency, finance_division, staff, mailoutbox):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2025-07-14", stdout=out)
    assert "officer@example.go.th\t[ITA] มาตรการลำดับที่ 1 อีก 1 วัน" in out.getvalue()
    assert "จะส่ง 1 ฉบับ" in out.getvalue()
    assert mailoutbox == []
    assert not Reminder.objects.exists()
    call_command("send_reminders", "--date", "2025-07-14", stdout=out)
    assert len(mailoutbox) == 1


def test_a_bad_date_is_refused_in_thai(db):
    with pytest.raises(CommandError, match="ใช้รูปแบบ YYYY-MM-DD"):
        call_command("send_reminders", "--date", "14/07/2568")


def test_the_daily_task_sends_what_is_due(agency, finance_division, staff, mailoutbox):
    make(agency, 1, finance_division, ended_on=date(2025, 7, 15))
    with time_machine.travel(date(2025, 7, 14), tick=False):
        assert tasks.send_reminders.delay().get() == 1
        assert tasks.send_reminders.delay().get() == 0
    assert len(mailoutbox) == 1


def test_the_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert entry["task"] == "work.tasks.send_reminders"
    assert tasks.send_reminders.name == "work.tasks.send_reminders"


def test_measures_older_than_last_fiscal_year_remind_nobody(
    agency, finance_division, staff, mailoutbox
):
    make(agency, 1, finance_division, fiscal_year=2566, ended_on=date(2023, 9, 30))
    make(agency, 2, finance_division, fiscal_year=2567, ended_on=date(2024, 9, 30))
    run_on(date(2025, 7, 14))
    assert [subject[:30] for _, subject in sent(mailoutbox)] == [
        "[ITA] มาตรการลำดับที่ 2 เลยกำหนดแล้ว"[:30]
    ]
