"""The measure list and delete pages say plainly which fiscal year a measure belongs to, so a
copy made for next year is never mistaken for its original."""

import re
from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from measures.models import Measure

LIST_URL = "/admin/measures/measure/"
# 15 January 2569 BE: fiscal year 2569 (1 October 2568 – 30 September 2569).
IN_FISCAL_2569 = timezone.make_aware(datetime(2026, 1, 15, 10, 0))


@pytest.fixture
def years(agency, other_agency, finance_division, other_division):
    """Rangsit's measure of 2568 and its copy in 2569, and the other agency's of 2570."""
    original = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการเดิม")
    original.responsible_divisions.add(finance_division)
    copy = original.copy_to_next_year()
    other = Measure.objects.create(agency=other_agency, fiscal_year=2570, titles="ของหน่วยอื่น")
    other.responsible_divisions.add(other_division)
    return original, copy


def rows(page):
    """(year, number) of each row of the list."""
    cells = r'class="field-year">(\d+)</t[dh]>\s*<t[dh] class="field-number"><a [^>]*>(\d+)</a>'
    return re.findall(cells, page)


def year_choices(page):
    filter_box = page[page.index('id="changelist-filter"') :]
    filter_box = filter_box[: filter_box.index("</details>")]
    return re.findall(r'<a href="\?fiscal_year=(\w+)">([^<]+)</a>', filter_box)


@pytest.fixture
def as_user(client, request):
    def log_in(name):
        client.force_login(request.getfixturevalue(name))
        return client

    return log_in


@time_machine.travel(IN_FISCAL_2569, tick=False)
@pytest.mark.parametrize("user", ["coordinator", "officer", "executive"])
def test_the_list_opens_on_this_fiscal_year_with_a_year_column(as_user, years, user):
    page = as_user(user).get(LIST_URL).content.decode()

    assert "column-year" in page
    assert "ปีงบประมาณ" in page
    assert rows(page) == [("2569", "1")]


@time_machine.travel(IN_FISCAL_2569, tick=False)
def test_the_year_filter_offers_the_agencys_own_years_newest_first(as_user, years):
    page = as_user("coordinator").get(LIST_URL).content.decode()

    assert year_choices(page) == [("2569", "2569"), ("2568", "2568"), ("all", "ทุกปี")]
    assert re.search(r'class="selected">\s*<a href="\?fiscal_year=2569"', page)


@time_machine.travel(IN_FISCAL_2569, tick=False)
def test_an_agency_with_only_next_years_measures_opens_on_it(client, other_coordinator, years):
    client.force_login(other_coordinator)

    page = client.get(LIST_URL).content.decode()

    assert year_choices(page) == [("2570", "2570"), ("all", "ทุกปี")]
    assert rows(page) == [("2570", "1")]


@time_machine.travel(IN_FISCAL_2569, tick=False)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?fiscal_year=2568", [("2568", "1")]),
        ("?fiscal_year=๒๕๖๘", [("2568", "1")]),
        # The older spelling, still in bookmarks and the report's links.
        ("?fiscal_year__exact=2568", [("2568", "1")]),
        ("?fiscal_year=all", [("2569", "1"), ("2568", "1")]),
    ],
)
def test_a_chosen_year_or_every_year_is_listed(as_user, years, query, expected):
    page = as_user("coordinator").get(LIST_URL + query).content.decode()

    assert rows(page) == expected


@time_machine.travel(IN_FISCAL_2569, tick=False)
def test_an_administrator_sees_every_agencys_years(as_user, years):
    page = as_user("admin_user").get(LIST_URL + "?fiscal_year=all").content.decode()

    assert sorted(rows(page)) == [("2568", "1"), ("2569", "1"), ("2570", "1")]


@pytest.mark.parametrize("year", ["abc", "25681", "๒๕๖x"])
def test_a_year_that_is_no_year_returns_to_the_list(as_user, years, year):
    response = as_user("coordinator").get(LIST_URL, {"fiscal_year": year})

    assert response.status_code == 302
    assert response["Location"] == f"{LIST_URL}?e=1"


def test_the_delete_page_names_the_measures_fiscal_year(as_user, years):
    original, copy = years

    page = as_user("coordinator").get(f"{LIST_URL}{copy.pk}/delete/").content.decode()

    assert "1. มาตรการเดิม (ปีงบประมาณ 2569)" in page
    assert "ปีงบประมาณ 2568" not in page


def test_deleting_several_measures_names_each_ones_year(as_user, years):
    original, copy = years
    post = {"action": "delete_selected", "_selected_action": [original.pk, copy.pk]}

    page = as_user("coordinator").post(LIST_URL, post).content.decode()

    assert "1. มาตรการเดิม (ปีงบประมาณ 2568)" in page
    assert "1. มาตรการเดิม (ปีงบประมาณ 2569)" in page


def test_the_deleted_measures_list_shows_the_year(as_user, years):
    original, copy = years
    copy.delete()

    page = as_user("coordinator").get(f"{LIST_URL}deleted/").content.decode()

    assert re.search(r"<td>2569</td><td>1</td>", page)
