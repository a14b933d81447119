"""The permission matrix of the README, cell by cell, with two agencies and two divisions.

The officer works in สำนักคลัง (finance). Rangsit has a finance measure, a strategy measure
and a measure of every division; the other agency has one measure of its own ("foreign").
Each row below is one user; each column one of those measures.
"""

import pytest
from django.urls import reverse

from ita.models import AssessmentYear, Indicator
from measures.models import Measure

MEASURES = ["finance", "strategy", "every", "foreign"]
USERS = ["admin_user", "coordinator", "officer", "executive", "roleless", "other_coordinator"]

# Opening a measure's page: "edit" a form with a save button, "read" the same page read-only,
# "gone" sent back to the admin's index as if it did not exist, "403" refused.
OPEN = {
    "admin_user": ["edit", "edit", "edit", "edit"],
    "coordinator": ["edit", "edit", "edit", "gone"],
    "officer": ["edit", "read", "edit", "gone"],
    "executive": ["read", "read", "read", "gone"],
    "roleless": ["403", "403", "403", "403"],
    "other_coordinator": ["gone", "gone", "gone", "edit"],
}
# Posting the change form: "saved", "403" refused, "gone" (nothing stored either way).
CHANGE = {
    "admin_user": ["saved", "saved", "saved", "saved"],
    "coordinator": ["saved", "saved", "saved", "gone"],
    "officer": ["saved", "403", "saved", "gone"],
    "executive": ["403", "403", "403", "403"],
    "roleless": ["403", "403", "403", "403"],
    "other_coordinator": ["gone", "gone", "gone", "saved"],
}
# The delete page: "ok" shows the confirmation, then as above.
DELETE = {
    "admin_user": ["ok", "ok", "ok", "ok"],
    "coordinator": ["ok", "ok", "ok", "gone"],
    "officer": ["403", "403", "403", "403"],
    "executive": ["403", "403", "403", "403"],
    "roleless": ["403", "403", "403", "403"],
    "other_coordinator": ["gone", "gone", "gone", "ok"],
}
# The history page: "ok" shows it; "no" shows nothing of the measure (403, 404 or back to the
# index, whichever the admin's history view answers).
HISTORY = {
    "admin_user": ["ok", "ok", "ok", "ok"],
    "coordinator": ["ok", "ok", "ok", "no"],
    "officer": ["ok", "ok", "ok", "no"],
    "executive": ["ok", "ok", "ok", "no"],
    "roleless": ["no", "no", "no", "no"],
    "other_coordinator": ["no", "no", "no", "ok"],
}
# Status codes of the pages that belong to no one measure. The other agency's coordinator
# asks for Rangsit's report (404: not theirs); the dashboard shows them their own agency.
PAGES = {
    #                    list  add  autocomplete report pdf  dashboard staff accounts
    "admin_user": [200, 200, 200, 200, 200, 200, 200],
    "coordinator": [200, 200, 200, 200, 200, 200, 200],
    "officer": [200, 200, 200, 200, 200, 200, 403],
    "executive": [200, 403, 200, 200, 200, 200, 403],
    "roleless": [403, 403, 403, 404, 404, 403, 403],
    "other_coordinator": [200, 200, 200, 404, 404, 200, 200],
}
PAGE_URLS = [
    "/admin/measures/measure/",
    "/admin/measures/measure/add/",
    "/admin/autocomplete/?app_label=measures&model_name=measure&field_name=indicators&term=o14",
    "/reports/rangsit/2568/",
    "/reports/rangsit/2568/pdf/",
    "/dashboard/",
    "/admin/auth/user/",
]


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Hashing the cast's passwords with PBKDF2 would cost seconds in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def measures(agency, other_agency, finance_division, strategy_division, other_division):
    finance = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการของสำนักคลัง")
    finance.responsible_divisions.add(finance_division)
    strategy = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการของกองยุทธ")
    strategy.responsible_divisions.add(strategy_division)
    every = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="มาตรการของทุกกอง", is_every_division=True
    )
    foreign = Measure.objects.create(
        agency=other_agency, fiscal_year=2568, titles="มาตรการของหน่วยงานอื่น"
    )
    foreign.responsible_divisions.add(other_division)
    return dict(zip(MEASURES, [finance, strategy, every, foreign], strict=True))


@pytest.fixture
def cast(request, admin_user, coordinator, officer, executive, roleless, other_coordinator):
    return {name: request.getfixturevalue(name) for name in USERS}


def cells(table):
    return [
        pytest.param(user, measure, table[user][column], id=f"{user}-{measure}")
        for user in USERS
        for column, measure in enumerate(MEASURES)
    ]


def change_form(measure):
    """The measure's change form as the browser would post it, with a new outcome."""
    return {
        "agency": str(measure.agency_id),
        "fiscal_year": str(measure.fiscal_year),
        "number": str(measure.number),
        "titles": measure.titles,
        "responsible_divisions": [str(d.pk) for d in measure.responsible_divisions.all()],
        "is_every_division": "on" if measure.is_every_division else "",
        "steps_style": "numbered",
        "results_style": "numbered",
        "outcome": "ผลลัพธ์ที่แก้ไขแล้ว",
        "status": "in_progress",
        "progress": "50",
        **{f"steps-{key}": value for key, value in EMPTY_INLINE.items()},
        **{f"results-{key}": value for key, value in EMPTY_INLINE.items()},
    }


EMPTY_INLINE = {
    "TOTAL_FORMS": "0",
    "INITIAL_FORMS": "0",
    "MIN_NUM_FORMS": "0",
    "MAX_NUM_FORMS": "1000",
}


def url(measure, page):
    return f"/admin/measures/measure/{measure.pk}/{page}/"


def is_gone(response):
    return response.status_code == 302 and response.url == reverse("admin:index")


@pytest.mark.parametrize("user, measure, expected", cells(OPEN))
def test_opening_a_measure(client, cast, measures, user, measure, expected):
    client.force_login(cast[user])
    response = client.get(url(measures[measure], "change"))

    if expected == "403":
        assert response.status_code == 403
    elif expected == "gone":
        assert is_gone(response)
    else:
        page = response.content.decode()
        assert response.status_code == 200
        assert measures[measure].plain_title in page
        assert ('name="_save"' in page) is (expected == "edit")


@pytest.mark.parametrize("user, measure, expected", cells(CHANGE))
def test_changing_a_measure(client, cast, measures, user, measure, expected):
    client.force_login(cast[user])
    response = client.post(url(measures[measure], "change"), change_form(measures[measure]))

    outcome = Measure.objects.get(pk=measures[measure].pk).outcome
    if expected == "saved":
        assert response.status_code == 302, response.context["errors"]
        assert outcome == "ผลลัพธ์ที่แก้ไขแล้ว"
        return
    assert outcome == ""
    assert is_gone(response) if expected == "gone" else response.status_code == 403


@pytest.mark.parametrize("user, measure, expected", cells(DELETE))
def test_opening_the_delete_page(client, cast, measures, user, measure, expected):
    client.force_login(cast[user])
    response = client.get(url(measures[measure], "delete"))

    if expected == "ok":
        assert response.status_code == 200
        assert measures[measure].plain_title in response.content.decode()
    else:
        assert is_gone(response) if expected == "gone" else response.status_code == 403


@pytest.mark.parametrize("user, measure, expected", cells(DELETE))
def test_deleting_a_measure(client, cast, measures, user, measure, expected):
    client.force_login(cast[user])
    client.post(url(measures[measure], "delete"), {"post": "yes"})

    still_there = Measure.objects.filter(pk=measures[measure].pk).exists()
    assert still_there is (expected != "ok")


@pytest.mark.parametrize("user, measure, expected", cells(HISTORY))
def test_reading_a_measures_history(client, cast, measures, user, measure, expected):
    client.force_login(cast[user])
    response = client.get(url(measures[measure], "history"))

    if expected == "ok":
        assert response.status_code == 200
    else:
        assert response.status_code in (302, 403, 404)
        assert measures[measure].plain_title not in response.content.decode()


@pytest.mark.parametrize(
    "user, address, expected",
    [
        pytest.param(user, address, PAGES[user][column], id=f"{user}-{address}")
        for user in USERS
        for column, address in enumerate(PAGE_URLS)
    ],
)
def test_the_pages_of_no_one_measure(client, cast, measures, user, address, expected):
    client.force_login(cast[user])
    assert client.get(address).status_code == expected


@pytest.mark.parametrize("address", PAGE_URLS)
def test_an_anonymous_visitor_is_sent_to_log_in(client, address):
    response = client.get(address)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("user", USERS)
def test_the_measure_list_shows_only_the_users_agency(client, cast, measures, user):
    client.force_login(cast[user])
    page = client.get("/admin/measures/measure/").content.decode()

    if user == "roleless":
        assert "มาตรการ" not in page.split("<main")[-1].split("</main>")[0]
        return
    ours = user != "other_coordinator"
    theirs = user in ("admin_user", "other_coordinator")
    assert ("มาตรการของสำนักคลัง" in page) is ours
    assert ("มาตรการของกองยุทธ" in page) is ours
    assert ("มาตรการของหน่วยงานอื่น" in page) is theirs


def test_the_autocomplete_finds_indicators_for_staff_with_a_role(client, officer, measures):
    # Made here: browser tests flush the reference data the migration loads.
    year, _ = AssessmentYear.objects.get_or_create(year_be=2568)
    Indicator.objects.get_or_create(
        assessment_year=year, code="o14", defaults={"instrument": "OIT"}
    )
    client.force_login(officer)
    found = client.get(PAGE_URLS[2]).json()["results"]
    assert any("o14" in row["text"].lower() for row in found)


def test_the_dashboard_shows_the_other_agency_its_own_measures(client, other_coordinator, measures):
    client.force_login(other_coordinator)
    page = client.get("/dashboard/?agency=rangsit").content.decode()

    assert "เทศบาลเมืองตัวอย่าง" in page
    assert "เทศบาลนครรังสิต" not in page


def test_a_staff_user_without_a_role_sees_no_model_in_the_admin(client, roleless, measures):
    client.force_login(roleless)
    page = client.get("/admin/").content.decode()

    assert "/admin/measures/measure/" not in page
    assert "/admin/auth/user/" not in page


# The copy action: which of the four measures each user's POST copies into 2569.
COPIED = {
    "admin_user": {"finance", "strategy", "every", "foreign"},
    "coordinator": {"finance", "strategy", "every"},
    "officer": set(),
    "executive": set(),
    "roleless": set(),
    "other_coordinator": {"foreign"},
}


@pytest.mark.parametrize("user", USERS)
def test_the_copy_action_copies_only_what_the_user_may(client, cast, measures, user):
    client.force_login(cast[user])
    client.post(
        "/admin/measures/measure/",
        {
            "action": "copy_to_next_year",
            "_selected_action": [str(m.pk) for m in measures.values()],
        },
    )

    copied = set(Measure.objects.filter(fiscal_year=2569).values_list("titles", flat=True))
    assert copied == {measures[name].titles for name in COPIED[user]}


@pytest.mark.parametrize("user", ["officer", "executive"])
def test_the_copy_action_is_not_offered_to_officers_and_executives(client, cast, measures, user):
    client.force_login(cast[user])
    assert "copy_to_next_year" not in client.get("/admin/measures/measure/").content.decode()


def test_the_copy_action_is_offered_to_the_coordinator(client, coordinator, measures):
    client.force_login(coordinator)
    assert "copy_to_next_year" in client.get("/admin/measures/measure/").content.decode()
