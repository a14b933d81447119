"""The outcome cell's ITA sentence is generated from the scores, in the seed's wording."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ita import statements
from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Measure

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"

# Row ๑'s outcome cell, exactly as the seed prints it.
SEED_OVERALL = (
    "ผลการประเมิน ITA พ.ศ.๒๕๖๗ ได้คะแนน ๙๘.๒๕ เปรียบเทียบปีที่ผ่านมา พ.ศ. ๒๕๖๘ "
    "มีคะแนนสูงขึ้น +๑.๔๕ ได้คะแนน ๙๙.๗๐ ระดับผลการประเมิน “ผ่านดีเยี่ยม”"
)


@pytest.fixture
def scores(agency):
    years = {year.year_be: year for year in AssessmentYear.objects.all()}
    AgencyScore.objects.create(agency=agency, assessment_year=years[2567], overall="98.25")
    latest = AgencyScore.objects.create(agency=agency, assessment_year=years[2568], overall="99.70")
    for code, value in [("i10", "100"), ("IND7", "99.91")] + [
        (f"o{n}", "100") for n in (5, 6, 7, 14, 15, 16, 23)
    ]:
        IndicatorScore.objects.create(
            agency_score=latest,
            indicator=Indicator.objects.get(assessment_year=years[2568], code=code),
            score=Decimal(value),
        )
    return statements.scores_by_year(agency)


def make_measure(agency, *codes, states_scores=True):
    measure = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="มาตรการ", states_scores=states_scores
    )
    measure.indicators.set(Indicator.objects.filter(assessment_year__year_be=2568, code__in=codes))
    return Measure.objects.prefetch_related(statements.INDICATORS).get(pk=measure.pk)


def test_the_seed_row_really_reads_like_this():
    assert SEED_OVERALL in SEED.read_text(encoding="utf-8")


def test_the_overall_statement_reads_as_in_the_seed(agency, scores):
    assert statements.outcome_statement(make_measure(agency), scores) == SEED_OVERALL


def test_an_item_statement_cites_the_code_title_and_score_in_thai_digits(agency, scores):
    text = statements.outcome_statement(make_measure(agency, "i10"), scores)
    assert text == "ผลการประเมิน ITA ข้อ i๑๐ การขอยืมทรัพย์สินของราชการไปใช้อย่างถูกต้อง ได้คะแนน ๑๐๐ คะแนน"


def test_an_indicator_statement_keeps_the_decimals(agency, scores):
    text = statements.outcome_statement(make_measure(agency, "IND7"), scores)
    assert text == "ผลการประเมิน ITA ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร ได้คะแนน ๙๙.๙๑ คะแนน"


def test_consecutive_items_of_equal_score_are_written_as_a_range(agency, scores):
    measure = make_measure(agency, "o5", "o6", "o7", "o14", "o15", "o16", "o23")
    assert statements.outcome_statement(measure, scores) == (
        "ผลการประเมิน ITA ข้อ o๕-o๗ ได้คะแนนข้อละ ๑๐๐ คะแนน / ข้อ o๑๔-o๑๖ ได้คะแนนข้อละ ๑๐๐ คะแนน"
        " / ข้อ o๒๓ การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงาน"
        " ได้คะแนน ๑๐๐ คะแนน"
    )


def test_items_without_a_score_are_left_out_rather_than_guessed(agency, scores):
    assert statements.outcome_statement(make_measure(agency, "o1"), scores) == ""


def test_a_measure_that_does_not_ask_gets_nothing(agency, scores):
    measure = make_measure(agency, "i10", states_scores=False)
    assert statements.outcome_statement(measure, scores) == ""


def test_a_year_without_scores_gets_nothing(agency, scores):
    measure = make_measure(agency)
    measure.fiscal_year = 2569
    assert statements.outcome_statement(measure, scores) == ""


def test_a_fall_is_stated_as_a_fall(agency, scores):
    latest = AgencyScore.objects.get(assessment_year__year_be=2568)
    latest.overall = Decimal("90.00")
    latest.save()
    text = statements.outcome_statement(make_measure(agency), statements.scores_by_year(agency))
    assert "มีคะแนนลดลง -๘.๒๕ ได้คะแนน ๙๐ ระดับผลการประเมิน “ผ่าน”" in text


def test_a_report_of_many_measures_takes_a_fixed_number_of_queries(agency, scores):
    for _ in range(3):
        make_measure(agency, "i10", "o5")

    def count():
        with CaptureQueriesContext(connection) as queries:
            found = statements.scores_by_year(agency)
            measures = Measure.objects.filter(agency=agency).prefetch_related(statements.INDICATORS)
            for measure in measures:
                statements.outcome_statement(measure, found)
        return len(queries)

    few = count()
    for _ in range(10):
        make_measure(agency, "IND7", "o14")
    assert count() == few
