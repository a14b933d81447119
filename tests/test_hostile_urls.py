"""Every page outside the admin (the admin has its own fuzz tests) answers hostile path values
and query strings without a server error, for a visitor, a coordinator, a division officer, an
administrator and another agency's coordinator: a NUL or escape byte, a 5,000-character value,
a number too large for the database, a CE year, another agency's slug.

The pages are found by walking the URL configuration, so a page added later is tested too.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from measures import roles
from measures.models import Result
from publication.models import ReportState
from tests.conftest import make_staff
from tests.test_publication_workflow import YEAR, A, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

HUGE = "9" * 30
# Longer than gunicorn lets through (a 4,094-byte request line), so it stands for anything
# longer; Python's unquoting alone costs seconds at 100,000 characters.
LONG = "ก" * 5_000
# What each kind of path value is replaced with: a value the page knows, then hostile ones.
VALUES = {
    "slug": ["rangsit", "sample", "x" * 300],
    "int": [str(YEAR), "2025", HUGE],
    "str": ["rangsit", "%00", quote("ก" * 300)],
}
QUERIES = ["", "?q=%00&year=%1b", f"?q={quote(LONG)}&agency={HUGE}"]
# Who also posts to each path (without a query): the forms' views are the same for all.
POSTING = {"visitor", "coordinator", "other-coordinator"}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns=None, prefix=""):
    """Every route outside the admin, as "reports/<slug:slug>/<int:fiscal_year>/"."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def urls(route):
    """The route with its path values replaced by each row of VALUES, with each query; the
    first is the plain one."""
    found = []
    for pick in range(3):
        path = PARAMETER.sub(lambda match, pick=pick: VALUES[match[1] or "str"][pick], route)
        found += [f"/{path}{query}" for query in QUERIES]
    return list(dict.fromkeys(found))


@pytest.fixture
def visitors(agency, strategy_division, other_agency, coordinator, officer, executive, admin_user):
    """A published report with a result, and a client for each visitor."""
    measure = add_measure(agency, strategy_division)
    Result.objects.filter(measure=measure).update(evidence_links="https://example.go.th/1")
    people = {"coordinator": coordinator, "officer": officer, "executive": executive}
    walk(agency, people | {"admin": admin_user}, [A.SUBMIT, A.APPROVE, A.PUBLISH])
    assert ReportState.for_year(agency, YEAR).state == ReportState.State.PUBLISHED
    stranger = make_staff("other-coordinator", other_agency, roles.COORDINATOR)
    clients = {"visitor": Client(raise_request_exception=False)}
    for user in [coordinator, officer, admin_user, stranger]:
        clients[user.username] = Client(raise_request_exception=False)
        clients[user.username].force_login(user)
    return clients


def test_the_walk_finds_the_pages_of_every_app():
    found = set(routes())
    for route in ["my/", "dashboard/oit/<int:year_be>/", "public/<slug:slug>/<int:fiscal_year>/"]:
        assert route in found
    assert not any(route.startswith("admin/") for route in found)


def test_a_hostile_path_or_query_never_costs_a_server_error(visitors):
    """One test over every route, so the published report is made once; the failures are
    listed together."""
    failures, answered = [], set()
    for route in sorted(routes()):
        for index, url in enumerate(urls(route)):
            for name, client in visitors.items():
                statuses = [client.get(url).status_code]
                if index % len(QUERIES) == 0 and name in POSTING:
                    statuses.append(client.post(url).status_code)
                answered.update(statuses)
                if max(statuses) >= 500:
                    failures.append((name, url[:120], statuses))
    assert not failures
    # The walk reached pages that answer, refuse and redirect, not only 404s.
    assert {200, 302, 404} <= answered
