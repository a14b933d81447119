"""The ITA sentence a report's outcome cell quotes, generated from the scores entered.

Clerks used to type these figures by hand; generating them keeps the report and the scores in
agreement. The wording is the Rangsit 2568 report's. A report of N measures needs a fixed number
of queries:

    measures = Measure.objects.for_report(agency, year).prefetch_related(statements.INDICATORS)
    scores = statements.scores_by_year(agency)
    for measure in measures:
        text = statements.outcome_statement(measure, scores)  # "" when there is nothing to state
"""

from django.db.models import Prefetch

from ita import codes
from ita.models import AgencyScore, Indicator
from thai.calendar import to_thai_digits

# What a measure's `indicators` must be prefetched with.
INDICATORS = Prefetch("indicators", queryset=Indicator.objects.select_related("assessment_year"))


def scores_by_year(agency):
    """The agency's scores keyed by assessment year (BE), with levels and indicator scores."""
    return {
        score.assessment_year.year_be: score for score in AgencyScore.objects.for_dashboard(agency)
    }


def thai_score(value):
    """98.25 → "๙๘.๒๕", 99.70 → "๙๙.๗๐", 100.00 → "๑๐๐" (reports drop a bare .00)."""
    if value == value.to_integral_value():
        return to_thai_digits(int(value))
    return to_thai_digits(f"{value:.2f}")


def outcome_statement(measure, scores):
    """The sentence for one measure, or "" if it does not ask for one or the scores are missing.

    A measure linked to indicators or items states their scores; one linked to none states the
    overall score of its fiscal year against the previous assessment."""
    if not measure.states_scores:
        return ""
    indicators = list(measure.indicators.all())
    if indicators:
        return indicator_statement(indicators, scores)
    score = scores.get(measure.fiscal_year)
    return overall_statement(score) if score else ""


def overall_statement(score):
    """E.g. "ผลการประเมิน ITA พ.ศ.๒๕๖๗ ได้คะแนน ๙๘.๒๕ เปรียบเทียบปีที่ผ่านมา พ.ศ. ๒๕๖๘
    มีคะแนนสูงขึ้น +๑.๔๕ ได้คะแนน ๙๙.๗๐ ระดับผลการประเมิน “ผ่านดีเยี่ยม”" (needs
    `with_previous()` and the year's levels)."""
    year = to_thai_digits(score.assessment_year.year_be)
    level = score.level
    level_text = f" ระดับผลการประเมิน “{level.name}”" if level else ""
    if score.change is None:
        return f"ผลการประเมิน ITA พ.ศ.{year} ได้คะแนน {thai_score(score.overall)}{level_text}"
    if score.change > 0:
        trend = f"มีคะแนนสูงขึ้น +{to_thai_digits(f'{score.change:.2f}')}"
    elif score.change < 0:
        trend = f"มีคะแนนลดลง -{to_thai_digits(f'{-score.change:.2f}')}"
    else:
        trend = "มีคะแนนเท่าเดิม"
    previous_year = to_thai_digits(score.previous_year_be)
    return (
        f"ผลการประเมิน ITA พ.ศ.{previous_year} ได้คะแนน {thai_score(score.previous_overall)} "
        f"เปรียบเทียบปีที่ผ่านมา พ.ศ. {year} {trend} ได้คะแนน {thai_score(score.overall)}"
        f"{level_text}"
    )


def indicator_statement(indicators, scores):
    """E.g. "ผลการประเมิน ITA ข้อ o๕-o๗ ได้คะแนนข้อละ ๑๐๐ คะแนน / ข้อ i๑๐ <title> ได้คะแนน ๑๐๐
    คะแนน". Consecutive items with the same score are written as one range, as clerks do."""
    scored = []
    for indicator in sorted(indicators, key=lambda i: (i.assessment_year.year_be, i.sort_key)):
        value = indicator_score(indicator, scores)
        if value is not None:
            scored.append((indicator, value))
    parts = [_phrase(run) for run in _runs(scored)]
    if not parts:
        return ""
    return "ผลการประเมิน ITA " + " / ".join(parts)


def indicator_score(indicator, scores):
    agency_score = scores.get(indicator.assessment_year.year_be)
    if agency_score is None:
        return None
    for row in agency_score.indicator_scores.all():
        if row.indicator_id == indicator.pk:
            return row.score
    return None


def _runs(scored):
    """Split (indicator, score) pairs into runs of consecutive same-letter items of equal score."""
    run = []
    for indicator, value in scored:
        if run and _continues(run[-1], (indicator, value)):
            run.append((indicator, value))
            continue
        if run:
            yield run
        run = [(indicator, value)]
    if run:
        yield run


def _continues(last, pair):
    (previous, previous_value), (indicator, value) = last, pair
    if previous.is_indicator or indicator.is_indicator or value != previous_value:
        return False
    if previous.assessment_year_id != indicator.assessment_year_id:
        return False
    previous_letter, previous_number = _split(previous.code)
    letter, number = _split(indicator.code)
    return letter == previous_letter and number == previous_number + 1


def _split(code):
    letter = "".join(c for c in code if not c.isdigit())
    return letter, int(code[len(letter) :])


def _phrase(run):
    first, value = run[0]
    if len(run) > 1:
        last = run[-1][0]
        codes_range = f"{to_thai_digits(first.code)}-{to_thai_digits(last.code)}"
        return f"ข้อ {codes_range} ได้คะแนนข้อละ {thai_score(value)} คะแนน"
    title = f" {first.title_th}" if first.title_th else ""
    return f"{codes.display_code(first.code)}{title} ได้คะแนน {thai_score(value)} คะแนน"
