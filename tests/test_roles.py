"""What each role may do in the admin."""

from datetime import date

import pytest

from measures.models import Measure
from reports.models import ReportSignature
from tests.conftest import PASSWORD


@pytest.fixture
def measure(agency):
    return Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")


def status(client, user, method, url):
    client.login(username=user.username, password=PASSWORD)
    return getattr(client, method)(url).status_code


def test_an_officer_enters_measures_but_cannot_delete_them(client, officer, measure):
    assert status(client, officer, "get", "/admin/measures/measure/add/") == 200
    assert status(client, officer, "get", f"/admin/measures/measure/{measure.pk}/delete/") == 403


def test_an_executive_reads_but_cannot_change(client, executive, measure):
    assert status(client, executive, "get", f"/admin/measures/measure/{measure.pk}/change/") == 200
    assert status(client, executive, "post", f"/admin/measures/measure/{measure.pk}/change/") == 403
    assert status(client, executive, "get", "/admin/ita/agencyscore/add/") == 403


def test_the_coordinator_enters_scores_and_signatures(client, coordinator):
    assert status(client, coordinator, "get", "/admin/ita/agencyscore/add/") == 200
    assert status(client, coordinator, "get", "/admin/reports/reportsignature/add/") == 200


def test_an_executive_reads_a_signature_date_in_be(client, executive, agency):
    signature = ReportSignature.objects.create(
        agency=agency, fiscal_year=2568, reporter_name="นางสาวผู้รายงาน", signed_on=date(2025, 10, 9)
    )
    client.login(username=executive.username, password=PASSWORD)

    url = f"/admin/reports/reportsignature/{signature.pk}/change/"
    page = client.get(url).content.decode()

    assert "09/10/2568" in page
    assert "2025" not in page
