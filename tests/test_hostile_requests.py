"""Crafted requests answer 400 or a Thai form error, never a server error."""

import re

import pytest
from django.test import Client

from ita.models import AgencyScore, AssessmentYear
from measures.models import Measure
from tests.test_ita_reference_data import score_form
from tests.test_measure_admin import ADD_URL, measure_form

CONTROL_CHARACTER_URLS = [
    "/admin/measures/measure/?status__exact=%00",
    "/admin/measures/measure/?q=%00",
    "/admin/measures/measure/?o=%01",
    "/admin/measures/measure/?fiscal_year__exact=2568%00",
    "/admin/autocomplete/?app_label=measures&model_name=measure&field_name=indicators&term=%00",
    "/dashboard/?agency=%00",
    "/dashboard/?%00=1",
    "/reports/rangsit/2568/?x=%1b",
    "/admin/measures/measure/%00/change/",
]


@pytest.fixture
def quiet_client():
    """A client that returns the 500 response a browser would get, instead of raising."""
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("url", CONTROL_CHARACTER_URLS)
def test_a_control_character_in_the_url_answers_400_in_thai(
    quiet_client, admin_user, coordinator, url
):
    for user in (admin_user, coordinator):
        quiet_client.force_login(user)
        response = quiet_client.get(url)
        assert response.status_code == 400, (user, url)
        assert "อักขระควบคุม" in response.content.decode()


def test_an_anonymous_request_with_a_nul_answers_400(quiet_client, agency):
    response = quiet_client.get("/dashboard/?agency=%00")
    assert response.status_code == 400


def test_a_nul_in_a_posted_field_answers_400_and_stores_nothing(
    quiet_client, coordinator, agency, strategy_division
):
    quiet_client.force_login(coordinator)
    for field in ("titles", "agency", "responsible_divisions", "indicators"):
        data = measure_form(agency, [strategy_division]) | {field: "1\x00"}
        response = quiet_client.post(ADD_URL, data)
        assert response.status_code == 400, field
    assert not Measure.objects.exists()


def test_tabs_and_line_breaks_in_a_posted_text_are_kept(
    quiet_client, coordinator, agency, strategy_division
):
    quiet_client.force_login(coordinator)
    data = measure_form(agency, [strategy_division], outcome="ก\tข\r\nค")
    response = quiet_client.post(ADD_URL, data)
    assert response.status_code == 302
    assert Measure.objects.get().outcome == "ก\tข\r\nค"


@pytest.mark.parametrize("year", ["99999", "0", "543", "-1", "2025"])
def test_a_fiscal_year_out_of_range_with_a_start_date_is_a_thai_form_error(
    quiet_client, coordinator, agency, strategy_division, year
):
    quiet_client.force_login(coordinator)
    data = measure_form(agency, [strategy_division], fiscal_year=year)
    response = quiet_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "fiscal_year" in errors
    assert not Measure.objects.exists()


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999", "๑"])
def test_a_forged_ita_item_is_a_thai_form_error(
    quiet_client, coordinator, agency, strategy_division, value
):
    quiet_client.force_login(coordinator)
    data = measure_form(agency, [strategy_division], indicators=[value])
    response = quiet_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "indicators" in response.context["adminform"].form.errors
    assert not Measure.objects.exists()


@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_a_forged_division_beyond_any_id_is_a_thai_form_error(
    quiet_client, coordinator, agency, strategy_division, value
):
    # SQLite (the demo's database) cannot take such a number as a parameter at all.
    quiet_client.force_login(coordinator)
    data = {**measure_form(agency, [strategy_division]), "responsible_divisions": [value]}
    response = quiet_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "responsible_divisions" in response.context["adminform"].form.errors
    assert not Measure.objects.exists()


def test_a_forged_number_of_steps_is_capped_with_a_thai_error(
    quiet_client, coordinator, agency, strategy_division
):
    quiet_client.force_login(coordinator)
    data = measure_form(agency, [strategy_division]) | {"steps-TOTAL_FORMS": "99999999"}
    response = quiet_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "กรุณาส่งไม่เกิน 100 รายการ" in response.content.decode()
    # Only the forms up to the cap are built and shown again.
    rows = set(re.findall(r'name="steps-(\d+)-text"', response.content.decode()))
    assert len(rows) <= 100
    assert not Measure.objects.exists()


def test_a_forged_number_of_item_scores_is_capped_with_a_thai_error(
    quiet_client, coordinator, agency
):
    year = AssessmentYear.objects.get(year_be=2568)
    quiet_client.force_login(coordinator)
    data = score_form(year, "99.70", ("๐๑๔", "100")) | {
        "agency": agency.pk,
        "indicator_scores-TOTAL_FORMS": "99999999",
    }
    response = quiet_client.post("/admin/ita/agencyscore/add/", data)
    assert response.status_code == 200
    assert "กรุณาส่งไม่เกิน 200 รายการ" in response.content.decode()
    assert not AgencyScore.objects.exists()
