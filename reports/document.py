"""The annual report of one agency and fiscal year, as HTML and as PDF.

The page and the PDF come from the same template; the PDF is that HTML handed to WeasyPrint,
which reads the stylesheet and fonts from disk and fetches nothing else.
"""

import base64
import gc
import mimetypes
import posixpath
import re
import threading
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ita import statements
from measures.models import Measure
from reports import archive
from reports.models import ReportSignature

TEMPLATE = "reports/report.html"
STYLESHEET = "reports/report.css"

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


def render_html(agency, fiscal_year, request=None, self_contained=False):
    report = context(agency, fiscal_year)
    if self_contained:
        # A file opened from disk has no /static/ to link to, so it carries its own styles.
        report["inline_stylesheet"] = inline_stylesheet()
    return render_to_string(TEMPLATE, report, request=request)


# url("../fonts/LaksamanITA-Regular.ttf") in the stylesheet.
STYLESHEET_URL = re.compile(r'url\("([^"]+)"\)')


def inline_stylesheet():
    """The report's stylesheet with its fonts as data: URLs, for a <style> element."""

    def data_url(match):
        name = posixpath.normpath(posixpath.join(posixpath.dirname(STYLESHEET), match[1]))
        with open(finders.find(name), "rb") as file:
            body = base64.b64encode(file.read()).decode("ascii")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return f'url("data:{content_type};base64,{body}")'

    with open(finders.find(STYLESHEET), encoding="utf-8") as file:
        return mark_safe(STYLESHEET_URL.sub(data_url, file.read()))


def filename(agency, fiscal_year, extension="pdf"):
    return f"ita-report-{agency.slug}-{fiscal_year}.{extension}"


def static_file(name):
    """The file on disk behind a static name: the source folders have the plain names; with
    DEBUG off the template links hashed ones ("report.4f2a.css") that only collectstatic's
    folder has."""
    found = finders.find(name)
    if not found and staticfiles_storage.exists(name):
        found = staticfiles_storage.path(name)
    return found


class StaticFilesOnly(URLFetcher):
    """Serve the report's own static files (stylesheet, fonts) from disk and refuse every
    other URL, so rendering never waits on the network or on our own server."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        # Not static(""): with hashed names that asks the manifest for "" and fails.
        prefix = urlsplit(staticfiles_storage.base_url).path
        name = unquote(parts.path[len(prefix) :])
        if parts.scheme == "file" and parts.path.startswith(prefix) and ".." not in name:
            found = static_file(name)
            if found:
                with open(found, "rb") as file:
                    body = file.read()
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                # The response keeps the requested URL, so the stylesheet's relative
                # url("../fonts/…") resolves under /static/ again and comes back here.
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise ValueError(f"The report fetches only its own static files, not {url}")


# One font configuration per thread, kept between renders: making one scans the system's
# fonts, and loading the report's two fonts into it writes them to a temporary folder. Pango
# does not promise that a font map can be used from two threads at once, hence one each.
_thread = threading.local()


def font_configuration():
    if not hasattr(_thread, "font_configuration"):
        _thread.font_configuration = FontConfiguration()
    return _thread.font_configuration


def render_pdf(html):
    # WeasyPrint leaves its boxes and styles in reference cycles (365,000 objects for 200
    # measures), and while it lays out, the garbage collector keeps walking that growing heap:
    # a fifth of the time. So collect once, at the end. With the collector off, all the render
    # made is still in the youngest generation: collecting that one frees it all without
    # walking the rest of the process (4 ms instead of 40 after a small report).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
        pdf = document.write_pdf(font_config=font_configuration(), **archive.WRITE_OPTIONS)
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)
    return archive.restructure(pdf)
