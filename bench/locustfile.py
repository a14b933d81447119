"""What staff do all day, for locust: `python bench/load.py` sets up the server and runs it.

Staff, logged in, list measures, open one, save it (the form
posted back as the browser would, with one field changed), read the report page, download
the report's PDF and look at the dashboard. Like a browser, a user who has the PDF's ETag
asks again with If-None-Match, and an answer 304 (not modified) counts as a success.
The task tagged healthz asks only for /healthz: the ceiling the pages are compared with.

Each task has a tag, so `--tags report` runs one page alone (`--tags healthz` the ceiling,
`--exclude-tags healthz` the mix). The environment says who is logged
in and what to open, comma-separated where there are several: LOAD_USERNAMES and
LOAD_SESSIONS (their session keys), LOAD_AGENCY, LOAD_YEAR and LOAD_MEASURE_IDS (one measure
per user to open and save).
"""

import itertools
import os
from html.parser import HTMLParser

from locust import HttpUser, constant, tag, task

USERNAMES = os.environ.get("LOAD_USERNAMES", "coordinator").split(",")
SESSIONS = os.environ.get("LOAD_SESSIONS", "").split(",")
AGENCY = os.environ.get("LOAD_AGENCY", "rangsit")
YEAR = os.environ.get("LOAD_YEAR", "2568")
MEASURE_IDS = [int(pk) for pk in os.environ.get("LOAD_MEASURE_IDS", "1").split(",")]


class FormFields(HTMLParser):
    """The fields a browser would post from the page's form (enough for the admin's)."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, name, attributes):
        attributes = dict(attributes)
        field = attributes.get("name")
        if name == "input" and field:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((field, attributes.get("value") or ""))
        elif name == "select" and field:
            self._select = field
        elif name == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif name == "textarea" and field:
            self._textarea = [field, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, name):
        if name == "select":
            self._select = None
        elif name == "textarea" and self._textarea:
            # A browser drops the one newline that follows <textarea>.
            field, value = self._textarea
            self.fields.append((field, value.removeprefix("\n")))
            self._textarea = None


class Staff(HttpUser):
    # As fast as the server answers: the benchmark measures what the server can serve.
    wait_time = constant(0)
    numbering = itertools.count()

    def on_start(self):
        number = next(Staff.numbering)
        self.username = USERNAMES[number % len(USERNAMES)]
        measure_id = MEASURE_IDS[number % len(MEASURE_IDS)]
        self.measure_url = f"/admin/measures/measure/{measure_id}/change/"
        self.saves = 0
        self.pdf_etag = None
        # Logged in already (bench/load.py made the session): a login hashes the password
        # for seconds on a busy machine, and the phase would measure little else.
        self.client.cookies.set("sessionid", SESSIONS[number % len(SESSIONS)])

    @tag("list")
    @task(3)
    def measure_list(self):
        self.client.get("/admin/measures/measure/", name="measure list")

    @tag("open")
    @task(3)
    def open_measure(self):
        self.client.get(self.measure_url, name="open measure")

    @tag("save")
    @task(1)
    def save_measure(self):
        page = self.client.get(self.measure_url, name="open measure")
        parser = FormFields()
        parser.feed(page.text)
        self.saves += 1
        changed = {"outcome": f"บันทึกโดย {self.username} ครั้งที่ {self.saves}"}
        fields = [(k, v) for k, v in parser.fields if k not in changed] + list(changed.items())
        with self.client.post(
            self.measure_url, fields, name="save measure", catch_response=True
        ) as answer:
            # A save goes back to the list; the form again means it was refused.
            if not answer.url.endswith("/admin/measures/measure/"):
                answer.failure("the save was refused")

    @tag("report")
    @task(2)
    def report_page(self):
        self.client.get(f"/reports/{AGENCY}/{YEAR}/", name="report page")

    @tag("pdf")
    @task(1)
    def pdf_download(self):
        headers = {"If-None-Match": self.pdf_etag} if self.pdf_etag else {}
        with self.client.get(
            f"/reports/{AGENCY}/{YEAR}/pdf/",
            headers=headers,
            name="pdf download",
            catch_response=True,
        ) as answer:
            if answer.status_code == 304:
                answer.success()
            elif answer.status_code == 200 and answer.content[:4] == b"%PDF":
                self.pdf_etag = answer.headers.get("ETag")
            else:
                answer.failure(f"no PDF: {answer.status_code}")

    @tag("dashboard")
    @task(2)
    def dashboard(self):
        self.client.get("/dashboard/", name="dashboard")

    # The ceiling: a view that only asks the database "select 1" (the mix leaves it out).
    @tag("healthz")
    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")
