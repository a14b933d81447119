"""Real application servers for the production tests: gunicorn (as `make serve` runs it) and
Django's runserver (as `make demo` does), started as subprocesses on free loopback ports
against the test database, plus a small browser-like HTTP client for them."""

import collections
import contextlib
import http.cookiejar
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BIN = Path(sys.executable).parent


def test_database_url():
    """The test database pytest-django made, for servers in other processes."""
    if connection.vendor != "postgresql":
        pytest.skip("application servers share one PostgreSQL (CI's database)")
    database = connection.settings_dict
    user = database["USER"] or "postgres"
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(**environment):
    keep = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return (
        keep
        | {
            "DATABASE_URL": test_database_url(),
            # One key for every server, as in production: a session signed by one (or by this
            # test process) is valid on the other.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            # The servers speak plain HTTP here; the HTTPS path is tested in test_production_https.
            "INSECURE_HTTP": "1",
            "PYTHONUNBUFFERED": "1",
        }
        | environment
    )


def collect_static(folder):
    """`manage.py collectstatic` as `make serve` runs it, into `folder`; gunicorn then needs
    STATIC_ROOT=folder."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=settings.BASE_DIR,
        env=server_environment(STATIC_ROOT=str(folder), DATABASE_URL="sqlite:///:memory:"),
        check=True,
        capture_output=True,
    )
    return folder


def gunicorn_command(port):
    return [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"], {"PORT": str(port)}


def runserver_command(port):
    # As `make demo` runs it: DEBUG on, so static files by their plain names, no collectstatic.
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    return command, {"DEBUG": "1"}


@contextlib.contextmanager
def running(command_for, log_folder, **environment):
    """Start a server, wait for its /healthz, yield its URL, stop it."""
    port = free_port()
    command, own_environment = command_for(port)
    log_path = Path(log_folder) / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=server_environment(**own_environment, **environment),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:  # refused, reset or timed out while the server starts
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class FormFields(HTMLParser):
    """The values a browser would submit from the page's forms (enough for the admin's)."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


class Browser:
    """Cookies kept across servers, as one browser would keep them for one host name."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, url, headers=None):
        request = urllib.request.Request(url, headers=headers or {})
        with self.opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()

    def submit(self, url, changes):
        """Fetch the form at `url` and post it back with `changes`, as a person would."""
        _, _, page = self.get(url)
        parser = FormFields()
        parser.feed(page.decode())
        fields = [(n, v) for n, v in parser.fields if n not in changes] + list(changes.items())
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": url, "Origin": "/".join(url.split("/")[:3])},
        )
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.url, response.read().decode()


def connection_count():
    """Connections to the test database other than this process's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "select count(*) from pg_stat_activity"
            " where datname = current_database() and pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def settled_connection_count(seconds=10):
    """The count once closed connections have gone: a backend leaves pg_stat_activity a
    moment after its client hangs up. Returns the lowest count seen within `seconds`."""
    lowest = connection_count()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.5)
        count = connection_count()
        if count == lowest:
            break
        lowest = min(lowest, count)
    return lowest


def hammer(url, session_cookie, users, seconds, while_running=lambda: None):
    """`users` threads, each a logged-in person asking for `url` again and again for `seconds`.
    Calls `while_running` repeatedly meanwhile. Returns how many answers of each kind came:
    200, another status, "redirected" (to the login page), or the name of a network error."""
    answers = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def person():
        while time.monotonic() < deadline:
            request = urllib.request.Request(url, headers={"Cookie": session_cookie})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    answer = response.status if response.url == url else "redirected"
            except urllib.error.HTTPError as error:
                answer = error.code
            except OSError as error:
                answer = type(error).__name__
            with lock:
                answers[answer] += 1

    people = [threading.Thread(target=person) for _ in range(users)]
    for thread in people:
        thread.start()
    while any(thread.is_alive() for thread in people):
        while_running()
        time.sleep(0.25)
    for thread in people:
        thread.join()
    return answers
