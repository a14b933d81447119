"""The dashboard's inline SVG charts, drawn here as markup: the template only places them.

Server-drawn SVG needs no script and no CDN, prints sharply, and carries its figures as text an
executive can read without hovering.
"""

import calendar as gregorian
import math
from datetime import date
from html import escape  # Django's own adds a lazy-text check to each call

from django.template.defaultfilters import floatformat
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from thai import calendar, numbers

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
    right_edge, plot_bottom = f"{left + plot_width:.1f}", top + plot_height
    lowest_score = min(float(score.overall) for score in scores)
    floor = max(0, min(70, math.floor(lowest_score / 10) * 10 - 10))

    def y(value):
        return top + (100 - float(value)) / (100 - floor) * plot_height

    column_width = plot_width / len(scores)
    bands, legend, points = [], [], []
    for index, score in enumerate(scores):
        x = left + index * column_width
        levels = sorted(
            score.assessment_year.levels.all(), key=lambda lv: lv.minimum_score, reverse=True
        )
        ceiling = 100
        for rank, level in enumerate(levels):
            low = max(float(level.minimum_score), floor)
            if ceiling > low:
                name = escape(level.name)
                band_y, band_height = y(ceiling), y(low) - y(ceiling)
                bands.append(
                    f'<rect class="band {_band_class(rank, len(levels))}" x="{x:.1f}" '
                    f'y="{band_y:.1f}" width="{column_width:.1f}" height="{band_height:.1f}">'
                    f"<title>{name} ตั้งแต่ {numbers.score(level.minimum_score)}</title></rect>"
                )
                # Band names are written once, beside the latest year's column.
                if index == len(scores) - 1 and band_height >= 12:
                    if rank == len(levels) - 1:
                        limit = f"&lt; {floatformat(ceiling, '0')}"
                    else:
                        limit = f"≥ {floatformat(level.minimum_score, '0')}"
                    legend.append(
                        f'<text class="band-label" x="{right_edge}" dx="8" '
                        f'y="{(band_y + y(low)) / 2 + 4:.1f}">{name} {limit}</text>'
                    )
            ceiling = low
        points.append((x + column_width / 2, y(score.overall), score))
    ticks = [
        f'<line class="grid" x1="{left}" x2="{right_edge}" y1="{y(value):.1f}" '
        f'y2="{y(value):.1f}"/><text class="axis-label" x="{left - 6}" y="{y(value):.1f}" '
        f'dy="4" text-anchor="end">{value}</text>'
        for value in range(floor, 101, 5 if 100 - floor <= 30 else 10)
    ]
    line = " ".join(f"{point_x:.1f},{point_y:.1f}" for point_x, point_y, _ in points)
    values = [
        f'<circle class="score-point" cx="{point_x:.1f}" cy="{point_y:.1f}" r="5"/>'
        f'<text class="score-value" x="{point_x:.1f}" y="{point_y:.1f}" dy="-10" '
        f'text-anchor="middle">{numbers.score(score.overall)}</text>'
        f'<text class="axis-label" x="{point_x:.1f}" y="{plot_bottom + 20}" '
        f'text-anchor="middle">พ.ศ. {score.assessment_year.year_be}</text>'
        for point_x, point_y, score in points
    ]
    svg = [
        f'<svg class="chart score-chart {"narrow" if years else "wide"}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-label="คะแนนรวม ITA รายปี">',
        *bands,
        *ticks,
        *legend,
        f'<polyline class="score-line" points="{line}"/>',
        *values,
        "</svg>",
    ]
    return mark_safe("\n".join(svg))


NARROW_INSTRUMENT_BARS = {"width": 360}


def instrument_bars(score, width=640):
    """IIT / EIT / OIT of one assessment as bars, with each instrument's weight."""
    if score is None or (score.iit is None and score.eit is None and score.oit is None):
        return None
    year = score.assessment_year
    label_width, value_width = 150, 90
    bar_width = width - label_width - value_width
    instruments = [
        ("IIT", score.iit, year.iit_weight),
        ("EIT", score.eit, year.eit_weight),
        ("OIT", score.oit, year.oit_weight),
    ]
    height = 8 + len(instruments) * 30
    svg = [
        f'<svg class="chart instrument-bars {"narrow" if width < 640 else "wide"}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-label="คะแนนรายเครื่องมือ">'
    ]
    for index, (name, value, weight) in enumerate(instruments):
        y = 8 + index * 30
        svg.append(
            f'<text class="bar-label" x="0" y="{y + 15}">{name} ({weight}%)</text>'
            f'<rect class="bar-track" x="{label_width}" y="{y}" width="{bar_width}" height="20"/>'
        )
        if value is None:
            svg.append(
                f'<text class="bar-unknown" x="{label_width + 8}" y="{y + 15}">'
                "ยังไม่ได้กรอกคะแนน</text>"
            )
        else:
            length = bar_width * float(value) / 100
            svg.append(
                f'<rect class="bar-fill" x="{label_width}" y="{y}" width="{length:.1f}" '
                'height="20"/>'
                f'<text class="bar-value" x="{label_width + bar_width + 8}" y="{y + 15}">'
                f"{numbers.score(value)}</text>"
            )
    svg.append("</svg>")
    return mark_safe("\n".join(svg))


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
    lengths = [gregorian.monthrange(month.year, month.month)[1] for month in months]
    top = 34

    def x(day, end_of_day=False):
        day = min(max(day, start), end)
        index = (day.year - start.year) * 12 + day.month - start.month
        fraction = (day.day - (0 if end_of_day else 1)) / lengths[index]
        return label_width + (index + fraction) * month_width

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
    width, height = grid_width + 4, top + count * row_height + 8
    svg = [
        f'<svg class="chart month-grid {"narrow" if label_above else "wide"}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="group" '
        'aria-label="ระยะเวลาของมาตรการรายเดือน">'
    ]
    for index, month in enumerate(months):
        month_x = label_width + index * month_width
        center = label_width + (index + 0.5) * month_width
        svg.append(
            f'<line class="grid" x1="{month_x}" x2="{month_x}" y1="0" y2="{height}"/>'
            f'<text class="axis-label" x="{center}" y="14" text-anchor="middle">'
            f"{calendar.MONTH_ABBREVIATIONS[month.month - 1]}</text>"
        )
        # The BE year is written under October and January, where it changes; on a phone it
        # starts at its month's line: centred, it would not fit.
        if month.month in (10, 1):
            year_x, anchor = (month_x + 1, "start") if label_above else (center, "middle")
            svg.append(
                f'<text class="axis-label year" x="{year_x}" y="28" text-anchor="{anchor}">'
                f"{calendar.be_year(month.year)}</text>"
            )
    rows = mark_safe("".join(rows))
    svg.append(rows)
    today_x = x(today) if start <= today <= end else None
    if today_x is not None:
        svg.append(
            f'<line class="today" x1="{today_x:.1f}" x2="{today_x:.1f}" y1="{top - 4}" '
            f'y2="{height}"/>'
        )
    svg.append("</svg>")
    # The rows stay apart for the tests, which read them one by one.
    return {"svg": mark_safe("\n".join(svg)), "rows": rows, "today_x": today_x}


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
