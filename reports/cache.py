"""The report PDF rendered once per content state and kept in the configured storage.

The key is a hash of the HTML the PDF is made from and of everything else that shapes the
PDF: the stylesheet, the fonts it loads, WeasyPrint, pikepdf and our code that writes the
PDF. Whatever the report shows (measures, steps, results, divisions, scores, signature,
agency name, template) is in that HTML, so any change to it makes a new key and the next
download a fresh render; an unchanged report is never rendered twice. Rendering the HTML
takes milliseconds, the PDF most of a second for five measures and seconds for hundreds.

The HTML itself is not rendered again either while nothing it shows has changed: the
database stamps each agency's content (reports/stamps.py), and the cache maps the stamp (with
the versions of the code, templates and settings that make the HTML) to the content key, and
to the report page as last rendered. A download or a page view of an unchanged report reads
the stamp and the cache, nothing more.
"""

import functools
import hashlib
import logging
import posixpath
import time
from pathlib import Path

import django
import pikepdf
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.templatetags.static import static

from measures.models import Measure
from reports import archive, document, parallel

logger = logging.getLogger(__name__)

FOLDER = "reports/cache"


@functools.cache
def renderer_version():
    """A hash of what turns the HTML into the PDF; computed once per process."""
    digest = hashlib.sha256()
    for text in (weasyprint.__version__, pikepdf.__version__, repr(archive.WRITE_OPTIONS)):
        digest.update(text.encode() + b"\0")
    stylesheet = Path(finders.find(document.STYLESHEET))
    css = stylesheet.read_text(encoding="utf-8")
    here = posixpath.dirname(document.STYLESHEET)
    fonts = [
        finders.find(posixpath.normpath(posixpath.join(here, url)))
        for url in document.STYLESHEET_URL.findall(css)
    ]
    for path in [
        document.__file__,
        archive.__file__,
        parallel.__file__,
        stylesheet,
        *sorted(filter(None, fonts)),
    ]:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


# What the report's HTML is made with: its templates, and the code of the apps it reads and
# the filters it prints with.
TEMPLATES = "templates/reports"
APPS = ("measures", "ita", "reports", "publication", "thai")
SETTINGS = ("SITE_URL", "REPORT_PAGE_MARGIN", "STATIC_URL", "TIME_ZONE", "LANGUAGE_CODE")
LINKED = (document.STYLESHEET, document.SCREEN_STYLESHEET, "reports/toolbar.js")


def template_version():
    """A hash of what turns the register into the report's HTML besides the data: the
    templates and code, the settings the template prints and the static names it links.
    Computed once per process; with DEBUG on, every time, as runserver reloads templates
    without restarting."""
    if settings.DEBUG:
        return _template_version()
    return _cached_template_version()


def _template_version():
    digest = hashlib.sha256(django.__version__.encode())
    base = Path(settings.BASE_DIR)
    files = sorted((base / TEMPLATES).rglob("*.html"))
    for app in APPS:
        files += sorted((base / app).rglob("*.py")) + sorted((base / app).glob("*.txt"))
    for path in files:
        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    for name in SETTINGS:
        digest.update(f"{name}={getattr(settings, name)!r}\0".encode())
    for name in LINKED:
        digest.update(static(name).encode() + b"\0")
    return digest.hexdigest()


_cached_template_version = functools.cache(_template_version)


def key(html):
    # The number of parts moves a page break (reports/parallel.py).
    parts = settings.REPORT_RENDER_PROCESSES
    return hashlib.sha256(f"{renderer_version()}\0{parts}\0{html}".encode()).hexdigest()


# A mapping unused this long goes (the cache may drop it sooner: it is rendered again then).
REMEMBER_SECONDS = 30 * 24 * 3600


def state_name(kind, agency, fiscal_year, stamp):
    """The cache key of what was rendered for a content state: short enough for any backend."""
    versions = f"{stamp}\0{renderer_version()}\0{template_version()}"
    digest = hashlib.sha256(versions.encode()).hexdigest()
    return f"report-{kind}:{agency.pk}:{fiscal_year}:{digest}"


def remembered_key(agency, fiscal_year, stamp):
    """The content key of the report's HTML in the state `stamp`, if it was rendered."""
    return cache.get(state_name("key", agency, fiscal_year, stamp))


def remember_key(agency, fiscal_year, stamp, content_key):
    cache.set(state_name("key", agency, fiscal_year, stamp), content_key, REMEMBER_SECONDS)


# Stands for the request's CSP nonce in a stored page. Data can never print it: the report
# escapes every "<" but those of <b> and <strong>.
NONCE = "<csp-nonce>"


def remembered_page(agency, fiscal_year, stamp, nonce):
    """The report page as rendered for the state `stamp`, with this request's nonce."""
    page = cache.get(state_name("page", agency, fiscal_year, stamp))
    return None if page is None else page.replace(NONCE, nonce)


def remember_page(agency, fiscal_year, stamp, page, nonce):
    """Keep the page for the next request, if the nonce is its only part of this request."""
    if page.count(nonce) == 1:
        page = page.replace(nonce, NONCE)
        cache.set(state_name("page", agency, fiscal_year, stamp), page, REMEMBER_SECONDS)


# How often a request waiting for another's render looks whether it has ended.
POLL_SECONDS = 0.05


def once(name, seconds, make, made):
    """What made() finds already rendered, else make() run by one request at a time across
    processes. When many ask for the same report at once (the first views after an edit), one
    renders; the others wait, up to `seconds`, for made() to find what it rendered instead of
    rendering it too. A waiter renders itself when the other ends without leaving a result (a
    page with this visitor's CSRF token is not kept) or takes too long."""
    result = made()
    if result is not None:
        return result
    lock = f"{name}:rendering"
    if cache.add(lock, True, seconds):
        try:
            return make()
        finally:
            cache.delete(lock)
    # Only the lock is polled: the result may live in slower storage (S3) than the cache.
    deadline = time.monotonic() + seconds
    while cache.get(lock) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    return made() or make()


def folder(agency, fiscal_year):
    return f"{FOLDER}/{agency.pk}/{fiscal_year}"


def path(agency, fiscal_year, content_key):
    return f"{folder(agency, fiscal_year)}/{content_key}.pdf"


def exists(agency, fiscal_year, content_key):
    return default_storage.exists(path(agency, fiscal_year, content_key))


def read(agency, fiscal_year, content_key):
    """The cached PDF, or None when this content state has not been rendered yet."""
    try:
        with default_storage.open(path(agency, fiscal_year, content_key), "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None


def store(agency, fiscal_year, content_key, pdf):
    """Keep the PDF under its key and drop the earlier states' files of the same report.
    Storing a key twice (a retried task, two requests at once) keeps one file."""
    name = path(agency, fiscal_year, content_key)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(pdf))
        if saved != name:
            # Another process stored the same key meanwhile: its file is this one.
            default_storage.delete(saved)
    _, files = default_storage.listdir(folder(agency, fiscal_year))
    for other in files:
        if other.endswith(".pdf") and other != f"{content_key}.pdf":
            default_storage.delete(f"{folder(agency, fiscal_year)}/{other}")


def pdf_for(agency, fiscal_year, html, content_key=None):
    """The PDF of this HTML: from the cache, or rendered now and cached. Raises
    document.ReportTooLarge as rendering does."""
    content_key = content_key or key(html)

    def render():
        pdf = document.render_pdf(html)
        store(agency, fiscal_year, content_key, pdf)
        return pdf

    def rendered():
        return read(agency, fiscal_year, content_key)

    name = state_key(agency, fiscal_year, content_key)
    return once(name, document.MAX_SECONDS, render, rendered)


def is_large(agency, fiscal_year):
    """Whether the report is rendered by a background worker rather than in the request."""
    count = Measure.objects.filter(agency=agency, fiscal_year=fiscal_year).count()
    return count > settings.REPORT_BACKGROUND_MEASURES


# The state of a background render, for its progress page. "Ready" is the file itself.
QUEUED, RENDERING, FAILED = "queued", "rendering", "failed"
# A failure is shown for a while, then a new download tries again.
STATE_SECONDS = {QUEUED: 24 * 3600, RENDERING: 24 * 3600, FAILED: 600}


def state_key(agency, fiscal_year, content_key):
    return f"report-pdf:{agency.pk}:{fiscal_year}:{content_key}"


def set_state(agency, fiscal_year, content_key, state, message=""):
    cache.set(
        state_key(agency, fiscal_year, content_key),
        {"state": state, "message": message},
        STATE_SECONDS[state],
    )


def claim(agency, fiscal_year, content_key):
    """Mark the render queued; False when it already is (queued, rendering or failed)."""
    state = {"state": QUEUED, "message": ""}
    return cache.add(state_key(agency, fiscal_year, content_key), state, STATE_SECONDS[QUEUED])


def forget(agency, fiscal_year, content_key):
    cache.delete(state_key(agency, fiscal_year, content_key))


def state(agency, fiscal_year, content_key):
    """{"state": "ready" | "queued" | "rendering" | "failed" | "unknown", "message": ...}"""
    if exists(agency, fiscal_year, content_key):
        return {"state": "ready", "message": ""}
    return cache.get(state_key(agency, fiscal_year, content_key)) or {
        "state": "unknown",
        "message": "",
    }
