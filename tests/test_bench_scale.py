"""bench/scale.py at 50 agencies, so the national-scale benchmark cannot rot: its fill keeps the
database's rules, and every query the coordinator's four pages make on a large table can be
served by an index. Times are printed by the benchmark, never asserted here."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import scale
from ita.models import AgencyScore, IndicatorScore
from measures import roles
from measures.models import Division, Measure, Result, Step

pytestmark = pytest.mark.django_db

AGENCIES = 50


@pytest.fixture
def national(fast_password_hashing):
    if connection.vendor != "postgresql":
        pytest.skip("the national fill is PostgreSQL's own SQL")
    scale.fill(AGENCIES, out=lambda line: None)
    return scale.scale_agencies().order_by("slug").first()


def test_the_fill_makes_every_agency_its_years_measures_and_scores(national):
    measures = AGENCIES * scale.YEARS * scale.MEASURES
    assert scale.scale_agencies().count() == AGENCIES
    assert Division.objects.count() == AGENCIES * scale.DIVISIONS
    assert Measure.objects.count() == measures
    assert Step.objects.count() == measures * scale.STEPS
    assert Result.objects.count() == measures * scale.RESULTS
    assert AgencyScore.objects.count() == AGENCIES * scale.YEARS
    assert IndicatorScore.objects.count() == AGENCIES * scale.YEARS * scale.ITEM_SCORES
    coordinators = User.objects.filter(groups__name=roles.COORDINATOR)
    assert coordinators.filter(profile__division__position=1).count() == AGENCIES


def test_the_fill_keeps_status_and_progress_in_agreement(national):
    statuses = set(Measure.objects.values_list("status", flat=True))
    assert statuses == {"not_started", "in_progress", "done"}
    assert not Measure.objects.filter(status="done").exclude(progress=100).exists()
    assert not Measure.objects.filter(status="not_started").exclude(progress=0).exists()


def test_a_second_fill_adds_only_the_missing_agencies(national):
    scale.fill(AGENCIES + 1, out=lambda line: None)

    assert scale.scale_agencies().count() == AGENCIES + 1
    assert Measure.objects.count() == (AGENCIES + 1) * scale.YEARS * scale.MEASURES


def test_every_page_reads_the_large_tables_through_indexes(national):
    checked = scale.check_plans(national, index_wanted=True)

    pages = {"admin measure list", "measure change page", "report page", "dashboard", "healthz"}
    assert set(checked) == pages
    read_measures = [
        sql for queries in checked.values() for sql, _, _ in queries if "measures_measure" in sql
    ]
    assert read_measures
    problems = {name: [q[2] for q in queries if q[2]] for name, queries in checked.items()}
    assert problems == {name: [] for name in checked}


def test_the_check_finds_a_sequential_scan_of_the_measure_table(db):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN in PostgreSQL's JSON")
    # Nothing indexes a title: the check must see the whole table being read.
    sql = "SELECT id FROM measures_measure WHERE titles = 'x'"
    plan, _ = scale.explain(sql, index_wanted=True)

    assert scale.problems_in(sql, plan) == ["sequential scan of measures_measure"]


def test_the_measure_list_counts_only_the_coordinators_own_measures(national):
    client = scale.logged_in_client(scale.coordinator_for(national))

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/measures/measure/")

    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts
    assert all(f'"agency_id" = {national.pk}' in sql for sql in counts), counts


def test_the_timing_run_opens_each_page_for_each_sampled_agency(national):
    rows = scale.time_pages(samples=2, repeats=1)

    assert [(name, count) for name, count, *_ in rows] == [
        ("admin measure list", 2),
        ("measure change page", 2),
        ("report page", 2),
        ("dashboard", 2),
        ("healthz", 2),
    ]
