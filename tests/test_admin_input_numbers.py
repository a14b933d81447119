"""Years and scores are typed in Thai or Arabic digits in the admin: a number input would drop
"๒๕๖๘" in the browser, so every one is a text box read here, and a wrong one is told with
what was typed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear
from measures.models import Measure
from reports.models import ReportSignature
from tests.test_ita_reference_data import score_form
from tests.test_measure_admin import ADD_URL, measure_form
from thai.forms import ThaiDecimalField, ThaiIntegerField


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def field_errors(response, name):
    assert response.status_code == 200
    return response.context["adminform"].form.errors[name]


def test_the_year_and_the_progress_are_text_boxes_with_a_digit_keyboard(coordinator_client):
    page = coordinator_client.get(ADD_URL).text
    assert 'type="number"' not in page
    assert 'type="text" name="fiscal_year"' in page
    assert 'name="fiscal_year" value="' in page
    assert 'inputmode="numeric"' in page


def test_a_measure_saved_with_thai_digits_stores_ordinary_numbers(
    coordinator_client, agency, strategy_division
):
    data = measure_form(agency, [strategy_division], fiscal_year="๒๕๖๘", progress="๔๐")
    response = coordinator_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    measure = Measure.objects.get()
    assert (measure.fiscal_year, measure.progress) == (2568, 40)


def test_a_year_with_a_letter_is_refused_with_what_was_typed(
    coordinator_client, agency, strategy_division
):
    data = measure_form(agency, [strategy_division], fiscal_year="๒๕๖x")
    response = coordinator_client.post(ADD_URL, data)
    assert not Measure.objects.exists()
    page = response.text
    assert "ปีงบประมาณ (พ.ศ.): กรอกได้เฉพาะตัวเลขจำนวนเต็ม" in page
    assert "(กรอกไว้ &quot;๒๕๖x&quot;)" in page
    # What was typed comes back in the box, not an empty one.
    assert 'name="fiscal_year" value="๒๕๖x"' in page


def test_a_christian_era_year_is_refused_naming_the_year_typed(
    coordinator_client, agency, strategy_division
):
    data = measure_form(agency, [strategy_division], fiscal_year="๒๐๒๕")
    page = coordinator_client.post(ADD_URL, data).text
    assert "ปีงบประมาณ (พ.ศ.): ปีต้องเป็นปีพุทธศักราช เช่น 2568 (กรอกไว้ &quot;๒๐๒๕&quot;)" in page
    assert not Measure.objects.exists()


def test_digits_of_another_script_are_refused(coordinator_client, agency, strategy_division):
    # Arabic-Indic ٢٥٦٨ look like digits; Python would read them as 2568 without a word.
    data = measure_form(agency, [strategy_division], fiscal_year="٢٥٦٨")
    page = coordinator_client.post(ADD_URL, data).text
    assert "(กรอกไว้ &quot;٢٥٦٨&quot;)" in page
    assert not Measure.objects.exists()


def test_a_progress_over_100_says_the_limit_once(coordinator_client, agency, strategy_division):
    data = measure_form(agency, [strategy_division], progress="๑๕๐")
    errors = field_errors(coordinator_client.post(ADD_URL, data), "progress")
    assert errors == ['ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100 (กรอกไว้ "๑๕๐")']


def test_scores_typed_in_thai_digits_are_stored_as_numbers(coordinator_client, agency):
    year = AssessmentYear.objects.get(year_be=2568)
    data = score_form(year, "๙๙.๗๐", ("o14", "๑๐๐"), ("i10", "๙๓.๒๑"))
    data |= {"agency": agency.pk, "iit": "๙๘.๕", "eit": "", "oit": ""}
    response = coordinator_client.post(reverse("admin:ita_agencyscore_add"), data)
    assert response.status_code == 302, response.context["errors"]
    score = AgencyScore.objects.get()
    assert (score.overall, score.iit, score.eit) == (Decimal("99.70"), Decimal("98.50"), None)
    stored = {row.indicator.code: row.score for row in score.indicator_scores.all()}
    assert stored == {"o14": Decimal("100.00"), "i10": Decimal("93.21")}


def test_the_score_boxes_bring_up_a_decimal_keyboard(coordinator_client):
    page = coordinator_client.get(reverse("admin:ita_agencyscore_add")).text
    assert 'type="number"' not in page
    assert 'inputmode="decimal"' in page


def test_a_wrong_score_names_the_row_and_what_was_typed(coordinator_client, agency):
    year = AssessmentYear.objects.get(year_be=2568)
    data = score_form(year, "๑๒๐", ("o14", "๙๙.๙๙๙"))
    data["agency"] = agency.pk
    page = coordinator_client.post(reverse("admin:ita_agencyscore_add"), data).text
    assert "คะแนนรวม: คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (กรอกไว้ &quot;๑๒๐&quot;)" in page
    assert "แถวที่ 1 คะแนน: ทศนิยมต้องไม่เกิน 2 ตำแหน่ง (กรอกไว้ &quot;๙๙.๙๙๙&quot;)" in page
    assert not AgencyScore.objects.exists()


def test_an_administrator_adds_an_assessment_year_and_its_levels_in_thai_digits(client, admin_user):
    client.force_login(admin_user)
    data = {
        "year_be": "๒๖๐๐",
        "iit_weight": "๓๐",
        "eit_weight": "๓๐",
        "oit_weight": "๔๐",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
        "levels-0-name": "ผ่านดีเยี่ยม",
        "levels-0-minimum_score": "๙๕",
    }
    response = client.post(reverse("admin:ita_assessmentyear_add"), data)
    assert response.status_code == 302, response.context["errors"]
    year = AssessmentYear.objects.get(year_be=2600)
    assert year.levels.get().minimum_score == Decimal("95.00")


def test_the_report_signature_year_takes_thai_digits(coordinator_client, agency):
    data = {
        "agency": agency.pk,
        "fiscal_year": "๒๕๖๘",
        "reporter_name": "นางสาวทดสอบ ระบบ",
        "reporter_position": "นักวิเคราะห์นโยบายและแผน",
        "head_name": "",
        "head_position": "",
        "signed_on": "",
    }
    response = coordinator_client.post(reverse("admin:reports_reportsignature_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert ReportSignature.objects.get().fiscal_year == 2568


@pytest.mark.parametrize(
    "typed, value",
    [("2568", 2568), ("๒๕๖๘", 2568), (" ๒๕๖๘ ", 2568), ("๒5๖8", 2568)],
)
def test_the_integer_field_reads_either_digits(typed, value):
    assert ThaiIntegerField().clean(typed) == value


@pytest.mark.parametrize(
    "typed, value",
    [("99.70", Decimal("99.70")), ("๙๙.๗๐", Decimal("99.70")), ("๑๐๐", Decimal("100"))],
)
def test_the_decimal_field_reads_either_digits(typed, value):
    assert ThaiDecimalField(max_digits=5, decimal_places=2).clean(typed) == value


def test_an_empty_optional_number_stays_empty():
    assert ThaiDecimalField(required=False).clean("") is None


def test_the_assessment_year_search_finds_a_year_typed_in_thai_digits(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:ita_assessmentyear_changelist"), {"q": "๒๕๖๘"})
    assert [year.year_be for year in response.context["cl"].result_list] == [2568]


def test_the_measure_list_filters_by_a_year_typed_in_thai_digits(
    coordinator_client, agency, strategy_division
):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ปีนี้")
    Measure.objects.create(agency=agency, fiscal_year=2567, titles="ปีก่อน")
    url = reverse("admin:measures_measure_changelist")
    response = coordinator_client.get(url, {"fiscal_year__exact": "๒๕๖๘"})
    assert [m.titles for m in response.context["cl"].result_list] == ["ปีนี้"]
