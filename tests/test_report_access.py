"""Who may read an agency's report: its own staff and superusers; nobody else learns of it."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from measures import roles
from tests.conftest import make_staff

PAGES = ["reports:report", "reports:report_pdf"]


def url(name, slug="rangsit"):
    return reverse(name, args=[slug, 2568])


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_an_anonymous_visitor_to_the_login_page(client, agency, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", PAGES)
def test_it_hides_the_report_from_staff_of_another_agency(client, agency, other_agency, name):
    stranger = make_staff("stranger", other_agency, roles.COORDINATOR)
    client.force_login(stranger)
    assert client.get(url(name)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_it_hides_the_report_from_a_user_who_is_not_staff(client, agency, name):
    user = User.objects.create_user("citizen")
    client.force_login(user)
    assert client.get(url(name)).status_code == 404


@pytest.mark.parametrize("user", ["coordinator", "officer", "executive", "admin_user"])
def test_it_shows_the_report_to_the_agency_staff_and_superusers(client, agency, user, request):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url("reports:report")).status_code == 200


def test_the_pdf_downloads_as_an_attachment_named_after_agency_and_year(client, coordinator):
    client.force_login(coordinator)
    response = client.get(url("reports:report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ita-report-rangsit-2568.pdf"'
    assert response.content.startswith(b"%PDF")


def test_an_unknown_agency_is_not_found_even_for_a_superuser(client, admin_user):
    client.force_login(admin_user)
    assert client.get(url("reports:report", slug="nowhere")).status_code == 404


@pytest.mark.parametrize("year", [2025, 0, 99999])
@pytest.mark.parametrize("name", PAGES)
def test_a_year_that_is_not_a_be_fiscal_year_is_not_found(client, coordinator, name, year):
    client.force_login(coordinator)
    assert client.get(reverse(name, args=["rangsit", year])).status_code == 404
