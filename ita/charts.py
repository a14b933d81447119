"""Geometry for the dashboard's inline SVG charts: the templates only place what is computed here.

Server-drawn SVG needs no script and no CDN, prints sharply, and carries its figures as text an
executive can read without hovering.
"""

import calendar as gregorian
import math
from datetime import date

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from thai import calendar

# Best level green, worst red, the ones between (ผ่าน, or A-E) neutral.
BAND_CLASSES = ("band-top", "band-middle", "band-low")


def _band_class(rank, count):
    if rank == 0:
        return BAND_CLASSES[0]
    if rank == count - 1:
        return BAND_CLASSES[2]
    return BAND_CLASSES[1]


# On a phone the chart is drawn at the screen's width with the last five years, so its text
# stays at reading size instead of being scaled down to a blur.
NARROW_SCORE_CHART = {"width": 360, "height": 240, "right": 116, "years": 5}


def score_chart(scores, width=640, height=260, right=130, years=None):
    """Overall score by year: each year's column is shaded with that year's own level bands."""
    if not scores:
        return None
    if years:
        scores = scores[-years:]
    left, top, bottom = 44, 24, 34
    plot_width, plot_height = width - left - right, height - top - bottom
    lowest_score = min(float(score.overall) for score in scores)
    floor = max(0, min(70, math.floor(lowest_score / 10) * 10 - 10))

    def y(value):
        return top + (100 - float(value)) / (100 - floor) * plot_height

    column_width = plot_width / len(scores)
    columns, points = [], []
    for index, score in enumerate(scores):
        x = left + index * column_width
        levels = sorted(
            score.assessment_year.levels.all(), key=lambda lv: lv.minimum_score, reverse=True
        )
        bands, ceiling = [], 100
        for rank, level in enumerate(levels):
            low = max(float(level.minimum_score), floor)
            if ceiling > low:
                bands.append(
                    {
                        "y": y(ceiling),
                        "height": y(low) - y(ceiling),
                        "name": level.name,
                        "minimum": level.minimum_score,
                        "is_lowest": rank == len(levels) - 1,
                        "ceiling": ceiling,
                        "label_y": (y(ceiling) + y(low)) / 2 + 4,
                        "class": _band_class(rank, len(levels)),
                    }
                )
            ceiling = low
        point = {"x": x + column_width / 2, "y": y(score.overall), "score": score}
        points.append(point)
        columns.append(
            {"x": x, "width": column_width, "bands": bands, "year": score.assessment_year.year_be}
        )
    ticks = [{"value": v, "y": y(v)} for v in range(floor, 101, 5 if 100 - floor <= 30 else 10)]
    return {
        "is_narrow": bool(years),
        "width": width,
        "height": height,
        "left": left,
        "right_edge": left + plot_width,
        "bottom": top + plot_height,
        "columns": columns,
        "points": points,
        "line": " ".join(f"{p['x']:.1f},{p['y']:.1f}" for p in points),
        "ticks": ticks,
        # Band names are written once, beside the latest year's column.
        "legend": [b for b in columns[-1]["bands"] if b["height"] >= 12],
    }


NARROW_INSTRUMENT_BARS = {"width": 360}


def instrument_bars(score, width=640):
    """IIT / EIT / OIT of one assessment as bars, with each instrument's weight."""
    if score is None or (score.iit is None and score.eit is None and score.oit is None):
        return None
    year = score.assessment_year
    label_width, value_width = 150, 90
    bar_width = width - label_width - value_width
    rows = []
    for index, (name, value, weight) in enumerate(
        [
            ("IIT", score.iit, year.iit_weight),
            ("EIT", score.eit, year.eit_weight),
            ("OIT", score.oit, year.oit_weight),
        ]
    ):
        rows.append(
            {
                "y": 8 + index * 30,
                "name": name,
                "weight": weight,
                "value": value,
                "length": bar_width * float(value) / 100 if value is not None else 0,
            }
        )
    return {
        "is_narrow": width < 640,
        "width": width,
        "height": 8 + len(rows) * 30,
        "label_width": label_width,
        "bar_width": bar_width,
        "value_x": label_width + bar_width + 8,
        "rows": rows,
    }


# A phone's screen is too narrow for a label beside the bar: it goes above it instead.
NARROW_MONTH_GRID = {
    "label_width": 0,
    "month_width": 29,
    "row_height": 40,
    "label_above": True,
    "label_length": 30,
}


def month_grid(
    measures,
    fiscal_year,
    today,
    label_width=300,
    month_width=48,
    row_height=24,
    label_above=False,
    label_length=40,
):
    """Each measure's period as a bar over the twelve months ต.ค.-ก.ย., with a line for today.
    The measures come from dashboard.with_links_and_states (link, state, texts)."""
    start = calendar.fiscal_year_start(fiscal_year)
    end = calendar.fiscal_year_end(fiscal_year)
    months = [
        date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
        for i in range(12)
    ]
    top = 34

    def x(day, end_of_day=False):
        day = min(max(day, start), end)
        index = (day.year - start.year) * 12 + day.month - start.month
        length = gregorian.monthrange(day.year, day.month)[1]
        fraction = (day.day - (0 if end_of_day else 1)) / length
        return label_width + (index + fraction) * month_width

    header = [
        {
            "x": label_width + i * month_width,
            "center": label_width + (i + 0.5) * month_width,
            "label": calendar.MONTH_ABBREVIATIONS[month.month - 1],
            # The BE year is written under October and January, where it changes.
            "year": calendar.be_year(month.year) if month.month in (10, 1) else None,
        }
        for i, month in enumerate(months)
    ]
    rows = []
    count = 0  # rows drawn: a measure's, then one per dated step
    for measure in measures:
        first = measure.started_on or start
        last = measure.ended_on or end
        bar_x = x(first)
        bar_width = max(x(last, end_of_day=True) - bar_x, 2)
        title = measure.title_text
        y = top + count * row_height
        count += 1
        rows.append(
            _month_row(
                measure,
                label_y=y + 14 if label_above else y + 16,
                bar_y=y + 20 if label_above else y + 5,
                label=f"{measure.number}. {title[:label_length]}"
                + ("…" if len(title) > label_length else ""),
                bar_x=bar_x,
                bar_width=bar_width,
                label_above=label_above,
            )
        )
        for step in measure.dated_steps:
            y = top + count * row_height
            count += 1
            step_first = step.planned_start_on or step.planned_end_on
            step_last = step.planned_end_on or step.planned_start_on
            step_x = x(step_first)
            rows.append(
                _step_row(
                    measure,
                    step,
                    label_y=y + 14 if label_above else y + 16,
                    bar_y=(y + 20 if label_above else y + 5) + 3,
                    label=f"ขั้นตอนที่ {step.position} "
                    f"{strip_tags(step.text)[: max(label_length - 14, 8)]}",
                    bar_x=step_x,
                    bar_width=max(x(step_last, end_of_day=True) - step_x, 2),
                    label_above=label_above,
                )
            )
    grid_width = label_width + 12 * month_width
    return {
        "label_above": label_above,
        "width": grid_width + 4,
        "height": top + count * row_height + 8,
        "top": top,
        "label_width": label_width,
        "month_width": month_width,
        "grid_right": grid_width,
        "header": header,
        "rows": mark_safe("".join(rows)),
        "row_height": row_height,
        "today_x": x(today) if start <= today <= end else None,
        "today": today,
    }


def _month_row(measure, label_y, bar_y, label, bar_x, bar_width, label_above):
    """One measure's label and bars as SVG. Written here, not in the template: at 200 measures
    (twice, wide and narrow) the template language took longer than the rest of the page."""
    state = measure.state
    unknown = "" if measure.started_on and measure.ended_on else " unknown"
    label = f'<text class="row-label" x="0" y="{label_y}">{escape(label)}</text>'
    title = ""
    if not label_above:
        # A phone's reader taps the cards below; no hover either, so no link and no title.
        label = f'<a href="{escape(measure.change_url)}">{label}</a>'
        period = measure.period_text or "—"
        title = escape(f"{period} · {measure.status_label} {measure.progress}%")
        title = f"<title>{title}</title>"
    bar = f'x="{bar_x:.1f}" y="{bar_y}"'
    progress_width = bar_width * measure.progress / 100
    return (
        f"{label}\n"
        f'<rect class="period {state}{unknown}" {bar} width="{bar_width:.1f}" height="14">'
        f"{title}</rect>\n"
        f'<rect class="progress {state}" {bar} width="{progress_width:.1f}" height="14"/>\n'
    )


def _step_row(measure, step, label_y, bar_y, label, bar_x, bar_width, label_above):
    """A dated step of the measure above it: its planned dates as a thinner bar."""
    if step in measure.late_steps:
        state = "overdue"
    elif step.done_on or measure.status == measure.Status.DONE:
        state = "done"
    else:
        state = "planned"
    unknown = "" if step.planned_start_on and step.planned_end_on else " unknown"
    label = f'<text class="row-label step" x="16" y="{label_y}">{escape(label)}</text>'
    title = ""
    if not label_above:
        label = f'<a href="{escape(measure.change_url)}">{label}</a>'
        planned = (
            f"{calendar.short_date(step.planned_start_on)} – "
            f"{calendar.short_date(step.planned_end_on)}"
        )
        if step.done_on:
            planned += f" · เสร็จ {calendar.short_date(step.done_on)}"
        elif state == "overdue":
            planned += " · เลยกำหนด"
        text = strip_tags(step.text)
        text = text if len(text) <= 80 else text[:79] + "…"
        title = f"<title>{escape(f'ขั้นตอนที่ {step.position}: {text} · {planned}')}</title>"
    return (
        f"{label}\n"
        f'<rect class="period step {state}{unknown}" x="{bar_x:.1f}" y="{bar_y}" '
        f'width="{bar_width:.1f}" height="8">{title}</rect>\n'
    )
