"""The measure list and a measure's change page make the same number of queries however many
agencies, measures, steps and results the installation holds, for a coordinator and for an
administrator; an administrator's list neither reads every measure for its years nor lists
every agency's divisions and reports (bench/scale.py times these pages at national scale)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.capped_count import CappedCountPaginator
from measures.models import Agency, Division, Measure, Result, Step

LIST_URL = "/admin/measures/measure/"


def add_agencies(count, start=0):
    """Agencies with a division and a 2568 measure naming it, a step and a result each."""
    for n in range(start, start + count):
        agency = Agency.objects.create(
            name=f"เทศบาลทดสอบ {n}", slug=f"test-{n}", district="เมือง", province="นนทบุรี"
        )
        division = Division.objects.create(agency=agency, name="กองคลัง")
        add_measures(agency, division, 1)


def add_measures(agency, division, count, steps=1):
    for _ in range(count):
        measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
        measure.responsible_divisions.add(division)
        for position in range(1, steps + 1):
            Step.objects.create(measure=measure, position=position, text="ขั้นตอน")
            Result.objects.create(measure=measure, position=position, text="ผล")


def queries_of(client, url):
    client.get(url)  # the process's first request also caches content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_a_coordinators_list_makes_the_same_queries_for_more_measures_and_agencies(
    coordinator_client, agency, strategy_division
):
    add_measures(agency, strategy_division, 2)
    few = queries_of(coordinator_client, LIST_URL + "?fiscal_year=2568")

    add_measures(agency, strategy_division, 30)
    add_agencies(5)
    many = queries_of(coordinator_client, LIST_URL + "?fiscal_year=2568")

    assert len(many) == len(few)
    assert len(many) <= 14


def test_a_change_page_makes_the_same_queries_for_more_steps_results_and_agencies(
    coordinator_client, agency, strategy_division, finance_division
):
    add_measures(agency, strategy_division, 1, steps=1)
    small = Measure.objects.get()
    few = queries_of(coordinator_client, f"{LIST_URL}{small.pk}/change/")

    add_measures(agency, finance_division, 1, steps=12)
    add_agencies(5)
    large = Measure.objects.filter(agency=agency).order_by("-pk").first()
    many = queries_of(coordinator_client, f"{LIST_URL}{large.pk}/change/")

    assert len(many) == len(few), "\n".join(q[:150] for q in many)
    assert len(many) <= 20


def test_an_administrators_list_makes_the_same_queries_for_more_agencies(admin_client):
    add_agencies(3)
    few = queries_of(admin_client, LIST_URL)

    add_agencies(60, start=3)
    many = queries_of(admin_client, LIST_URL)

    assert len(many) == len(few)


def test_an_administrators_list_finds_its_years_without_reading_every_measure(admin_client):
    add_agencies(3)

    sql = queries_of(admin_client, LIST_URL)

    assert not [q for q in sql if "DISTINCT" in q and '"fiscal_year"' in q and "WHERE" not in q]


def test_an_administrator_gets_report_links_only_for_the_agencies_on_the_page(admin_client):
    add_agencies(60)

    page = admin_client.get(LIST_URL + "?fiscal_year=2568").content.decode()

    # 50 measures a page, one agency each.
    assert page.count("/2568/pdf/") == 50


def test_an_administrator_gets_the_division_filter_once_the_list_shows_one_agency(
    admin_client, agency, other_agency
):
    ours = Division.objects.create(agency=agency, name="กองของรังสิต")
    theirs = Division.objects.create(agency=other_agency, name="กองของหน่วยอื่น")
    add_measures(agency, ours, 1)
    add_measures(other_agency, theirs, 1)

    every_agency = admin_client.get(LIST_URL).content.decode()
    one_agency = admin_client.get(f"{LIST_URL}?agency__id__exact={agency.pk}").content.decode()

    assert "กองของหน่วยอื่น" in every_agency  # in the rows, not as a filter choice
    assert f"responsible_divisions__id__exact={theirs.pk}" not in every_agency
    assert f"responsible_divisions__id__exact={ours.pk}" in one_agency
    assert f"responsible_divisions__id__exact={theirs.pk}" not in one_agency


def test_an_administrators_change_page_offers_only_the_measures_agencys_divisions(
    admin_client, agency, other_agency
):
    ours = Division.objects.create(agency=agency, name="กองของรังสิต")
    Division.objects.create(agency=other_agency, name="กองของหน่วยอื่น")
    add_measures(agency, ours, 1)
    measure = Measure.objects.get()

    page = admin_client.get(f"{LIST_URL}{measure.pk}/change/").content.decode()

    assert "กองของรังสิต" in page
    assert "กองของหน่วยอื่น" not in page
    # The agency is searched for, not listed.
    assert "เทศบาลเมืองตัวอย่าง" not in page


def test_an_administrators_list_of_every_year_counts_no_further_than_its_limit(
    admin_client, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "limit", 3)
    add_agencies(5)

    sql = queries_of(admin_client, LIST_URL + "?fiscal_year=all")
    page = admin_client.get(LIST_URL + "?fiscal_year=all").content.decode()

    counts = [q for q in sql if q.startswith("SELECT COUNT(")]
    assert len(counts) == 1
    assert "LIMIT 4" in counts[0]
    assert "มากกว่า 3 มาตรการ" in page
    assert page.count('class="action-select"') == 5  # the rows are all there


def test_a_list_within_the_limit_shows_its_count(admin_client, monkeypatch):
    monkeypatch.setattr(CappedCountPaginator, "limit", 3)
    add_agencies(2)

    page = admin_client.get(LIST_URL + "?fiscal_year=all").content.decode()

    assert "2 มาตรการ" in page
    assert "มากกว่า" not in page
