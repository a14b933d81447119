"""{% load publication %}{% report_status agency fiscal_year %}: the report's state as a
card, so the dashboard shows it without knowing about publication."""

from django import template
from django.db.models import OuterRef, Subquery

from publication import open_data
from publication.models import PublishedReport, ReportEvent, ReportState

register = template.Library()


@register.inclusion_tag("publication/status_card.html")
def report_status(agency, fiscal_year):
    # One query: the last step, with the latest published version beside it.
    latest_version = PublishedReport.objects.filter(
        agency=OuterRef("report__agency"), fiscal_year=OuterRef("report__fiscal_year")
    ).order_by("-version")
    last = (
        ReportEvent.objects.filter(report__agency=agency, report__fiscal_year=fiscal_year)
        .select_related("actor")
        .annotate(latest_version=Subquery(latest_version.values("version")[:1]))
        .first()
    )
    return {
        "agency": agency,
        "fiscal_year": fiscal_year,
        "state": ReportState.State(last.to_state if last else ReportState.State.DRAFT),
        "last": last,
    }


@register.simple_tag
def evidence_url(agency, fiscal_year, evidence):
    """The public address of an evidence file, as the published report prints it."""
    return open_data.evidence_url(agency.slug, fiscal_year, evidence.pk)
