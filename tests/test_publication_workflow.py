"""The report's workflow: who may take which step from which state, with two agencies, and
what each step records."""

from datetime import date

import pytest
from django.db import transaction

from measures import roles
from measures.models import Measure, Result, Step
from publication.models import NotAllowed, ReportEvent, ReportState
from tests.conftest import make_staff

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

YEAR = 2568
S = ReportState.State
A = ReportState.Action

# The state each path of steps leads to, and who takes each step.
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [A.SUBMIT],
    S.APPROVED: [A.SUBMIT, A.APPROVE],
    S.RETURNED: [A.SUBMIT, A.RETURN],
    S.PUBLISHED: [A.SUBMIT, A.APPROVE, A.PUBLISH],
}
TAKEN_BY = {
    A.SUBMIT: "coordinator",
    A.APPROVE: "executive",
    A.RETURN: "executive",
    A.PUBLISH: "coordinator",
    A.REOPEN: "coordinator",
}
# Every (state, action) that the workflow allows, and to whom.
ALLOWED = {
    (S.DRAFT, A.SUBMIT),
    (S.RETURNED, A.SUBMIT),
    (S.SUBMITTED, A.APPROVE),
    (S.SUBMITTED, A.RETURN),
    (S.APPROVED, A.RETURN),
    (S.APPROVED, A.PUBLISH),
    (S.PUBLISHED, A.REOPEN),
}


def add_measure(agency, division, year=YEAR, title="การเปิดเผยข้อมูลสาธารณะ"):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=year,
        titles=title,
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
        outcome="ประชาชนเข้าถึงข้อมูลได้",
    )
    measure.responsible_divisions.set([division])
    Step.objects.create(measure=measure, text="จัดทำแผน")
    Result.objects.create(measure=measure, text="เผยแพร่ข้อมูลบนเว็บไซต์")
    return measure


def walk(agency, people, actions, year=YEAR):
    """Take `actions` in order, each by the person the workflow expects."""
    report = ReportState.for_year(agency, year)
    for action in actions:
        report.apply(people[TAKEN_BY[action]], action, comment=f"เหตุผลของ{action}")
    return report


@pytest.fixture
def people(coordinator, officer, executive, admin_user):
    return {
        "coordinator": coordinator,
        "officer": officer,
        "executive": executive,
        "admin": admin_user,
    }


@pytest.fixture
def strangers(other_agency):
    """The other agency's coordinator and executive."""
    return {
        "coordinator": make_staff("other-coordinator", other_agency, roles.COORDINATOR),
        "executive": make_staff("other-executive", other_agency, roles.EXECUTIVE),
    }


@pytest.fixture
def report_content(agency, strategy_division):
    return add_measure(agency, strategy_division)


@pytest.mark.parametrize("state", list(PATHS))
def test_each_role_may_take_exactly_its_steps_from_each_state(
    agency, people, report_content, state
):
    report = walk(agency, people, PATHS[state])
    for action in A:
        for who, user in people.items():
            allowed = (state, action) in ALLOWED and TAKEN_BY[action] == who
            assert report.can(user, action) is allowed, (action, who)
            events_before = ReportEvent.objects.count()
            if allowed:
                # Take the step, check it, then undo it for the next person's try.
                with pytest.raises(Undo), transaction.atomic():
                    event = ReportState.for_year(agency, YEAR).apply(user, action, "เหตุผล")
                    assert event.from_state == state
                    assert event.actor == user
                    assert ReportState.for_year(agency, YEAR).state == event.to_state
                    assert ReportEvent.objects.count() == events_before + 1
                    raise Undo
            else:
                with pytest.raises(NotAllowed) as refused:
                    ReportState.for_year(agency, YEAR).apply(user, action, "เหตุผล")
                assert any("\u0e00" <= char <= "\u0e7f" for char in str(refused.value))
            assert ReportState.for_year(agency, YEAR).state == state
            assert ReportEvent.objects.count() == events_before


class Undo(Exception):
    pass


@pytest.mark.parametrize("action", list(A))
@pytest.mark.parametrize("who", ["coordinator", "executive"])
def test_another_agencys_staff_can_take_no_step(
    agency, people, strangers, report_content, action, who
):
    state = next(s for s, a in ALLOWED if a == action)
    report = walk(agency, people, PATHS[state])
    with pytest.raises(NotAllowed, match="ไม่ได้สังกัดเทศบาลนครรังสิต"):
        report.apply(strangers[who], action, comment="เหตุผล")
    assert ReportState.for_year(agency, YEAR).state == state


def test_a_deactivated_coordinator_can_take_no_step(agency, people, report_content):
    people["coordinator"].is_active = False
    people["coordinator"].save()
    with pytest.raises(NotAllowed):
        walk(agency, people, [A.SUBMIT])


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_returning_needs_a_reason(agency, people, report_content, comment):
    report = walk(agency, people, [A.SUBMIT])
    with pytest.raises(NotAllowed, match="กรุณาระบุเหตุผลที่ส่งคืนรายงาน"):
        report.apply(people["executive"], A.RETURN, comment)
    assert ReportState.for_year(agency, YEAR).state == S.SUBMITTED


@pytest.mark.parametrize("comment", ["", "   "])
def test_reopening_needs_a_reason(agency, people, report_content, comment):
    report = walk(agency, people, PATHS[S.PUBLISHED])
    with pytest.raises(NotAllowed, match="กรุณาระบุเหตุผลที่เปิดแก้ไขรายงานที่เผยแพร่แล้ว"):
        report.apply(people["coordinator"], A.REOPEN, comment)
    assert ReportState.for_year(agency, YEAR).state == S.PUBLISHED


def test_a_returned_report_can_be_submitted_again_and_every_step_is_recorded(
    agency, people, report_content
):
    report = ReportState.for_year(agency, YEAR)
    report.apply(people["coordinator"], A.SUBMIT)
    report.apply(people["executive"], A.RETURN, "  แก้ผลลัพธ์มาตรการที่ ๑  ")
    report.apply(people["coordinator"], A.SUBMIT, "แก้แล้ว")
    report.apply(people["executive"], A.APPROVE)
    assert report.state == S.APPROVED
    steps = [
        (e.action, e.actor.username, e.comment, e.from_state, e.to_state)
        for e in report.events.order_by("at", "pk")
    ]
    assert steps == [
        ("submit", "coordinator", "", "draft", "submitted"),
        ("return", "executive", "แก้ผลลัพธ์มาตรการที่ ๑", "submitted", "returned"),
        ("submit", "coordinator", "แก้แล้ว", "returned", "submitted"),
        ("approve", "executive", "", "submitted", "approved"),
    ]
    assert all(e.at is not None for e in report.events.all())


def test_an_unknown_step_is_refused_in_thai(agency, people):
    report = ReportState.for_year(agency, YEAR)
    with pytest.raises(NotAllowed, match="ไม่มีขั้นตอน"):
        report.apply(people["coordinator"], "delete")


def test_a_report_changed_after_approval_is_not_published(agency, people, report_content):
    report = walk(agency, people, [A.SUBMIT, A.APPROVE])
    report_content.outcome = "แก้ไขหลังอนุมัติ"
    report_content.save()
    with pytest.raises(NotAllowed, match="แก้ไขหลังจากผู้บริหารอนุมัติ"):
        report.apply(people["coordinator"], A.PUBLISH)
    assert ReportState.for_year(agency, YEAR).state == S.APPROVED
    # The executive returns it, sees the change, approves again: now it publishes.
    walk(agency, people, [A.RETURN, A.SUBMIT, A.APPROVE, A.PUBLISH])
    assert ReportState.for_year(agency, YEAR).state == S.PUBLISHED


def test_the_audit_trail_names_who_changed_the_state(agency, people, report_content):
    report = walk(agency, people, [A.SUBMIT, A.APPROVE])
    users = [h.history_user.username for h in report.history.order_by("history_date")]
    assert users == ["coordinator", "executive"]


def test_each_agency_has_its_own_workflow(agency, other_agency, people, strangers, report_content):
    walk(agency, people, [A.SUBMIT])
    other = ReportState.for_year(other_agency, YEAR)
    assert other.state == S.DRAFT
    other.apply(strangers["coordinator"], A.SUBMIT)
    other.apply(strangers["executive"], A.RETURN, "ยังไม่ครบ")
    assert ReportState.for_year(agency, YEAR).state == S.SUBMITTED
    assert ReportState.for_year(other_agency, YEAR).state == S.RETURNED
