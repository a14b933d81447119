"""What the executives' dashboard shows for one agency and fiscal year.

Everything is read in a fixed number of queries (scores with levels and indicator scores; the
year's measures with divisions and indicators; the years on record) and then summarised in
Python, so the page costs the same for 5 measures or 500.
"""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Prefetch

from ita import charts
from ita.models import AgencyScore, Indicator
from ita.tables import MeasureTable
from measures.models import Measure, Step

WEAKEST_SHOWN = 10
# How far ahead "needs attention" looks for measures that are due to end.
DEADLINE_DAYS = 30


def measures_for_dashboard(agency, fiscal_year):
    return (
        Measure.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .prefetch_related(
            "responsible_divisions",  # in the agency's chart order
            Prefetch("indicators", queryset=Indicator.objects.only("id", "parent_id")),
            # The month grid draws each step's planned dates under its measure.
            Prefetch("steps", queryset=Step.objects.order_by("position", "pk")),
        )
        .order_by("number")
    )


def build(agency, fiscal_year, today):
    """The dashboard's context, without the division tables (they need the request)."""
    scores = [
        score
        for score in AgencyScore.objects.for_dashboard(agency)
        if score.assessment_year.year_be <= fiscal_year
    ]
    latest = scores[-1] if scores else None
    measures = list(measures_for_dashboard(agency, fiscal_year))
    for measure in measures:
        measure.late_steps = [step for step in measure.steps.all() if step.is_overdue_on(today)]
    counts = Counter(measure.status for measure in measures)
    weakest = weakest_indicators(latest, measures)
    return {
        "scores": scores,
        "latest": latest,
        "score_chart": charts.score_chart(scores),
        "score_chart_narrow": charts.score_chart(scores, **charts.NARROW_SCORE_CHART),
        "instrument_bars": charts.instrument_bars(latest),
        "instrument_bars_narrow": charts.instrument_bars(latest, **charts.NARROW_INSTRUMENT_BARS),
        "weakest": weakest,
        "attention": needs_attention(measures, weakest, today),
        "measures": measures,
        "counts": {
            "total": len(measures),
            "not_started": counts[Measure.Status.NOT_STARTED],
            "in_progress": counts[Measure.Status.IN_PROGRESS],
            "done": counts[Measure.Status.DONE],
            "overdue": sum(is_late(measure) for measure in measures),
        },
        "month_grid": charts.month_grid(measures, fiscal_year, today),
        "month_grid_narrow": charts.month_grid(
            measures, fiscal_year, today, **charts.NARROW_MONTH_GRID
        ),
    }


def weakest_indicators(latest, measures):
    """The lowest indicator and item scores of the latest assessment, each with the numbers of
    this year's measures that answer it. A measure linked to an indicator answers its items
    too, and one linked to an item answers (part of) its indicator."""
    if latest is None:
        return []
    answered_by = defaultdict(set)
    for measure in measures:
        for indicator in measure.indicators.all():
            answered_by[indicator.pk].add(measure.number)
            if indicator.parent_id:
                answered_by[indicator.parent_id].add(measure.number)
    top_level = latest.assessment_year.top_level
    scored = list(latest.indicator_scores.all())
    rows = []
    for rank, row in enumerate(scored):
        indicator = row.indicator
        numbers = answered_by[indicator.pk] | answered_by.get(indicator.parent_id, set())
        is_weak = top_level is not None and row.score < top_level.minimum_score
        # Beyond the lowest few, only the weak ones nobody answers yet are worth a line.
        if rank >= WEAKEST_SHOWN and not (is_weak and not numbers):
            continue
        rows.append(
            {
                "indicator": indicator,
                "title": indicator_title(indicator),
                "score": row.score,
                "measure_numbers": sorted(numbers),
                "is_weak": is_weak,
                "needs_measure": is_weak and not numbers,
            }
        )
    return rows


def indicator_title(indicator):
    """The item's own name or, while nobody has recorded it, what it belongs to."""
    if indicator.title_th:
        return indicator.title_th
    parent = indicator.parent  # selected with the scores: no query
    if parent is not None:
        return f"ข้อย่อยของ {parent.code} {parent.title_th}".strip()
    return f"ข้อใน {indicator.get_instrument_display()}"


def is_late(measure):
    """Overdue itself or in one of its steps (measure.late_steps, set by build)."""
    return measure.is_overdue or bool(getattr(measure, "late_steps", None))


def needs_attention(measures, weakest, today):
    """What an executive should act on now, each entry with where to go for it."""
    soon = today + timedelta(days=DEADLINE_DAYS)
    due_soon = [
        measure
        for measure in measures
        if measure.ended_on
        and today <= measure.ended_on <= soon
        and measure.status != Measure.Status.DONE
    ]
    return {
        "overdue": [measure for measure in measures if is_late(measure)],
        "unanswered": [row for row in weakest if row["needs_measure"]],
        "due_soon": sorted(due_soon, key=lambda measure: (measure.ended_on, measure.number)),
        "deadline_days": DEADLINE_DAYS,
    }


def division_tables(measures, request_config):
    """One sortable table per division; measures of every division and of none get their own."""
    groups = defaultdict(list)
    every, unassigned = [], []
    for measure in measures:
        if measure.is_every_division:
            every.append(measure)
            continue
        divisions = measure.responsible_divisions.all()
        if not divisions:
            unassigned.append(measure)
        for division in divisions:
            groups[division].append(measure)
    # Divisions in the agency's chart order, as Division.Meta.ordering has them.
    in_chart_order = sorted(groups.items(), key=lambda item: (item[0].position, item[0].name))
    named = [(division.name, f"d{division.pk}-", rows) for division, rows in in_chart_order]
    named += [("ทุกสำนัก/กอง", "every-", every), ("ยังไม่ระบุผู้รับผิดชอบ", "none-", unassigned)]
    tables = []
    for name, prefix, rows in named:
        if not rows:
            continue
        # Each table sorts by its own query parameter (d12-sort, every-sort …).
        table = MeasureTable(rows, prefix=prefix)
        request_config.configure(table)
        tables.append({"name": name, "table": table})
    return tables
