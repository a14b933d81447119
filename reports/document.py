"""The annual report of one agency and fiscal year, as HTML and as PDF.

The page and the PDF come from the same template; the PDF is that HTML handed to WeasyPrint,
which reads the stylesheet and fonts from disk and fetches nothing else.
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ita import statements
from measures.models import Measure
from reports.models import ReportSignature

TEMPLATE = "reports/report.html"

# Relative URLs in the template ("/static/…") resolve against this; the fetcher below maps
# them to files, so the base never reaches a disk path or a server.
BASE_URL = "file:///"


def context(agency, fiscal_year):
    signature = (
        ReportSignature.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .select_related("agency")
        .first()
    )
    measures = list(
        Measure.objects.for_report(agency, fiscal_year).prefetch_related(statements.INDICATORS)
    )
    # The ITA figures a measure quotes come from the scores entered, never retyped.
    scores = statements.scores_by_year(agency)
    for measure in measures:
        measure.score_statement = statements.outcome_statement(measure, scores)
    return {
        "agency": agency,
        "fiscal_year": fiscal_year,
        "measures": measures,
        "signature": signature,
    }


def render_html(agency, fiscal_year, request=None):
    return render_to_string(TEMPLATE, context(agency, fiscal_year), request=request)


def filename(agency, fiscal_year, extension="pdf"):
    return f"ita-report-{agency.slug}-{fiscal_year}.{extension}"


class StaticFilesOnly(URLFetcher):
    """Serve the report's own static files (stylesheet, fonts) from disk and refuse every
    other URL, so rendering never waits on the network or on our own server."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        prefix = urlsplit(static("")).path
        name = unquote(parts.path[len(prefix) :])
        if parts.scheme == "file" and parts.path.startswith(prefix) and ".." not in name:
            found = finders.find(name)
            if found:
                with open(found, "rb") as file:
                    body = file.read()
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                # The response keeps the requested URL, so the stylesheet's relative
                # url("../fonts/…") resolves under /static/ again and comes back here.
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise ValueError(f"The report fetches only its own static files, not {url}")


def render_pdf(html):
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly()).write_pdf()
