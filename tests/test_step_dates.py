"""A step can carry planned start and end dates and a done date: entered in BE in the measure's
admin page, drawn under the measure on the dashboard's month grid, overdue when undone after its
planned end; the official report prints steps as before (tests/test_report_*.py)."""

import re
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError

from measures.models import ClosedYear, Measure, Step
from tests.conftest import PASSWORD
from tests.test_measure_admin import inline_management, measure_form

TODAY = date(2025, 6, 15)


def make(agency, number=1, division=None, **fields):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        number=number,
        titles=f"มาตรการทดสอบ {number}",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
        status="in_progress",
        progress=50,
        **fields,
    )
    if division is not None:
        measure.responsible_divisions.add(division)
    return measure


def test_an_officer_enters_step_dates_in_buddhist_era(client, officer, agency, finance_division):
    client.login(username=officer.username, password=PASSWORD)
    data = measure_form(
        agency,
        [finance_division],
        **{
            "steps-0-planned_start_on": "01/11/2567",
            "steps-0-planned_end_on": "๓๑/๑๒/๒๕๖๗",
            "steps-0-done_on": "20/12/2567",
        },
    )
    response = client.post("/admin/measures/measure/add/", data)
    assert response.status_code == 302, response.context["errors"]
    first, second = Measure.objects.get().steps.order_by("position")
    assert (first.planned_start_on, first.planned_end_on, first.done_on) == (
        date(2024, 11, 1),
        date(2024, 12, 31),
        date(2024, 12, 20),
    )
    assert (second.planned_start_on, second.planned_end_on, second.done_on) == (None, None, None)
    page = client.get(f"/admin/measures/measure/{Measure.objects.get().pk}/change/").text
    assert 'value="01/11/2567"' in page
    assert 'value="31/12/2567"' in page


def test_a_step_ending_before_it_starts_is_refused_in_thai(
    client, officer, agency, finance_division
):
    client.login(username=officer.username, password=PASSWORD)
    data = measure_form(
        agency,
        [finance_division],
        **{"steps-0-planned_start_on": "01/12/2567", "steps-0-planned_end_on": "01/11/2567"},
    )
    response = client.post("/admin/measures/measure/add/", data)
    assert response.status_code == 200
    assert "วันเสร็จตามแผนต้องไม่ก่อนวันเริ่มตามแผน" in response.text
    assert not Measure.objects.exists()


def test_the_database_refuses_a_step_ending_before_it_starts(agency):
    measure = make(agency)
    with pytest.raises(IntegrityError):
        Step.objects.create(
            measure=measure,
            text="x",
            planned_start_on=date(2025, 2, 1),
            planned_end_on=date(2025, 1, 1),
        )


def test_a_christian_era_year_is_refused(client, officer, agency, finance_division):
    client.login(username=officer.username, password=PASSWORD)
    data = measure_form(agency, [finance_division], **{"steps-0-planned_end_on": "31/12/2024"})
    response = client.post("/admin/measures/measure/add/", data)
    assert response.status_code == 200
    assert not Measure.objects.exists()


def test_read_only_views_show_step_dates_in_buddhist_era(
    client, executive, agency, finance_division
):
    measure = make(agency, division=finance_division)
    Step.objects.create(measure=measure, text="สำรวจ", planned_end_on=date(2025, 3, 31))
    client.force_login(executive)
    page = client.get(f"/admin/measures/measure/{measure.pk}/change/").text
    assert "31/03/2568" in page
    assert "2025" not in page.split('id="steps-group"')[1].split("</fieldset>")[0]


def test_a_published_years_step_dates_stay_as_published(client, officer, agency, finance_division):
    measure = make(agency, division=finance_division)
    step = Step.objects.create(measure=measure, text="สำรวจ", planned_end_on=date(2025, 3, 31))
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    client.login(username=officer.username, password=PASSWORD)
    data = measure_form(
        agency,
        [finance_division],
        **inline_management("steps", 1, 1),
        **{
            "steps-0-id": str(step.pk),
            "steps-0-measure": str(measure.pk),
            "steps-0-position": "1",
            "steps-0-text": "สำรวจ",
            "steps-0-planned_end_on": "30/04/2568",
        },
    )
    client.post(f"/admin/measures/measure/{measure.pk}/change/", data)
    step.refresh_from_db()
    assert step.planned_end_on == date(2025, 3, 31)


@time_machine.travel(TODAY)
def test_the_month_grid_draws_dated_steps_under_their_measure(client, executive, agency):
    measure = make(agency)
    Step.objects.create(
        measure=measure,
        text="สำรวจความต้องการ",
        planned_start_on=date(2024, 11, 1),
        planned_end_on=date(2024, 12, 31),
        done_on=date(2024, 12, 20),
    )
    Step.objects.create(measure=measure, text="ไม่มีกำหนด")
    Step.objects.create(measure=measure, text="จัดอบรม", planned_end_on=date(2025, 6, 1))
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    # Each row is a label, then its bar: the measure's, then one per dated step below it.
    row = re.compile(
        r'<text class="row-label[^"]*" x="\d+" y="(\d+)">([^<]*)</text>(?:</a>)?\n'
        r'<rect class="period ([^"]*)"'
    )
    rows = row.findall(str(response.context["month_grid"]["rows"]))
    assert [(label.split()[0:2], state) for _, label, state in rows] == [
        (["1.", "มาตรการทดสอบ"], "overdue"),
        (["ขั้นตอนที่", "1"], "step done"),
        (["ขั้นตอนที่", "3"], "step overdue unknown"),
    ]
    ys = [int(y) for y, _, _ in rows]
    assert ys == sorted(ys) and len(set(ys)) == 3
    assert 'class="period step done"' in response.text
    assert 'class="period step overdue unknown"' in response.text
    assert "ขั้นตอนที่ ๓ จัดอบรม" in response.text


@time_machine.travel(TODAY)
def test_an_overdue_step_makes_its_measure_overdue_on_the_dashboard(client, executive, agency):
    measure = make(agency)
    Step.objects.create(measure=measure, text="จัดอบรม", planned_end_on=date(2025, 6, 1))
    done_step_measure = make(agency, 2)
    Step.objects.create(
        measure=done_step_measure,
        text="เสร็จแล้ว",
        planned_end_on=date(2025, 6, 1),
        done_on=date(2025, 5, 30),
    )
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert response.context["counts"]["overdue"] == 1
    overdue = response.context["attention"]["overdue"]
    assert [line["url"] for line in overdue] == [f"/admin/measures/measure/{measure.pk}/change/"]
    text = response.text
    card = text[text.index('id="attention-overdue"') :]
    card = card[: card.index("</div>")]
    assert "ขั้นตอนที่ ๑ กำหนดเสร็จ ๑ มิ.ย.๖๘" in card


@time_machine.travel(TODAY)
def test_a_done_measures_steps_are_never_overdue(agency):
    measure = make(agency)
    measure.status, measure.progress = "done", 100
    measure.save()
    step = Step.objects.create(measure=measure, text="x", planned_end_on=date(2025, 6, 1))
    assert not step.is_overdue_on(TODAY)


def test_copying_to_next_year_moves_the_planned_dates_a_year_on(agency):
    measure = make(agency)
    Step.objects.create(
        measure=measure,
        text="สำรวจ",
        planned_start_on=date(2024, 11, 1),
        planned_end_on=date(2024, 12, 31),
        done_on=date(2024, 12, 20),
    )
    copy = measure.copy_to_next_year()
    step = copy.steps.get()
    assert (step.planned_start_on, step.planned_end_on, step.done_on) == (
        date(2025, 11, 1),
        date(2025, 12, 31),
        None,
    )
