"""A report above REPORT_BACKGROUND_MEASURES renders in a Celery task: the download leads to
a progress page that reloads itself until the file is ready. Without REDIS_URL (as here) the
task runs in the request, eagerly, so the page is ready at once."""

import json

import pytest
from django.urls import reverse

from measures import roles
from measures.models import Measure
from reports import cache, document
from tests.conftest import make_staff

pytestmark = pytest.mark.usefixtures("media_root", "fast_password_hashing")

URL = reverse("reports:report_pdf", args=["rangsit", 2568])


@pytest.fixture
def large_report(agency, settings):
    settings.REPORT_BACKGROUND_MEASURES = 2
    for number in range(1, 4):
        Measure.objects.create(agency=agency, fiscal_year=2568, titles=f"มาตรการที่ {number}")


def content_key(agency):
    return cache.key(document.render_html(agency, 2568))


def progress_url(agency, name="reports:pdf_progress"):
    return reverse(name, args=["rangsit", 2568, content_key(agency)])


def test_celery_runs_in_process_without_redis(settings):
    from rangsit_ita.celery import app

    assert not settings.CELERY_BROKER_URL
    assert app.conf.task_always_eager
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_a_large_report_is_queued_and_its_progress_page_offers_the_pdf(
    client, coordinator, agency, large_report
):
    client.force_login(coordinator)
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == progress_url(agency)

    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "ไฟล์ PDF พร้อมแล้ว" in text
    assert f'<meta http-equiv="refresh" content="1; url={URL}">' in text
    assert f'href="{URL}"' in text

    status = client.get(progress_url(agency, "reports:pdf_status")).json()
    assert status == {"state": "ready", "message": "", "label": "ไฟล์ PDF พร้อมแล้ว", "pdf_url": URL}

    pdf = client.get(URL)
    assert pdf.status_code == 200
    assert pdf.content == document.render_pdf(document.render_html(agency, 2568))
    assert client.get(URL, headers={"if_none_match": pdf["ETag"]}).status_code == 304


def test_a_small_report_still_downloads_at_once(client, coordinator, agency, settings):
    settings.REPORT_BACKGROUND_MEASURES = 2
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการเดียว")
    client.force_login(coordinator)
    assert client.get(URL)["Content-Type"] == "application/pdf"


def test_a_queued_render_shows_its_place_and_reloads_itself(
    client, coordinator, agency, large_report
):
    cache.claim(agency, 2568, content_key(agency))
    client.force_login(coordinator)

    text = client.get(progress_url(agency)).content.decode()

    assert "รอคิวสร้างไฟล์ PDF" in text
    assert '<meta http-equiv="refresh" content="3">' in text
    assert client.get(progress_url(agency, "reports:pdf_status")).json()["state"] == "queued"
    # A second download of the same state waits for the render already queued.
    assert client.get(URL).url == progress_url(agency)
    assert client.get(progress_url(agency, "reports:pdf_status")).json()["state"] == "queued"


def test_a_render_in_progress_says_so(client, coordinator, agency, large_report):
    cache.set_state(agency, 2568, content_key(agency), cache.RENDERING)
    client.force_login(coordinator)
    assert "กำลังสร้างไฟล์ PDF" in client.get(progress_url(agency)).content.decode()


def test_a_report_too_large_to_render_says_why_on_the_progress_page(
    client, coordinator, agency, large_report, monkeypatch
):
    monkeypatch.setattr(document, "MAX_HTML_CHARACTERS", 100)
    client.force_login(coordinator)

    response = client.get(URL, follow=True)

    text = response.content.decode()
    assert "สร้างไฟล์ PDF ไม่ได้" in text
    assert "เกินกว่าที่สร้าง PDF ได้" in text
    assert "http-equiv" not in text
    status = client.get(progress_url(agency, "reports:pdf_status")).json()
    assert status["state"] == "failed"


def test_a_progress_page_for_a_state_that_no_longer_exists_asks_to_download_again(
    client, coordinator, agency, large_report
):
    client.force_login(coordinator)
    text = client.get(reverse("reports:pdf_progress", args=["rangsit", 2568, "a" * 64])).content
    assert "กรุณาดาวน์โหลดใหม่" in text.decode()


@pytest.mark.parametrize("key", ["abc", "A" * 64, "g" * 64])
def test_a_key_that_is_not_a_hash_is_not_found(client, coordinator, agency, key):
    client.force_login(coordinator)
    assert client.get(reverse("reports:pdf_status", args=["rangsit", 2568, key])).status_code == 404


@pytest.mark.parametrize("name", ["reports:pdf_progress", "reports:pdf_status"])
@pytest.mark.parametrize(
    "who", ["coordinator", "officer", "strategy_officer", "executive", "admin_user"]
)
def test_the_agencys_staff_of_each_role_and_division_and_superusers_see_the_progress(
    client, agency, large_report, request, name, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(progress_url(agency, name)).status_code == 200


@pytest.mark.parametrize("name", ["reports:pdf_progress", "reports:pdf_status"])
@pytest.mark.parametrize("who", ["other_coordinator", "other_officer", "roleless"])
def test_another_agencys_staff_and_staff_without_a_role_get_a_404(
    client, agency, large_report, request, name, who
):
    cache.claim(agency, 2568, content_key(agency))
    client.force_login(request.getfixturevalue(who))
    response = client.get(progress_url(agency, name))
    assert response.status_code == 404
    assert "queued" not in response.content.decode()


@pytest.mark.parametrize("name", ["reports:pdf_progress", "reports:pdf_status"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, agency, large_report, name):
    response = client.get(progress_url(agency, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_other_agency_cannot_read_a_state_through_its_own_address(
    client, agency, other_agency, large_report
):
    """The state belongs to an agency and year: the same key under another agency is unknown."""
    cache.claim(agency, 2568, content_key(agency))
    client.force_login(make_staff("other_boss", other_agency, roles.COORDINATOR))
    key = content_key(agency)
    response = client.get(reverse("reports:pdf_status", args=["sample", 2568, key]))
    assert json.loads(response.content)["state"] == "unknown"
