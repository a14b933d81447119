"""Once a year's report is published its measures, steps and results are read-only to
everyone in the admin, until a coordinator reopens the year."""

import pytest

from measures.models import ClosedYear, Measure
from publication.models import ReportState
from tests.test_measure_admin import measure_form
from tests.test_publication_workflow import PATHS, YEAR, A, S, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

EVERYONE = ["coordinator", "officer", "admin_user"]


def change_url(measure):
    return f"/admin/measures/measure/{measure.pk}/change/"


def edit_form(measure, **overrides):
    data = measure_form(
        measure.agency,
        list(measure.responsible_divisions.all()),
        number=str(measure.number),
        titles="ชื่อที่แก้ภายหลัง",
        **{"steps-TOTAL_FORMS": "0", "results-TOTAL_FORMS": "0"},
    )
    data.update(overrides)
    return data


@pytest.fixture
def closed_measure(agency, finance_division):
    measure = add_measure(agency, finance_division)
    ClosedYear.objects.create(agency=agency, fiscal_year=YEAR)
    return measure


@pytest.mark.parametrize("who", EVERYONE)
def test_nobody_changes_a_measure_of_a_closed_year(client, request, who, closed_measure):
    client.force_login(request.getfixturevalue(who))
    page = client.get(change_url(closed_measure))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    assert "รายงานปีงบประมาณ พ.ศ. 2568 เผยแพร่แล้ว" in page.content.decode()
    assert client.post(change_url(closed_measure), edit_form(closed_measure)).status_code == 403
    closed_measure.refresh_from_db()
    assert closed_measure.titles == "การเปิดเผยข้อมูลสาธารณะ"
    assert [s.text for s in closed_measure.steps.all()] == ["จัดทำแผน"]


@pytest.mark.parametrize("who", EVERYONE)
def test_nobody_deletes_a_measure_of_a_closed_year(client, request, who, closed_measure):
    client.force_login(request.getfixturevalue(who))
    url = f"/admin/measures/measure/{closed_measure.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Measure.objects.filter(pk=closed_measure.pk).exists()


@pytest.mark.parametrize("who", ["coordinator", "admin_user"])
def test_delete_selected_refuses_a_measure_of_a_closed_year(client, request, who, closed_measure):
    client.force_login(request.getfixturevalue(who))
    form = {"action": "delete_selected", "_selected_action": [str(closed_measure.pk)]}
    confirm = client.post("/admin/measures/measure/", form)
    assert "รายงานเผยแพร่แล้ว" in confirm.content.decode()
    response = client.post("/admin/measures/measure/", {**form, "post": "yes"})
    assert response.status_code == 403
    assert Measure.objects.filter(pk=closed_measure.pk).exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_nobody_adds_a_measure_to_a_closed_year(
    client, request, who, closed_measure, agency, strategy_division
):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        "/admin/measures/measure/add/", measure_form(agency, [strategy_division])
    )
    assert response.status_code == 200
    assert "รายงานปีงบประมาณ พ.ศ. 2568 เผยแพร่แล้ว" in response.content.decode()
    assert Measure.objects.count() == 1


def test_a_measure_cannot_be_moved_into_a_closed_year(
    client, coordinator, closed_measure, agency, strategy_division
):
    open_measure = add_measure(agency, strategy_division, year=2569, title="มาตรการปีหน้า")
    client.force_login(coordinator)
    form = edit_form(open_measure, fiscal_year="2568", started_on="", ended_on="", number="9")
    response = client.post(change_url(open_measure), form)
    assert response.status_code == 200
    assert "เผยแพร่แล้ว" in response.content.decode()
    open_measure.refresh_from_db()
    assert open_measure.fiscal_year == 2569


def test_other_years_and_other_agencies_stay_editable(
    client, coordinator, closed_measure, agency, other_agency, strategy_division
):
    ClosedYear.objects.create(agency=other_agency, fiscal_year=2569)
    next_year = add_measure(agency, strategy_division, year=2569, title="มาตรการปีหน้า")
    client.force_login(coordinator)
    form = edit_form(next_year, fiscal_year="2569", started_on="", ended_on="")
    assert 'id="closed-year"' not in client.get(change_url(next_year)).content.decode()
    response = client.post(change_url(next_year), form)
    assert response.status_code == 302
    next_year.refresh_from_db()
    assert next_year.titles == "ชื่อที่แก้ภายหลัง"


def test_copying_into_a_closed_year_is_refused(client, coordinator, agency, strategy_division):
    last_year = add_measure(agency, strategy_division, year=2567, title="มาตรการปีก่อน")
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    client.force_login(coordinator)
    form = {"action": "copy_to_next_year", "_selected_action": [str(last_year.pk)]}
    response = client.post("/admin/measures/measure/", form, follow=True)
    assert "เผยแพร่แล้ว" in response.content.decode()
    assert not Measure.objects.filter(fiscal_year=2568).exists()


def test_publishing_closes_the_year_and_reopening_makes_it_editable(
    client, coordinator, executive, agency, strategy_division
):
    measure = add_measure(agency, strategy_division)
    people = {"coordinator": coordinator, "executive": executive}
    walk(agency, people, PATHS[S.PUBLISHED])
    assert measure.is_in_closed_year
    client.force_login(coordinator)
    assert client.post(change_url(measure), edit_form(measure)).status_code == 403

    ReportState.for_year(agency, YEAR).apply(coordinator, A.REOPEN, "แก้ตามข้อสังเกต")
    assert not measure.is_in_closed_year
    response = client.post(change_url(measure), edit_form(measure))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.titles == "ชื่อที่แก้ภายหลัง"
