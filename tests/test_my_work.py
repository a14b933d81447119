"""/my/: each person's measures of this fiscal year by urgency, two agencies and two divisions.

Today is 15 June 2025 (fiscal year 2568). The officer works in สำนักคลัง (finance); the
strategy officer in กองยุทธศาสตร์ฯ; the other agency has its own officer and measure.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from measures.models import Measure, Step

TODAY = date(2025, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def make(agency, number, division=None, every=False, year=2568, **fields):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=year,
        number=number,
        titles=f"มาตรการทดสอบ {number}",
        started_on=date(2024, 10, 1) if year == 2568 else None,
        is_every_division=every,
        **fields,
    )
    if division is not None:
        measure.responsible_divisions.add(division)
    return measure


@pytest.fixture
def register(agency, finance_division, strategy_division, other_agency, other_division):
    every = make(agency, 6, every=True, ended_on=date(2025, 9, 30))
    Step.objects.create(measure=every, text="สำรวจ", planned_end_on=date(2025, 6, 1))
    return {
        "finance_overdue": make(
            agency,
            1,
            finance_division,
            ended_on=date(2025, 5, 31),
            status="in_progress",
            progress=50,
        ),
        "finance_soon": make(
            agency,
            2,
            finance_division,
            ended_on=date(2025, 7, 1),
            status="in_progress",
            progress=20,
        ),
        "finance_later": make(agency, 3, finance_division, ended_on=date(2025, 9, 30)),
        "finance_done": make(
            agency, 4, finance_division, ended_on=date(2025, 3, 1), status="done", progress=100
        ),
        "strategy": make(agency, 5, strategy_division, ended_on=date(2025, 9, 30)),
        "every": every,
        "last_year": make(agency, 1, finance_division, year=2567),
        "foreign": make(other_agency, 1, other_division, ended_on=date(2025, 9, 30)),
    }


def groups_of(response):
    return {key: [m.number for m in measures] for key, _, measures in response.context["groups"]}


def test_an_officer_sees_exactly_their_divisions_measures_in_groups(client, officer, register):
    client.force_login(officer)
    response = client.get("/my/")
    assert response.status_code == 200
    assert groups_of(response) == {
        # The measure of every division is overdue by its step planned for 1 June.
        "overdue": [1, 6],
        "due_soon": [2],
        "in_progress": [3],
        "done": [4],
    }
    assert response.context["fiscal_year"] == 2568
    assert "divisions" not in response.context
    assert "งานของฉัน" in response.content.decode()


def test_the_other_divisions_officer_sees_theirs(client, strategy_officer, register):
    client.force_login(strategy_officer)
    groups = groups_of(client.get("/my/"))
    assert groups == {"overdue": [6], "due_soon": [], "in_progress": [5], "done": []}


def test_the_other_agencys_officer_sees_only_their_agencys(client, other_officer, register):
    client.force_login(other_officer)
    groups = groups_of(client.get("/my/"))
    assert groups == {"overdue": [], "due_soon": [], "in_progress": [1], "done": []}


@pytest.mark.parametrize("user", ["coordinator", "executive", "admin_user"])
def test_coordinators_executives_and_administrators_see_every_division(
    user, client, register, request
):
    client.force_login(request.getfixturevalue(user))
    response = client.get("/my/")
    assert groups_of(response) == {
        "overdue": [1, 6],
        "due_soon": [2],
        "in_progress": [3, 5],
        "done": [4],
    }
    states = {row["name"]: row for row in response.context["divisions"]}
    assert states["สำนักคลัง"]["total"] == 4
    assert states["สำนักคลัง"]["counts"] == {"overdue": 1, "due_soon": 1, "in_progress": 1, "done": 1}
    assert states["กองยุทธศาสตร์และงบประมาณ"]["total"] == 1
    assert states["ทุกสำนัก/กอง"]["counts"]["overdue"] == 1


def test_only_those_who_may_change_a_measure_get_its_quick_actions(
    client, executive, officer, register
):
    client.force_login(executive)
    assert 'action="/my/measures/' not in client.get("/my/").content.decode()
    client.force_login(officer)
    page = client.get("/my/").content.decode()
    finance = register["finance_soon"].pk
    assert f'action="/my/measures/{finance}/status/"' in page
    assert f'action="/my/measures/{register["every"].pk}/results/"' in page


def test_staff_without_a_role_are_refused_and_visitors_sent_to_log_in(client, roleless, register):
    assert client.get("/my/").status_code == 302
    client.force_login(roleless)
    assert client.get("/my/").status_code == 403


def test_the_coordinator_sees_who_has_not_updated_for_n_days(
    client, coordinator, officer, strategy_officer, register
):
    measure = register["finance_soon"]
    with time_machine.travel(date(2025, 6, 5), tick=False):
        client.force_login(officer)
        page = client.get("/my/")
        version = page.context["groups"][1][2][0].status_form["version"].value()
        client.post(
            f"/my/measures/{measure.pk}/status/",
            {
                f"m{measure.pk}-status": "in_progress",
                f"m{measure.pk}-progress": "30",
                f"m{measure.pk}-version": version,
            },
        )
    client.force_login(coordinator)

    def idle(days):
        response = client.get(f"/my/?days={days}")
        return {
            idle["user"].username
            for row in response.context["divisions"]
            for idle in row["idle_staff"]
        }

    # The officer saved ten days ago; the strategy officer never did.
    assert idle(14) == {"strategy_officer"}
    assert idle(7) == {"officer", "strategy_officer"}
    assert "ไม่ได้ปรับปรุงเกิน 14 วัน" in client.get("/my/").content.decode()
    assert client.get("/my/?days=abc").context["idle_days"] == 14


def test_a_division_officer_lands_on_my_work_after_logging_in(client, officer, register):
    response = client.post(
        reverse("admin:login"),
        {"username": "officer", "password": "test-password-1234", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/my/"


def test_an_officer_asked_for_a_page_goes_there(client, officer, register):
    response = client.post(
        reverse("admin:login"),
        {"username": "officer", "password": "test-password-1234", "next": "/dashboard/"},
    )
    assert response.url == "/dashboard/"


@pytest.mark.parametrize("user", ["coordinator", "executive"])
def test_coordinators_and_executives_land_where_they_did(user, client, register, request):
    request.getfixturevalue(user)
    response = client.post(
        reverse("admin:login"),
        {"username": user, "password": "test-password-1234", "next": "/admin/"},
    )
    assert response.url == "/admin/"
