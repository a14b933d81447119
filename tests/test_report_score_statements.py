"""The report's outcome cell quotes ITA scores generated from the scores entered."""

import re
from decimal import Decimal

from django.core.management import call_command

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Measure
from reports import document


def text_of(html):
    """The report's HTML without the spans that keep numbers on one line."""
    return re.sub(r'<span class="nobreak">(.*?)</span>', r"\1", html)


def test_a_measure_linked_to_an_item_quotes_its_score_after_the_outcome(agency):
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall=Decimal("90"))
    i10 = Indicator.objects.get(assessment_year=year, code="i10")
    IndicatorScore.objects.create(agency_score=score, indicator=i10, score=Decimal("87.50"))
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="ทรัพย์สินของราชการ",
        outcome="ผลลัพธ์ที่พิมพ์",
        states_scores=True,
    )
    measure.indicators.add(i10)

    html = text_of(document.render_html(agency, 2568))

    assert "ผลลัพธ์ที่พิมพ์ ผลการประเมิน ITA ข้อ i๑๐" in html
    assert "๘๗.๕๐" in html


def test_changing_a_score_changes_the_report(agency):
    call_command("import_report", "measures/demo/rangsit-2568-integrity-report.txt")
    call_command("load_ita_demo", "rangsit")
    Measure.objects.filter(number=1).update(outcome="", states_scores=True)
    AgencyScore.objects.filter(agency__slug="rangsit", assessment_year__year_be=2568).update(
        overall=Decimal("94.10")
    )

    html = text_of(document.render_html(agency, 2568))

    assert "มีคะแนนลดลง" in html or "-๔.๑๕" in html
    assert "๙๔.๑๐ ระดับผลการประเมิน “ผ่าน”" in html


def test_a_measure_that_does_not_ask_for_scores_quotes_none(agency):
    call_command("import_report", "measures/demo/rangsit-2568-integrity-report.txt")
    call_command("load_ita_demo", "rangsit")

    html = text_of(document.render_html(agency, 2568))

    # The seed's own typed sentence appears once; nothing generated is added beside it.
    assert html.count("ได้คะแนน ๙๙.๗๐") == 1
