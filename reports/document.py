"""The annual report of one agency and fiscal year, as HTML and as PDF.

The page and the PDF come from the same template; the PDF is that HTML handed to WeasyPrint,
which reads the stylesheet and fonts from disk and fetches nothing else.
"""

import atexit
import base64
import gc
import logging
import mimetypes
import os
import posixpath
import re
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ita import statements
from measures.models import Measure
from reports import (  # noqa: F401 (patch WeasyPrint)
    archive,
    parallel,
    repeated_header,
    text_layouts,
    used_lengths,
)
from reports.models import ReportSignature

TEMPLATE = "reports/report.html"
STYLESHEET = "reports/report.css"
# Linked with media="screen": WeasyPrint and print never read it.
SCREEN_STYLESHEET = "reports/report-screen.css"

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
        Measure.objects.for_report(agency, fiscal_year).prefetch_related(
            statements.INDICATORS, "results__evidence_files"
        )
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
        report["inline_screen_stylesheet"] = inline_stylesheet(SCREEN_STYLESHEET)
    return render_to_string(TEMPLATE, report, request=request)


# url("../fonts/LaksamanITA-Regular.ttf") in the stylesheet.
STYLESHEET_URL = re.compile(r'url\("([^"]+)"\)')


def inline_stylesheet(stylesheet=STYLESHEET):
    """The report's stylesheet with its fonts as data: URLs, for a <style> element."""

    def data_url(match):
        name = posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), match[1]))
        with open(finders.find(name), "rb") as file:
            body = base64.b64encode(file.read()).decode("ascii")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return f'url("data:{content_type};base64,{body}")'

    with open(finders.find(stylesheet), encoding="utf-8") as file:
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


# Limits of one PDF render, so that no report holds a worker for minutes. For scale: the
# seed's 5 measures make 6,400 characters of HTML and 3 pages; 200 such measures about
# 260,000 characters and 120 pages, rendered in about 4 seconds.
MAX_HTML_CHARACTERS = 1_000_000
MAX_PAGES = 300
MAX_SECONDS = 60

HTML_VERSION_HINT = "กรุณาเปิดรายงานแบบหน้าเว็บแล้วสั่งพิมพ์จากเบราว์เซอร์ หรือย่อข้อความที่ยาวผิดปกติ"


class ReportTooLarge(Exception):
    """The report is beyond what one PDF render may take; the message is for staff."""


# WeasyPrint reports each page it lays out on this logger: the one place where a render in
# progress can be stopped. The filter raises in the rendering thread and lets no record
# through, so the per-page messages never reach the application's log.
PROGRESS = logging.getLogger("weasyprint.progress")
_render = threading.local()


def check_progress(record):
    deadline = getattr(_render, "deadline", None)
    if deadline is None:
        return False
    if time.monotonic() > deadline:
        raise ReportTooLarge(too_slow())
    if "Page %d" in str(record.msg) and record.args and record.args[0] > MAX_PAGES:
        raise ReportTooLarge(too_many_pages())
    return False


def too_slow():
    return f"การสร้าง PDF ใช้เวลาเกิน {MAX_SECONDS} วินาที จึงหยุดไว้ {HTML_VERSION_HINT}"


def too_many_pages():
    return f"รายงานยาวเกิน {MAX_PAGES} หน้า จึงไม่สร้าง PDF {HTML_VERSION_HINT}"


PROGRESS.setLevel(logging.INFO)
PROGRESS.addFilter(check_progress)
# A logging configuration that disables existing loggers would switch the limits off too.
PROGRESS.disabled = False


# WeasyPrint writes the fonts the stylesheet loads into a weasyprint-* folder that only its
# garbage collection removes: never, when a worker is killed mid-render. The font
# configuration's folder lies under this root instead, one subfolder per process; it goes when
# the process ends, and a process's first render removes those of processes that no longer run.
FONT_ROOT = Path(tempfile.gettempdir()) / f"rangsit-ita-fonts-{os.getuid()}"
_process = {"pid": None}


def process_font_folder():
    folder = FONT_ROOT / f"pid-{os.getpid()}"
    if _process["pid"] != os.getpid():
        FONT_ROOT.mkdir(mode=0o700, exist_ok=True)
        for other in FONT_ROOT.glob("pid-*"):
            if not is_running(int(other.name.removeprefix("pid-"))):
                shutil.rmtree(other, ignore_errors=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        _process["pid"] = os.getpid()
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def is_running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# One font configuration per process and thread (Pango's font map is not shared across
# threads), kept for every later render: a new one loads fontconfig's system setup and the
# report's fonts again, about 0.1 s, and Pango keeps what it has learnt of the fonts.
_fonts = threading.local()


@contextmanager
def font_configuration():
    if getattr(_fonts, "pid", None) != os.getpid():
        inherited = getattr(_fonts, "config", None)
        if inherited is not None:
            # A forked process's copy of its parent's: dropped, it would remove the folder
            # the parent still reads its fonts from.
            inherited._folder = None
        config = FontConfiguration()
        # WeasyPrint 70 writes into _folder when it is set, and makes its own only when it is
        # not; a font already in the folder is not loaded again.
        config._folder = Path(tempfile.mkdtemp(prefix="render-", dir=process_font_folder()))
        _fonts.config, _fonts.pid = config, os.getpid()
    yield _fonts.config


# pydyf (WeasyPrint's PDF writer) rebuilds the list of every page's reference each time the
# structure tree asks for one page's: for a 120-page report, 20,000 lists of 120, about a tenth
# of the render. The list only grows as pages are added, so one copy per length is the same.
def _page_references(pdf):
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references")
    if cached is None or cached[0] != len(kids):
        references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
        cached = pdf.__dict__["_page_references"] = (len(kids), references)
    return cached[1]


pydyf.PDF.page_references = property(_page_references)


def render_pdf(html):
    if len(html) > MAX_HTML_CHARACTERS:
        raise ReportTooLarge(
            f"ข้อความในรายงานยาว {len(html):,} ตัวอักษร เกินกว่าที่สร้าง PDF ได้ "
            f"({MAX_HTML_CHARACTERS:,} ตัวอักษร) {HTML_VERSION_HINT}"
        )
    # WeasyPrint leaves its boxes and styles in reference cycles (365,000 objects for 200
    # measures), and while it lays out, the garbage collector keeps walking that growing heap:
    # a fifth of the time. So collect once, at the end. With the collector off, all the render
    # made is still in the youngest generation: collecting that one frees it all without
    # walking the rest of the process (4 ms instead of 40 after a small report).
    was_enabled = gc.isenabled()
    gc.disable()
    _render.deadline = time.monotonic() + MAX_SECONDS
    try:
        with font_configuration() as fonts:
            parts = parallel.parts(html, parallel.processes(settings.REPORT_RENDER_PROCESSES))
            if len(parts) == 1:
                pdfs = [weasyprint_pdf(html, fonts)]
            else:
                pdfs = render_parts(parts, fonts)
    finally:
        _render.deadline = None
        if was_enabled:
            gc.enable()
            gc.collect(0)
    return archive.join(pdfs)


def weasyprint_pdf(html, fonts):
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnly())
    options = archive.WRITE_OPTIONS
    return document.render(font_config=fonts, **options).write_pdf(**options)


def render_parts(parts, fonts):
    def check_pages(total):
        if total > MAX_PAGES:
            raise ReportTooLarge(too_many_pages())

    # The stylesheet's fonts are written to the configuration's folder once, by the first
    # render that reads them; a part that found them written by another would not load them.
    head = parts[0][: parts[0].index("<body")]
    empty = HTML(
        string=f"{head}<body></body></html>", base_url=BASE_URL, url_fetcher=StaticFilesOnly()
    )
    empty.render(font_config=fonts)
    try:
        return parallel.render(
            parts, lambda part: weasyprint_pdf(part, fonts), _render.deadline, check_pages
        )
    except TimeoutError:
        raise ReportTooLarge(too_slow()) from None
