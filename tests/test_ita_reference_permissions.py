"""ITA reference data (years, levels, indicators) is shared by every agency, so only an
administrator changes it; a coordinator reads it and keeps their own agency's scores."""

import pytest
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear, Indicator
from tests.conftest import PASSWORD


@pytest.fixture
def year_2568(db):
    return AssessmentYear.objects.get(year_be=2568)


def status(client, user, method, url, data=None):
    client.login(username=user.username, password=PASSWORD)
    return getattr(client, method)(url, data or {}).status_code


def test_a_coordinator_reads_the_years_and_indicators(client, coordinator, year_2568):
    i10 = Indicator.objects.get(assessment_year=year_2568, code="i10")
    assert status(client, coordinator, "get", reverse("admin:ita_assessmentyear_changelist")) == 200
    assert status(client, coordinator, "get", reverse("admin:ita_indicator_changelist")) == 200
    url = reverse("admin:ita_indicator_change", args=[i10.pk])
    assert status(client, coordinator, "get", url) == 200


def test_a_coordinator_cannot_rename_a_level_every_agency_shares(client, coordinator, year_2568):
    top = year_2568.top_level
    url = reverse("admin:ita_assessmentyear_change", args=[year_2568.pk])
    data = {
        "year_be": 2568,
        "iit_weight": 30,
        "eit_weight": 30,
        "oit_weight": 40,
        "levels-TOTAL_FORMS": 1,
        "levels-INITIAL_FORMS": 1,
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 1000,
        "levels-0-id": top.pk,
        "levels-0-assessment_year": year_2568.pk,
        "levels-0-name": "ดีมาก",
        "levels-0-minimum_score": "50",
    }
    assert status(client, coordinator, "post", url, data) == 403
    top.refresh_from_db()
    assert (top.name, int(top.minimum_score)) == ("ผ่านดีเยี่ยม", 95)


def test_a_coordinator_cannot_add_change_or_delete_reference_data(coordinator):
    for model in ["assessmentyear", "level", "indicator"]:
        for action in ["add", "change", "delete"]:
            assert not coordinator.has_perm(f"ita.{action}_{model}")
        assert coordinator.has_perm(f"ita.view_{model}")


def test_a_coordinator_keeps_every_action_on_the_scores(coordinator):
    for model in ["agencyscore", "indicatorscore"]:
        for action in ["add", "change", "delete", "view"]:
            assert coordinator.has_perm(f"ita.{action}_{model}")


def test_deleting_a_year_shows_a_coordinator_no_other_agency_scores(
    client, coordinator, other_agency, year_2568
):
    AgencyScore.objects.create(agency=other_agency, assessment_year=year_2568, overall="77.77")
    client.force_login(coordinator)
    response = client.get(reverse("admin:ita_assessmentyear_delete", args=[year_2568.pk]))
    assert response.status_code == 403
    assert other_agency.name not in response.text
    assert "77.77" not in response.text


def test_an_administrator_still_edits_reference_data(client, admin_user, year_2568):
    url = reverse("admin:ita_assessmentyear_change", args=[year_2568.pk])
    assert status(client, admin_user, "get", url) == 200
    assert status(client, admin_user, "get", reverse("admin:ita_indicator_add")) == 200
