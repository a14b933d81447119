"""The dashboard costs a fixed number of queries however many measures and years there are."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.dashboard import populate
from measures.models import Agency, Measure, Step


def queries_for(client, agency):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/dashboard/?agency={agency.slug}&year=2568")
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def agencies(db):
    def make(slug, measures, years):
        agency = Agency.objects.create(name=slug, slug=slug, district="เมือง", province="ทดสอบ")
        populate(agency, measures, years)
        return agency

    return make


def test_5_and_200_measures_over_5_years_take_the_same_queries(client, admin_user, agencies):
    client.force_login(admin_user)
    few = queries_for(client, agencies("few", 5, 5))
    many = queries_for(client, agencies("many", 200, 5))
    assert few == many


def test_one_year_or_ten_take_the_same_queries(client, admin_user, agencies):
    client.force_login(admin_user)
    assert queries_for(client, agencies("short", 5, 1)) == queries_for(
        client, agencies("long", 5, 10)
    )


def test_staff_need_no_more_queries_than_that(client, executive, agency):
    populate(agency, 50, 3)
    client.force_login(executive)
    # One of them asks for the user's role: a staff account without one sees no dashboard;
    # one reads the steps the month grid draws under their measures.
    assert queries_for(client, agency) <= 14


def add_late_steps(agency, count):
    """Dated steps past their planned end, undone: each one is drawn and named as late."""
    measures = Measure.objects.filter(agency=agency, fiscal_year=2568).order_by("number")
    for measure in measures[:count]:
        Step.objects.create(
            measure=measure,
            position=1,
            text="ขั้นตอนที่เลยกำหนด",
            planned_start_on=date(2024, 10, 1),
            planned_end_on=date(2024, 11, 30),
        )


@time_machine.travel(date(2025, 3, 15))
def test_late_steps_take_no_query_each(client, admin_user, agencies):
    client.force_login(admin_user)
    few, many = agencies("few-steps", 50, 1), agencies("many-steps", 50, 1)
    add_late_steps(few, 1)
    add_late_steps(many, 40)
    few_queries = queries_for(client, few)
    response = client.get(f"/dashboard/?agency={many.slug}&year=2568")
    late = Step.objects.filter(measure__agency=many).exclude(measure__status="done").count()
    assert late > 20
    assert response.text.count("ขั้นตอนที่ ๑ กำหนดเสร็จ") == late  # each named in the summary
    assert queries_for(client, many) == few_queries
