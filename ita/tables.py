"""The dashboard's table of a division's measures; it sorts in Python, so no extra queries."""

from html import escape  # Django's own adds a lazy-text check to each call

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from thai import calendar


def measure_link(record):
    # Executives hold view permission, so the admin shows them the measure read-only.
    return reverse("admin:measures_measure_change", args=[record.pk])


class MeasureTable(tables.Table):
    """The columns, their headers and how each sorts; templates/ita/measure_table.html places
    the header and the rows written below (the render_* methods say the same for any other
    use of the table)."""

    number = tables.Column("ที่", linkify=measure_link, attrs={"td": {"class": "number"}})
    title = tables.Column("มาตรการ", accessor="plain_title", linkify=measure_link, orderable=True)
    period = tables.Column(
        "ระยะเวลา",
        accessor="started_on",
        order_by=("started_on", "ended_on"),
        attrs={"td": {"class": "period"}},
    )
    status = tables.Column("สถานะ")
    progress = tables.Column("ความก้าวหน้า", attrs={"td": {"class": "number"}})
    is_overdue = tables.Column("เกินกำหนด", accessor="is_overdue")

    class Meta:
        template_name = "ita/measure_table.html"
        attrs = {"class": "measures"}
        empty_text = "ไม่มีมาตรการ"
        # Sorting happens in Python over the measures already fetched.
        order_by = "number"

    def header_html(self):
        """The header cells: each column's name links to the page sorted by it, the link
        django-tables2's querystring_replace tag writes (the other tables keep their order).
        Written here like the rows: six tables' headers in the template language cost as
        much as all their rows."""
        field = self.prefixed_order_by_field
        query = dict(self.request.GET)
        query.setdefault(field, None)  # the sort keeps its place in the query, or comes last
        # The other parameters encoded once, not once per column.
        encoded = [
            None if key == field else urlencode({key: values}, doseq=True)
            for key, values in query.items()
        ]
        cells = []
        for column in self.columns:
            sort = urlencode({field: column.order_by_alias.next})
            link = escape("?" + "&".join(sort if piece is None else piece for piece in encoded))
            cells.append(
                f'<th {column.attrs["th"].as_html()}><a href="{link}">{escape(column.header)}</a>'
                "</th>\n"
            )
        return mark_safe("".join(cells))

    def rows_html(self):
        """The rows, in the table's order, as the template writes them. Strings joined here,
        not cells rendered one by one: at 200 measures that cost more than the rest of the
        page. Digits become Thai with the rest of the page."""
        return mark_safe("".join(_row_html(row.record) for row in self.paginated_rows))

    def render_period(self, record):
        if not (record.started_on or record.ended_on):
            return "—"
        return f"{calendar.short_date(record.started_on)} – {calendar.short_date(record.ended_on)}"

    def render_status(self, record):
        return format_html(
            '<span class="status status-{}">{}</span>', record.status, record.get_status_display()
        )

    def render_progress(self, value):
        # A <progress> element, not a width in a style attribute: the Content-Security-Policy
        # refuses inline styles.
        return format_html(
            '<progress class="bar" max="100" value="{}">{}%</progress> {}%', value, value, value
        )

    def render_is_overdue(self, value):
        if value:
            return format_html('<span class="overdue">{}</span>', "เกินกำหนด")
        return ""


def _row_html(measure):
    link = escape(measure.change_url)
    period = measure.period_text or "—"
    overdue = '<span class="overdue">เกินกำหนด</span>' if measure.state == "overdue" else ""
    progress = measure.progress
    return (
        f'<tr><td class="number"><a href="{link}">{measure.number}</a></td>'
        f'<td><a href="{link}">{escape(measure.title_text)}</a></td>'
        f'<td class="period">{period}</td>'
        f'<td><span class="status status-{escape(measure.status)}">'
        f"{escape(measure.status_label)}</span></td>"
        f'<td class="number"><progress class="bar" max="100" value="{progress}">{progress}%'
        f"</progress> {progress}%</td>"
        f"<td>{overdue}</td></tr>\n"
    )
