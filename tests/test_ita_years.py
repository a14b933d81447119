"""A measure answers the ITA items of its own assessment year (the พ.ศ. of its fiscal year):
the items search offers only those, the form refuses others, copying to the next year moves
the links to the same codes, and a new assessment year starts from the previous year's levels."""

import pytest

from ita.models import AgencyScore, AssessmentYear, Indicator
from measures.models import Measure
from tests.conftest import PASSWORD
from tests.test_copy_to_next_year import copy, make_measure
from tests.test_measure_admin import ADD_URL, measure_form

AUTOCOMPLETE = "/admin/autocomplete/"


def item(year_be, code):
    return Indicator.objects.get(assessment_year__year_be=year_be, code=code)


def search(client, term, **extra):
    query = {"term": term, "app_label": "measures", "model_name": "measure"}
    response = client.get(AUTOCOMPLETE, {**query, "field_name": "indicators", **extra})
    assert response.status_code == 200
    return [Indicator.objects.get(pk=row["id"]) for row in response.json()["results"]]


def test_the_items_search_offers_only_the_measures_assessment_year(client, coordinator):
    client.login(username=coordinator.username, password=PASSWORD)

    assert {i.assessment_year.year_be for i in search(client, "o14")} == {2567, 2568}
    found = search(client, "๐๑๔", assessment_year="๒๕๖๘")
    assert found == [item(2568, "o14")]
    assert search(client, "o14", assessment_year="2567") == [item(2567, "o14")]


def test_the_change_form_asks_the_search_for_the_measures_year(
    client, coordinator, agency, strategy_division
):
    measure = make_measure(agency, strategy_division)  # fiscal year 2567
    client.login(username=coordinator.username, password=PASSWORD)

    page = client.get(f"/admin/measures/measure/{measure.pk}/change/").content.decode()
    assert 'data-ajax--url="/admin/autocomplete/?assessment_year=2567"' in page
    assert "measures/measure_items.js" in page

    page = client.get(f"{ADD_URL}?fiscal_year=2568").content.decode()
    assert 'data-ajax--url="/admin/autocomplete/?assessment_year=2568"' in page


def test_an_item_of_another_assessment_year_is_refused_by_name(
    client, coordinator, agency, strategy_division
):
    client.login(username=coordinator.username, password=PASSWORD)
    form = measure_form(agency, [strategy_division], indicators=[str(item(2567, "o14").pk)])

    response = client.post(ADD_URL, form)

    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.errors["indicators"])
    assert "ITA พ.ศ. 2568 เท่านั้น" in message
    assert "o14" in message and "2567" in message
    assert not Measure.objects.exists()

    form["indicators"] = [str(item(2568, "o14").pk)]
    assert client.post(ADD_URL, form).status_code == 302
    assert list(Measure.objects.get().indicators.all()) == [item(2568, "o14")]


def test_copying_to_the_next_year_links_the_same_codes_and_names_the_missing(
    client, coordinator, agency, strategy_division
):
    measure = make_measure(agency, strategy_division)
    # o14 exists in both years; o30 only in 2567.
    measure.indicators.set([item(2567, "o14"), item(2567, "o30")])

    response = copy(client, coordinator, measure)

    copied = Measure.objects.get(fiscal_year=2568)
    assert list(copied.indicators.all()) == [item(2568, "o14")]
    page = response.content.decode()
    assert "ลำดับที่ 1: ไม่ได้เชื่อมตัวชี้วัด/ข้อ o30" in page
    assert "ITA พ.ศ. 2568 ไม่มีรหัสนี้" in page
    # The original keeps its own year's items.
    assert set(measure.indicators.all()) == {item(2567, "o14"), item(2567, "o30")}


def test_copying_items_that_all_exist_next_year_says_nothing_missing(
    client, coordinator, agency, strategy_division
):
    measure = make_measure(agency, strategy_division)
    measure.indicators.set([item(2567, "o14")])

    response = copy(client, coordinator, measure)

    assert "ไม่ได้เชื่อมตัวชี้วัด" not in response.content.decode()
    assert list(Measure.objects.get(fiscal_year=2568).indicators.all()) == [item(2568, "o14")]


def year_form(year_be, **levels):
    data = {
        "year_be": str(year_be),
        "iit_weight": "30",
        "eit_weight": "30",
        "oit_weight": "40",
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for index, (name, minimum) in enumerate(levels.items()):
        data[f"levels-{index}-name"] = name
        data[f"levels-{index}-minimum_score"] = minimum
    return data


@pytest.fixture
def admin_client_with_levels(client, admin_user):
    latest = AssessmentYear.objects.get(year_be=2568)
    latest.iit_weight, latest.eit_weight, latest.oit_weight = 25, 25, 50
    latest.save()
    latest.levels.all().delete()
    latest.levels.create(name="ผ่านดีเยี่ยม", minimum_score=95)
    latest.levels.create(name="ผ่าน", minimum_score=85)
    latest.levels.create(name="ไม่ผ่าน", minimum_score=0)
    client.login(username=admin_user.username, password=PASSWORD)
    return client


def test_a_new_assessment_year_is_offered_with_the_latest_years_weights(admin_client_with_levels):
    form = admin_client_with_levels.get("/admin/ita/assessmentyear/add/").context["adminform"]

    assert form.form.initial["year_be"] == 2569
    assert [form.form.initial[f"{x}_weight"] for x in ("iit", "eit", "oit")] == [25, 25, 50]


def test_a_new_assessment_year_starts_with_the_previous_years_levels(admin_client_with_levels):
    form = {**year_form(2569), "iit_weight": "25", "eit_weight": "25", "oit_weight": "50"}

    response = admin_client_with_levels.post("/admin/ita/assessmentyear/add/", form, follow=True)

    assert "คัดลอกเกณฑ์ระดับผลการประเมินจาก ITA พ.ศ. 2568" in response.content.decode()
    levels = AssessmentYear.objects.get(year_be=2569).levels.order_by("-minimum_score")
    assert [(lv.name, lv.minimum_score) for lv in levels] == [
        ("ผ่านดีเยี่ยม", 95),
        ("ผ่าน", 85),
        ("ไม่ผ่าน", 0),
    ]


def test_levels_typed_for_the_new_year_are_kept_as_typed(admin_client_with_levels):
    form = year_form(2569, AA="95.00", A="85.00", B="0")

    response = admin_client_with_levels.post("/admin/ita/assessmentyear/add/", form, follow=True)

    assert "คัดลอกเกณฑ์" not in response.content.decode()
    levels = AssessmentYear.objects.get(year_be=2569).levels.order_by("-minimum_score")
    assert [lv.name for lv in levels] == ["AA", "A", "B"]


def test_the_dashboard_says_why_a_year_without_levels_shows_no_level(
    client, executive, admin_user, agency
):
    year = AssessmentYear.objects.create(year_be=2569)
    AgencyScore.objects.create(agency=agency, assessment_year=year, overall="96.50")
    client.login(username=executive.username, password=PASSWORD)

    page = client.get("/dashboard/?year=2569").content.decode()

    assert "ยังไม่ได้กำหนดเกณฑ์ระดับของ ITA พ.ศ. ๒๕๖๙" in page
    assert "โปรดแจ้งผู้ดูแลระบบ" in page
    assert f"/admin/ita/assessmentyear/{year.pk}/change/" not in page

    # An administrator is led to the year's levels; once copied, the level shows.
    client.login(username=admin_user.username, password=PASSWORD)
    dashboard = f"/dashboard/?agency={agency.slug}&year=2569"
    assert f"/admin/ita/assessmentyear/{year.pk}/change/" in client.get(dashboard).content.decode()
    assert year.copy_levels_from_previous() == AssessmentYear.objects.get(year_be=2568)
    page = client.get(dashboard).content.decode()
    assert "ยังไม่ได้กำหนดเกณฑ์ระดับ" not in page
    assert year.level_for(year.agency_scores.get().overall).name in page
