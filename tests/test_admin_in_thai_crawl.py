"""Every admin page an administrator or a coordinator can reach in the demo reads in Thai.

The crawl starts at /admin/ and follows every admin link (two of each kind: the first
measures' change forms, delete confirmations and history pages, not all of them), and asks
each list's "delete selected" for its confirmation. A word in Latin letters fails the test
unless it is data someone typed or imported (a title, a username, an ITA item's name) or in
ALLOWED below.
"""

import re
from collections import Counter, defaultdict
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import models

from measures.models import Measure

# Not data, yet not Thai either, and rightly so.
ALLOWED = {
    # The assessment, its instruments and item codes, and the file format, as officials
    # write them in Thai documents.
    "ITA", "IIT", "EIT", "OIT", "IND", "PDF",
    # The register's spreadsheet, as offices name the program and its files.
    "Excel", "xlsx", "MB",
    # The kinds of evidence file accepted, as their programs are called.
    "Word",
    # The top ITA level, "AA", in the help text of a level's name.
    "AA",
    # Link schemes in "บรรทัดละหนึ่งลิงก์ (http:// หรือ https://)".
    "http", "https",
    # Keys as printed on the keyboard, in Django's Thai help for multiple choice.
    "Control", "Command", "Mac",
}  # fmt: skip

# Tables that hold labels, not data: their English is what the test looks for.
NOT_DATA = {"auth.permission", "contenttypes.contenttype", "admin.logentry", "sessions.session"}

WORD = re.compile(r"[A-Za-z]{2,}")
# Kinds of page visited at most this many times (the same page for another row says nothing new).
PER_KIND = 2


class PageText(HTMLParser):
    """The text a person reads or hears on a page, and its links. Typed values (inputs,
    text areas) and <bdi> (Django's wrapper for a password's stored hash) are data."""

    SILENT = {"script", "style", "textarea", "bdi"}

    def __init__(self):
        super().__init__()
        self.parts, self.links, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.SILENT:
            self.depth += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("title", "alt", "placeholder", "aria-label"):
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.SILENT:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def read(html):
    page = PageText()
    page.feed(html)
    return " ".join(page.parts), page.links


# Columns whose values someone typed or imported (or the system stored, like a password hash).
TEXT_COLUMNS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def data_words():
    """Every Latin word stored in a text column of any row: data, whatever its language."""
    words = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.label_lower in NOT_DATA:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_COLUMNS)]
        for row in model._base_manager.values_list(*columns) if columns else []:
            for value in row:
                words.update(WORD.findall(str(value or "")))
    return words


def kind_of(path, query):
    kind = re.sub(r"/\d+/", "/N/", path)
    keys = sorted(pair.split("=")[0] for pair in query.split("&")) if query else []
    return kind + "?" + "&".join(keys)


def crawl(client):
    """{url: text} of every admin page reachable from /admin/, with the confirmation
    pages of "delete selected"."""
    pages, queue, seen, kinds = {}, ["/admin/"], set(), Counter()
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        text, links = read(html)
        pages[url] = text
        for href in links:
            link = urlsplit(href)
            if link.netloc or not link.path.startswith("/admin/") or "logout" in link.path:
                continue
            kind = kind_of(link.path, link.query)
            if kinds[kind] < PER_KIND:
                kinds[kind] += 1
                queue.append(link.path + (f"?{link.query}" if link.query else ""))
        chosen = re.findall(r'name="_selected_action" value="(\d+)"', html)
        if chosen and 'value="delete_selected"' in html:
            post = {"action": "delete_selected", "_selected_action": chosen[:3]}
            confirmation = client.post(urlsplit(url).path, post)
            assert confirmation.status_code == 200, url
            pages[f"{url} (ลบที่เลือก)"] = read(confirmation.content.decode())[0]
    return pages


def english_on(pages):
    allowed = ALLOWED | data_words()
    found = defaultdict(set)
    for url, text in pages.items():
        for word in WORD.findall(text):
            if word not in allowed:
                found[word].add(url)
    return {word: sorted(urls)[:3] for word, urls in sorted(found.items())}


@pytest.fixture
def demo(db, fast_password_hashing):
    call_command("load_demo", password="demo-pass-1234", stdout=StringIO())
    # A year copied on, a deleted measure and failed logins, so their pages have rows.
    original = Measure.objects.get(fiscal_year=2568, number=1)
    original.copy_to_next_year()
    Measure.objects.get(fiscal_year=2568, number=5).delete()
    AccessAttempt.objects.create(
        username="officer",
        ip_address="127.0.0.1",
        user_agent="",
        http_accept="",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    AccessFailureLog.objects.create(
        username="officer", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )
    AccessLog.objects.create(
        username="officer", ip_address="127.0.0.1", user_agent="", http_accept="", path_info="/"
    )


def test_every_admin_page_reads_in_thai(client, demo):
    english = {}
    for username in ["admin", "coordinator"]:
        client.force_login(User.objects.get(username=username))
        pages = crawl(client)
        visited = " ".join(pages)
        for kind in ["/change/", "/add/", "/delete/", "/history/", "(ลบที่เลือก)", "/deleted/"]:
            assert kind in visited, (username, kind)
        english[username] = english_on(pages)

    assert english == {"admin": {}, "coordinator": {}}
