"""The agency scores in the admin: staff see their own agency only, and read-only pages
still say which item each score is for."""

import re

import pytest
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore


@pytest.fixture
def score(agency):
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="99.70")
    i10 = Indicator.objects.get(assessment_year=year, code="i10")
    IndicatorScore.objects.create(agency_score=score, indicator=i10, score="93.21")
    return score


def test_an_officer_score_list_does_not_name_another_agency(client, officer, score, other_agency):
    AgencyScore.objects.create(
        agency=other_agency, assessment_year=score.assessment_year, overall="77.77"
    )
    client.force_login(officer)
    response = client.get(reverse("admin:ita_agencyscore_changelist"))
    assert response.status_code == 200
    assert other_agency.name not in response.text


def test_an_administrator_still_filters_the_scores_by_agency(
    client, admin_user, score, other_agency
):
    AgencyScore.objects.create(
        agency=other_agency, assessment_year=score.assessment_year, overall="77.77"
    )
    client.force_login(admin_user)
    response = client.get(reverse("admin:ita_agencyscore_changelist"))
    assert f"?agency__id__exact={other_agency.pk}" in response.text


def test_an_executive_reads_the_code_of_each_item_score(client, executive, score):
    client.force_login(executive)
    response = client.get(reverse("admin:ita_agencyscore_change", args=[score.pk]))
    assert response.status_code == 200
    # The row's title says "i10: 93.21" anyway; the code column itself must say i10.
    cells = re.findall(r'<td class="field-[^"]*">\s*<p>(.*?)</p>', response.text)
    assert cells == ["i10", "93.21"]


def test_the_coordinator_still_types_the_code_of_each_item_score(client, coordinator, score):
    client.force_login(coordinator)
    response = client.get(reverse("admin:ita_agencyscore_change", args=[score.pk]))
    assert 'name="indicator_scores-0-code" value="i10"' in response.text
    assert response.text.count('<th class="column-') == 2  # the code once, then the score
