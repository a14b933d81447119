"""`manage.py load_ita_demo rangsit` records the scores the Rangsit report cites."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ita import statements
from ita.models import AgencyScore, IndicatorScore
from measures.models import Measure

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


def load(slug):
    call_command("load_ita_demo", slug, stdout=StringIO())


def test_it_records_the_overall_scores_and_leaves_instruments_blank(agency):
    load("rangsit")
    scores = {s.assessment_year.year_be: s for s in AgencyScore.objects.with_previous()}
    assert str(scores[2567].overall) == "98.25"
    assert str(scores[2568].overall) == "99.70"
    assert scores[2568].change == scores[2568].overall - scores[2567].overall
    assert scores[2568].iit is None and scores[2568].eit is None and scores[2568].oit is None


def test_it_records_the_item_scores_the_report_quotes(agency):
    load("rangsit")
    stored = {row.indicator.code: str(row.score) for row in IndicatorScore.objects.all()}
    assert stored["IND7"] == "99.91"
    for code in ["o5", "o8", "o11", "o14", "o15", "o16", "o23", "i10"]:
        assert stored[code] == "100.00"


def test_running_it_twice_changes_nothing(agency):
    load("rangsit")
    load("rangsit")
    assert AgencyScore.objects.count() == 2
    assert IndicatorScore.objects.count() == 13


def test_it_links_the_seed_measures_to_the_items_they_cite(agency):
    call_command("import_report", str(SEED), stdout=StringIO())
    load("rangsit")
    load("rangsit")
    links = {
        measure.number: sorted(measure.indicators.values_list("code", flat=True))
        for measure in Measure.objects.all()
    }
    assert links[1] == []
    assert links[3] == ["o11"]
    assert links[4] == ["i10"]
    assert links[5] == ["IND7"]
    assert "o14" in links[2] and "o23" in links[2] and len(links[2]) == 11


def test_the_seed_row_1_outcome_is_what_the_scores_generate(agency):
    call_command("import_report", str(SEED), stdout=StringIO())
    load("rangsit")
    row_1 = Measure.objects.prefetch_related(statements.INDICATORS).get(number=1)
    row_1.states_scores = True
    generated = statements.outcome_statement(row_1, statements.scores_by_year(agency))
    assert generated and row_1.outcome.strip().endswith(generated)


def test_an_unknown_agency_is_refused(db):
    with pytest.raises(CommandError, match="ไม่พบหน่วยงาน"):
        load("nowhere")
