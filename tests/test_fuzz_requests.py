"""Arbitrary text in the query parameters and form fields of the admin, the dashboard and
the report never costs a server error, for a coordinator, an administrator or a visitor.

Hypothesis drives the requests; the client raises any exception a view lets through, so a
failure shows its traceback and the smallest input that causes it.
"""

from datetime import date

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ita.models import AssessmentYear, Indicator
from measures.models import Measure, Result, Step
from tests.test_ita_reference_data import score_form
from tests.test_measure_admin import ADD_URL, measure_form
from thai.calendar import TO_THAI as THAI_DIGITS

# Bounded so the whole file runs in well under a minute; the database state is read-only
# for the GET tests, so the function-scoped fixtures are safe to share between examples.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LIST_PARAMETERS = ["q", "o", "p", "all"]
# Each list with the filters it offers, so that most requests reach the list's query.
ADMIN_LISTS = {
    "/admin/measures/measure/": [
        "agency__id__exact",
        "status__exact",
        "fiscal_year__exact",
        "fiscal_year",
        "responsible_divisions__id__exact",
    ],
    "/admin/measures/division/": ["agency__id__exact"],
    "/admin/ita/indicator/": [
        "assessment_year__id__exact",
        "instrument__exact",
        "certainty__exact",
    ],
    "/admin/ita/agencyscore/": ["assessment_year__id__exact", "agency__id__exact"],
    "/admin/reports/reportsignature/": ["fiscal_year__exact"],
    "/admin/auth/user/": ["is_staff__exact", "groups__id__exact"],
}
# Parameters that change how the admin answers (popups, errors) rather than what it lists.
RARE_PARAMETERS = ["e", "_changelist_filters", "_to_field", "_popup"]
DASHBOARD_PARAMETERS = ["agency", "year", "sort", "every-sort", "none-sort", "d1-sort"]

# Text of every kind, the characters that broke views before (NUL and other controls,
# quotes, markup, Arabic-Indic and Thai digits), and the shapes the views parse: ids,
# orderings like "2.-1", years.
any_text = st.text(max_size=40)
numbers = st.integers(min_value=-(2**70), max_value=2**70).map(str)
orderings = st.lists(st.integers(-20, 20).map(str), max_size=4).map(".".join)
thai_years = st.integers(0, 99999).map(lambda n: str(n).translate(THAI_DIGITS))
plain = st.one_of(any_text, numbers, orderings, thai_years)
# NUL and other controls, quotes, markup and Arabic-Indic digits put into any of those.
hostile = st.builds(
    lambda text, at, character: text[:at] + character + text[at:],
    plain,
    st.integers(0, 40),
    # "²" is a digit to str.isdigit() but not to int().
    st.sampled_from(["\x00", "\x00", "\x1b", "\x7f", "\r", "'", '"', "%", "<", "&", "٣", "๑", "²"]),
)
values = st.one_of(plain, hostile)


def queries(names):
    """One to three parameters the view reads, sometimes with one it does not expect."""
    known = st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=3)
    other_names = st.one_of(st.sampled_from(RARE_PARAMETERS), st.text(max_size=12))
    other = st.one_of(st.just({}), st.dictionaries(other_names, values, max_size=1))
    return st.builds(lambda a, b: b | a, known, other)


def admin_lists():
    return st.sampled_from(sorted(ADMIN_LISTS)).flatmap(
        lambda url: st.tuples(st.just(url), queries(LIST_PARAMETERS + ADMIN_LISTS[url]))
    )


@pytest.fixture
def register(agency, strategy_division, other_agency):
    measure = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="<b>มาตรการ</b>", started_on=date(2024, 10, 1)
    )
    measure.responsible_divisions.set([strategy_division])
    measure.indicators.set(Indicator.objects.all()[:2])
    Step.objects.create(measure=measure, text="ขั้นตอน")
    Result.objects.create(measure=measure, text="ผล", evidence_links="https://x.test/1")
    return measure


@pytest.fixture
def clients(register, coordinator, admin_user):
    visitors = {"anonymous": Client()}
    for user in (coordinator, admin_user):
        visitors[user.username] = Client()
        visitors[user.username].force_login(user)
    return visitors


def assert_no_server_error(clients, method, url, data):
    for name, client in clients.items():
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (name, url, data)


@FUZZ
@given(url_and_query=admin_lists())
@example(("/admin/measures/measure/", {"status__exact": "\x00"}))
@example(("/admin/measures/measure/", {"q": "\x00"}))
@example(("/admin/ita/indicator/", {"instrument__exact": "\x00"}))
@example(("/admin/measures/measure/", {"fiscal_year": "²"}))
@example(("/admin/measures/measure/", {"fiscal_year__exact": "²"}))
@example(("/admin/measures/measure/", {"agency__id__exact": "²"}))
@example(("/admin/measures/measure/", {"agency__id__exact": "9" * 30}))
@example(("/admin/measures/measure/add/", {"agency": "²"}))
def test_admin_lists_survive_any_filter_search_and_ordering(clients, url_and_query):
    url, query = url_and_query
    assert_no_server_error(clients, "get", url, query)


@FUZZ
@given(
    field_name=st.sampled_from(["indicators", "responsible_divisions", "agency", "parent"]),
    model_name=st.sampled_from(["measure", "indicator", "x"]),
    app_label=st.sampled_from(["measures", "ita", "auth", ""]),
    term=values,
    page=values,
)
@example(field_name="indicators", model_name="measure", app_label="measures", term="\x00", page="1")
def test_the_autocomplete_survives_any_term(clients, field_name, model_name, app_label, term, page):
    query = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": term,
        "page": page,
    }
    assert_no_server_error(clients, "get", "/admin/autocomplete/", query)


@FUZZ
@given(query=queries(DASHBOARD_PARAMETERS))
@example(query={"agency": "\x00"})
def test_the_dashboard_survives_any_query(clients, query):
    assert_no_server_error(clients, "get", "/dashboard/", query)


@FUZZ
@given(
    slug=st.one_of(st.just("rangsit"), st.from_regex(r"[-a-zA-Z0-9_]{1,20}", fullmatch=True)),
    year=st.one_of(st.integers(0, 10**12), st.integers(2560, 2570)),
    query=queries(["format", "page"]),
)
def test_the_report_page_survives_any_agency_year_and_query(clients, slug, year, query):
    assert_no_server_error(clients, "get", f"/reports/{slug}/{year}/", query)


MEASURE_FIELDS = [
    "agency",
    "fiscal_year",
    "number",
    "titles",
    "started_on",
    "ended_on",
    "responsible_divisions",
    "is_every_division",
    "steps_style",
    "results_style",
    "results_intro",
    "outcome",
    "status",
    "progress",
    "indicators",
    "states_scores",
    "steps-TOTAL_FORMS",
    "steps-INITIAL_FORMS",
    "steps-0-position",
    "steps-0-text",
    "results-TOTAL_FORMS",
    "results-0-done_on",
    "results-0-evidence_links",
    "results-0-position",
    "_save",
    "_continue",
    "_saveasnew",
    "action",
    "_selected_action",
]


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from(MEASURE_FIELDS),
        st.lists(values, min_size=1, max_size=3),
        min_size=1,
        max_size=4,
    ),
    existing=st.booleans(),
)
@example(changes={"fiscal_year": ["99999"]}, existing=False)
@example(changes={"indicators": ["abc"]}, existing=True)
@example(changes={"steps-TOTAL_FORMS": ["99999999"]}, existing=False)
def test_the_measure_form_survives_any_posted_field(
    clients, register, agency, strategy_division, changes, existing
):
    data = measure_form(agency, [strategy_division]) | changes
    url = f"/admin/measures/measure/{register.pk}/change/" if existing else ADD_URL
    assert_no_server_error(clients, "post", url, data)


@FUZZ
@given(query=queries(["action", "_selected_action", "index", "select_across", "post"]))
def test_the_measure_list_actions_survive_any_post(clients, query):
    assert_no_server_error(clients, "post", "/admin/measures/measure/", query)


SCORE_FIELDS = [
    "agency",
    "assessment_year",
    "overall",
    "iit",
    "eit",
    "oit",
    "indicator_scores-TOTAL_FORMS",
    "indicator_scores-INITIAL_FORMS",
    "indicator_scores-0-code",
    "indicator_scores-0-score",
    "indicator_scores-1-code",
    "indicator_scores-1-score",
]
score_values = st.one_of(values, st.sampled_from(["NaN", "Infinity", "-0", "1e999", "100.001"]))


@FUZZ
@given(
    changes=st.dictionaries(
        st.sampled_from(SCORE_FIELDS),
        st.lists(score_values, min_size=1, max_size=2),
        min_size=1,
        max_size=4,
    )
)
@example(changes={"overall": ["NaN"], "indicator_scores-0-code": ["\x00"]})
def test_the_ita_score_form_survives_any_posted_field(clients, agency, changes):
    year = AssessmentYear.objects.get(year_be=2568)
    data = score_form(year, "99.70", ("๐๑๔", "100"), ("i๑๐", "100")) | {"agency": agency.pk}
    assert_no_server_error(clients, "post", "/admin/ita/agencyscore/add/", data | changes)
