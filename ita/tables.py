"""The dashboard's table of a division's measures; it sorts in Python, so no extra queries."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from thai import calendar


def measure_link(record):
    # Executives hold view permission, so the admin shows them the measure read-only.
    return reverse("admin:measures_measure_change", args=[record.pk])


class MeasureTable(tables.Table):
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
        attrs = {"class": "measures"}
        empty_text = "ไม่มีมาตรการ"
        # Sorting happens in Python over the measures already fetched.
        order_by = "number"

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
