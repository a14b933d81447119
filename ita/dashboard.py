"""What the executives' dashboard shows for one agency and fiscal year.

Everything is read in a fixed number of queries (scores with levels and indicator scores; the
year's measures with divisions and indicators; the years on record) and then summarised in
Python, so the page costs the same for 5 measures or 500.
"""

from collections import Counter, defaultdict
from datetime import timedelta
from html import escape  # Django's own adds a lazy-text check to each call

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ita import charts
from ita.models import AgencyScore, IndicatorScore
from ita.tables import MeasureTable
from measures.models import Division, Measure, Step
from thai import calendar, numbers

WEAKEST_SHOWN = 10
# How far ahead "needs attention" looks for measures that are due to end.
DEADLINE_DAYS = 30
MEASURE_FIELDS_SHOWN = (
    "agency",
    "fiscal_year",
    "number",
    "titles",
    "started_on",
    "ended_on",
    "is_every_division",
    "status",
    "progress",
)


def measures_for_dashboard(agency, fiscal_year):
    """The year's measures, each with `division_list` (in the agency's chart order) and
    `indicator_links` ((indicator id, parent id) pairs), in three queries. The links are read
    as plain values rather than through prefetch_related, whose bookkeeping for 200 measures
    cost more than the rest of the summary."""
    measures = list(
        Measure.objects.filter(agency=agency, fiscal_year=fiscal_year)
        # Not the results' texts nor the last import's copy of the measure: long, unshown.
        .only(*MEASURE_FIELDS_SHOWN)
        .order_by("number")
    )
    by_id = {measure.pk: measure for measure in measures}
    for measure in measures:
        measure.division_list, measure.indicator_links = [], []
    of_the_year = {"measure__agency": agency, "measure__fiscal_year": fiscal_year}
    divisions = {}
    for measure_id, *division in (
        Measure.responsible_divisions.through.objects.filter(**of_the_year)
        .order_by("division__position", "division__name")
        .values_list("measure_id", "division_id", "division__name", "division__position")
    ):
        if division[0] not in divisions:
            pk, name, position = division
            divisions[pk] = Division(pk=pk, agency=agency, name=name, position=position)
        by_id[measure_id].division_list.append(divisions[division[0]])
    for measure_id, *indicator in Measure.indicators.through.objects.filter(
        **of_the_year
    ).values_list("measure_id", "indicator_id", "indicator__parent_id"):
        by_id[measure_id].indicator_links.append(tuple(indicator))
    # The month grid draws each step's planned dates under its measure; only dated steps.
    for measure in measures:
        measure.dated_steps = []
    dated = Step.objects.filter(**of_the_year).exclude(planned_start_on=None, planned_end_on=None)
    for step in dated.order_by("position", "pk"):
        # Its measure is set here, so asking whether the step is late reads no row again.
        step.measure = by_id[step.measure_id]
        step.measure.dated_steps.append(step)
    return measures


def with_links_and_states(measures, today):
    """Each measure's admin page (read-only for executives) as `change_url`, its steps past
    their planned end as `late_steps`, its state for the charts and tables as `state` (its
    status, or "overdue", also when one of its steps is) and its plain first title line
    as `title_text`, its status in words and its period as text. One reverse() for all the
    links: it costs as much as drawing a row."""
    marker = "999999999"
    url = reverse("admin:measures_measure_change", args=[marker])
    status_labels = dict(Measure.Status.choices)
    for measure in measures:
        measure.change_url = url.replace(marker, str(measure.pk))
        measure.late_steps = [step for step in measure.dated_steps if step.is_overdue_on(today)]
        is_late = measure.is_overdue_on(today) or measure.late_steps
        measure.state = "overdue" if is_late else measure.status
        # Worked out once, not by each of the places that print them.
        measure.title_text = measure.plain_title
        measure.status_label = status_labels[measure.status]
        measure.period_text = ""
        if measure.started_on or measure.ended_on:
            started = calendar.short_date(measure.started_on)
            measure.period_text = f"{started} – {calendar.short_date(measure.ended_on)}"
    return measures


def scores_up_to(agency, fiscal_year):
    """The agency's scores up to the fiscal year, oldest first, with their levels and each
    one's `previous_year_be` and `previous_overall` as with_previous() has them: every earlier
    score of the agency is in the list, so a score's previous one is the one before it (the
    two subqueries per row cost more to build than the rest of the query)."""
    scores = list(
        AgencyScore.objects.filter(agency=agency, assessment_year__year_be__lte=fiscal_year)
        .select_related("assessment_year")
        .prefetch_related("assessment_year__levels")
        .order_by("assessment_year__year_be")
    )
    previous = None
    for score in scores:
        score.previous_year_be = previous.assessment_year.year_be if previous else None
        score.previous_overall = previous.overall if previous else None
        previous = score
    return scores


def indicator_scores_of(score):
    """The indicator and item scores of one assessment, lowest first; the parent names an item
    whose own name is not recorded yet. Only the latest assessment's are shown, so ten years
    read no more rows than one."""
    if score is None:
        return []
    return list(
        IndicatorScore.objects.filter(agency_score=score)
        .select_related("indicator", "indicator__parent")
        .order_by("score", "indicator__sort_key")
    )


def build(agency, fiscal_year, today):
    """The dashboard's context, without the division tables (they need the request)."""
    scores = scores_up_to(agency, fiscal_year)
    latest = scores[-1] if scores else None
    measures = with_links_and_states(measures_for_dashboard(agency, fiscal_year), today)
    counts = Counter(measure.status for measure in measures)
    weakest = weakest_indicators(latest, indicator_scores_of(latest), measures)
    attention = needs_attention(measures, weakest, today)
    return {
        "scores": scores,
        "latest": latest,
        "score_chart": charts.score_chart(scores),
        "score_chart_narrow": charts.score_chart(scores, **charts.NARROW_SCORE_CHART),
        "instrument_bars": charts.instrument_bars(latest),
        "instrument_bars_narrow": charts.instrument_bars(latest, **charts.NARROW_INSTRUMENT_BARS),
        "weakest": weakest,
        "weakest_rows": weakest_rows_html(weakest),
        "attention": attention,
        "measures": measures,
        "counts": {
            "total": len(measures),
            "not_started": counts[Measure.Status.NOT_STARTED],
            "in_progress": counts[Measure.Status.IN_PROGRESS],
            "done": counts[Measure.Status.DONE],
            "overdue": len(attention["overdue"]),
        },
        "month_grid": charts.month_grid(measures, fiscal_year, today),
        "month_grid_narrow": charts.month_grid(
            measures, fiscal_year, today, **charts.NARROW_MONTH_GRID
        ),
    }


def weakest_indicators(latest, scored, measures):
    """The lowest indicator and item scores of the latest assessment (`scored`, lowest first),
    each with the numbers of this year's measures that answer it. A measure linked to an
    indicator answers its items too, and one linked to an item answers (part of) its
    indicator."""
    if latest is None:
        return []
    answered_by = defaultdict(set)
    for measure in measures:
        for indicator_id, parent_id in measure.indicator_links:
            answered_by[indicator_id].add(measure.number)
            if parent_id:
                answered_by[parent_id].add(measure.number)
    top_level = latest.assessment_year.top_level
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


def weakest_rows_html(rows):
    """The rows of the weakest-items table. Strings joined here, not template tags: with the
    other lists of the page, the template language cost more than reading the data."""
    html = []
    for row in rows:
        row_class = "needs-measure" if row["needs_measure"] else "is-weak" if row["is_weak"] else ""
        if row["measure_numbers"]:
            answered = "มาตรการที่ " + ", ".join(map(str, row["measure_numbers"]))
        elif row["needs_measure"]:
            answered = "<strong>ยังไม่มีมาตรการ</strong>"
        else:
            answered = "—"
        indicator = row["indicator"]
        html.append(
            f'<tr id="indicator-{indicator.pk}" class="{row_class}">\n'
            f'<td data-label="รหัส">{escape(indicator.code)}</td>\n'
            f'<td data-label="ตัวชี้วัด/ข้อ">{escape(row["title"])}</td>\n'
            f'<td data-label="คะแนน" class="number">{numbers.score(row["score"])}</td>\n'
            f'<td data-label="มาตรการที่ตอบ">{answered}</td>\n</tr>'
        )
    return mark_safe("\n".join(html))


def indicator_title(indicator):
    """The item's own name or, while nobody has recorded it, what it belongs to."""
    if indicator.title_th:
        return indicator.title_th
    parent = indicator.parent  # selected with the scores: no query
    if parent is not None:
        return f"ข้อย่อยของ {parent.code} {parent.title_th}".strip()
    return f"ข้อใน {indicator.get_instrument_display()}"


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
    due_soon.sort(key=lambda measure: (measure.ended_on, measure.number))
    overdue = [attention_line(m, late_text(m, today)) for m in measures if m.state == "overdue"]
    unanswered = [row for row in weakest if row["needs_measure"]]
    due_soon = [attention_line(m, ended_text(m)) for m in due_soon]
    return {
        "overdue": overdue,
        "unanswered": unanswered,
        "due_soon": due_soon,
        "deadline_days": DEADLINE_DAYS,
        # Each list as its <li> items: the template places them (see weakest_rows_html).
        "overdue_items": mark_safe("\n".join(map(attention_item, overdue))),
        "unanswered_items": mark_safe("\n".join(map(unanswered_item, unanswered))),
        "due_soon_items": mark_safe("\n".join(map(attention_item, due_soon))),
    }


def attention_line(measure, when, length=80):
    """A measure's line in the summary, as strings: the template then only places them (a
    year can hold 200 overdue measures)."""
    title = measure.title_text
    if len(title) > length:
        title = title[: length - 1] + "…"
    return {"url": measure.change_url, "text": f"มาตรการที่ {measure.number} {title}", "when": when}


def attention_item(line):
    return (
        f'<li><a href="{escape(line["url"])}">{escape(line["text"])}</a> '
        f'<span class="when">{escape(line["when"])}</span></li>'
    )


def unanswered_item(row):
    indicator = row["indicator"]
    return (
        f'<li><a href="#indicator-{indicator.pk}">{escape(indicator.code)} '
        f"{escape(Truncator(row['title']).chars(80))}</a> "
        f'<span class="when">คะแนน {numbers.score(row["score"])}</span></li>'
    )


def ended_text(measure):
    return f"สิ้นสุด {calendar.short_date(measure.ended_on)}"


def late_text(measure, today):
    """Why an overdue measure is late: its own end date, the steps past their planned end."""
    parts = [ended_text(measure)] if measure.is_overdue_on(today) else []
    parts += [
        f"ขั้นตอนที่ {step.position} กำหนดเสร็จ {calendar.short_date(step.planned_end_on)}"
        for step in measure.late_steps
    ]
    return " ".join(parts)


def division_tables(measures, request_config):
    """One sortable table per division; measures of every division and of none get their own."""
    groups = defaultdict(list)
    every, unassigned = [], []
    for measure in measures:
        if measure.is_every_division:
            every.append(measure)
            continue
        divisions = measure.division_list
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
