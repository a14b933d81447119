"""{% load publication %}{% report_status agency fiscal_year %}: the report's state as a
card, so the dashboard shows it without knowing about publication."""

from django import template

from publication.models import PublishedReport, ReportEvent, ReportState

register = template.Library()


@register.inclusion_tag("publication/status_card.html")
def report_status(agency, fiscal_year):
    last = (
        ReportEvent.objects.filter(report__agency=agency, report__fiscal_year=fiscal_year)
        .select_related("actor")
        .first()
    )
    state = ReportState.State(last.to_state if last else ReportState.State.DRAFT)
    latest = PublishedReport.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
    return {
        "agency": agency,
        "fiscal_year": fiscal_year,
        "state": state,
        "last": last,
        "latest": latest,
    }
