"""What the executives' dashboard shows for one agency and fiscal year.

Everything is read in a fixed number of queries (scores with levels and indicator scores; the
year's measures with divisions and indicators; the years on record) and then summarised in
Python, so the page costs the same for 5 measures or 500.
"""

from collections import Counter, defaultdict

from django.db.models import Prefetch

from ita import charts
from ita.models import AgencyScore, Indicator
from ita.tables import MeasureTable
from measures.models import Measure

WEAKEST_SHOWN = 10


def measures_for_dashboard(agency, fiscal_year):
    return (
        Measure.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .prefetch_related(
            "responsible_divisions",  # in the agency's chart order
            Prefetch("indicators", queryset=Indicator.objects.only("id", "parent_id")),
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
    counts = Counter(measure.status for measure in measures)
    return {
        "scores": scores,
        "latest": latest,
        "score_chart": charts.score_chart(scores),
        "instrument_bars": charts.instrument_bars(latest),
        "weakest": weakest_indicators(latest, measures),
        "measures": measures,
        "counts": {
            "total": len(measures),
            "not_started": counts[Measure.Status.NOT_STARTED],
            "in_progress": counts[Measure.Status.IN_PROGRESS],
            "done": counts[Measure.Status.DONE],
            "overdue": sum(measure.is_overdue for measure in measures),
        },
        "month_grid": charts.month_grid(measures, fiscal_year, today),
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
    rows = []
    for row in latest.indicator_scores.all()[:WEAKEST_SHOWN]:
        indicator = row.indicator
        numbers = answered_by[indicator.pk] | answered_by.get(indicator.parent_id, set())
        is_weak = top_level is not None and row.score < top_level.minimum_score
        rows.append(
            {
                "indicator": indicator,
                "score": row.score,
                "measure_numbers": sorted(numbers),
                "is_weak": is_weak,
                "needs_measure": is_weak and not numbers,
            }
        )
    return rows


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
