"""A real Celery worker on this machine's Redis renders a large report; a worker killed
mid-render loses nothing: the task was not acknowledged, so Redis hands it to a second worker,
which renders the same file under the same content key."""

import os
import signal
import subprocess
import time
from pathlib import Path

import kombu.pools
import pytest
import redis
from django.urls import reverse

from measures.models import Measure, Result, Step
from publication.models import PublishedReport, ReportState
from rangsit_ita.celery import app
from reports import cache, document
from tests.servers import BIN, server_environment
from tests.test_publication_workflow import YEAR, A, add_measure, walk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fast_password_hashing"),
]

# A Redis database of each pytest-xdist worker's own (gw0 → 5, gw1 → 6): they flush it.
WORKER_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{5 + WORKER_INDEX}")
# A task a dead worker left unacknowledged goes back on the queue after this many seconds.
VISIBILITY_SECONDS = 5
URL = reverse("reports:report_pdf", args=["rangsit", 2568])


@pytest.fixture
def broker(settings):
    """This process sends tasks to Redis and keeps the render states there, as the web
    servers do with REDIS_URL set."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "rangsit_ita.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    forget_connections()
    yield
    app.conf.update(saved)
    forget_connections()
    redis.Redis.from_url(REDIS_URL).flushdb()


def forget_connections():
    """Even an eager task takes a producer from the app's pool, made for the broker of that
    moment: drop the pools so the next task sent connects to the broker configured now."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def start_worker(broker, media_root, tmp_path):
    started = []

    def start(name):
        log_path = tmp_path / f"worker-{name}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "--app",
                    "rangsit_ita",
                    "worker",
                    "--hostname",
                    f"{name}@%h",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "INFO",
                    "--without-mingle",
                    "--without-gossip",
                ],
                env=server_environment(
                    REDIS_URL=REDIS_URL,
                    MEDIA_ROOT=str(media_root),
                    CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_SECONDS),
                    # Templates link the plain static names, as in this test process, so a
                    # worker that renders the report's HTML renders the same HTML.
                    DEBUG="1",
                ),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: killing the worker kills its pool's children too.
                start_new_session=True,
            )
        started.append(process)
        wait_for(lambda: " ready." in log_path.read_text(), 60, log_path)
        return process, log_path

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(condition, seconds, log_path=None):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            log = Path(log_path).read_text() if log_path else ""
            raise AssertionError(f"waited {seconds} s in vain\n{log}")
        time.sleep(0.2)


@pytest.fixture
def large_report(agency, settings):
    """Above the background threshold, and long enough to take seconds to render."""
    measures = Measure.objects.bulk_create(
        Measure(
            agency=agency,
            fiscal_year=2568,
            number=number,
            titles=f"มาตรการที่ {number} การเปิดเผยข้อมูลสาธารณะและการป้องกันการทุจริต",
            outcome="ประชาชนเข้าถึงข้อมูลการดำเนินงานของหน่วยงานได้ครบถ้วน " * 3,
        )
        for number in range(1, settings.REPORT_BACKGROUND_MEASURES + 90)
    )
    Step.objects.bulk_create(
        Step(measure=measure, position=1, text="จัดทำแผนและเผยแพร่ " * 4) for measure in measures
    )
    Result.objects.bulk_create(
        Result(measure=measure, position=1, text="เผยแพร่ข้อมูลบนเว็บไซต์ " * 4) for measure in measures
    )


def status(client, agency, key):
    return client.get(reverse("reports:pdf_status", args=["rangsit", 2568, key])).json()


def test_a_worker_killed_mid_render_leaves_the_task_to_a_second_worker(
    client, coordinator, agency, large_report, start_worker
):
    first, first_log = start_worker("first")
    client.force_login(coordinator)

    response = client.get(URL)

    key = cache.key(document.render_html(agency, 2568))
    assert response.status_code == 302
    assert response.url == reverse("reports:pdf_progress", args=["rangsit", 2568, key])
    wait_for(lambda: status(client, agency, key)["state"] == "rendering", 60, first_log)
    progress = client.get(response.url).content.decode()
    assert "กำลังสร้างไฟล์ PDF" in progress
    assert '<meta http-equiv="refresh" content="3">' in progress

    time.sleep(0.5)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    assert "succeeded" not in first_log.read_text()
    assert not cache.exists(agency, 2568, key)
    assert status(client, agency, key)["state"] == "rendering"

    _, second_log = start_worker("second")
    wait_for(lambda: status(client, agency, key)["state"] == "ready", 120, second_log)
    # The file is stored a moment before the worker logs the task as done.
    wait_for(lambda: "succeeded" in second_log.read_text(), 30, second_log)
    download = client.get(URL)
    assert download.status_code == 200
    assert download["ETag"] == f'"{key}"'
    assert download.content == document.render_pdf(document.render_html(agency, 2568))


def test_a_worker_renders_a_queued_report_and_the_page_offers_it(
    client, coordinator, agency, large_report, start_worker
):
    _, log = start_worker("only")
    client.force_login(coordinator)

    progress_url = client.get(URL).url
    key = progress_url.rstrip("/").rsplit("/", 1)[-1]
    assert status(client, agency, key)["state"] in ("queued", "rendering")
    wait_for(lambda: status(client, agency, key)["state"] == "ready", 120, log)

    page = client.get(progress_url).content.decode()
    assert "ไฟล์ PDF พร้อมแล้ว" in page
    assert client.get(URL)["Content-Type"] == "application/pdf"


def test_a_worker_publishes_and_the_workflow_page_follows(
    client, agency, coordinator, executive, strategy_division, start_worker
):
    add_measure(agency, strategy_division)
    walk(agency, {"coordinator": coordinator, "executive": executive}, [A.SUBMIT, A.APPROVE])
    _, log = start_worker("publisher")
    client.force_login(coordinator)
    workflow = f"/reports/rangsit/{YEAR}/workflow/"

    response = client.post(workflow, {"action": "publish"})

    assert response.status_code == 302
    assert ReportState.for_year(agency, YEAR).state == ReportState.State.APPROVED
    page = client.get(workflow).content.decode()
    assert "เผยแพร่" in page and 'id="publishing"' in page
    assert '<meta http-equiv="refresh" content="3">' in page
    wait_for(
        lambda: ReportState.for_year(agency, YEAR).state == ReportState.State.PUBLISHED, 120, log
    )
    page = client.get(workflow).content.decode()
    assert 'id="publishing"' not in page
    published = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    assert published.read_pdf() == document.render_pdf(document.render_html(agency, YEAR))
