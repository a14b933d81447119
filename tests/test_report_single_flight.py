"""Many first views of a changed report at once: one request renders it, the others wait for
what it rendered instead of rendering the same thing too (the thundering herd of the weeks
before the deadline). The "other request" here is a thread holding the render's lock, as a
request in another worker would."""

import threading

import pytest
from django.urls import reverse

from reports import cache, document, stamps
from tests.test_evidence_files import measure_with_a_result

# Threads use connections of their own: what they write to the cache table must be committed.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("media_root", "fast_password_hashing"),
]

PAGE_URL = reverse("reports:report", args=["rangsit", 2568])
PDF_URL = reverse("reports:report_pdf", args=["rangsit", 2568])


@pytest.fixture
def measure(agency, strategy_division):
    return measure_with_a_result(agency, strategy_division)


def later(seconds, action):
    """`action` run by another thread after `seconds`, as another worker would finish."""
    thread = threading.Timer(seconds, action)
    thread.start()
    return thread


REDIS_CACHE = {
    "default": {
        "BACKEND": "rangsit_ita.redis_cache.SharedClientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "test-single-flight",
    }
}


@pytest.fixture(params=["database", "redis"])
def any_cache(request, settings):
    """The database's cache table (no REDIS_URL) and Redis (production), both real."""
    from django.core.cache import cache as django_cache
    from django.core.cache import caches

    if request.param == "redis":
        settings.CACHES = REDIS_CACHE
    expected = {"redis": "SharedClientRedisCache", "database": "DatabaseCache"}[request.param]
    assert type(caches["default"]).__name__ == expected
    yield request.param

    django_cache.delete_many(["test-once:rendering", "test-nothing:rendering"])


@pytest.mark.usefixtures("any_cache")
def test_a_waiter_takes_what_the_renderer_made_and_renders_nothing():
    results, made_here = {}, []
    started, release = threading.Event(), threading.Event()

    def slow_render():
        started.set()
        release.wait(10)
        results["value"] = "ผลจากคำขอแรก"
        return results["value"]

    first = threading.Thread(
        target=lambda: cache.once("test-once", 10, slow_render, lambda: results.get("value"))
    )
    first.start()
    assert started.wait(10)
    later(0.2, release.set)

    def render_again():
        made_here.append(True)
        return "ผลจากคำขอที่สอง"

    value = cache.once("test-once", 10, render_again, lambda: results.get("value"))
    first.join(10)
    assert value == "ผลจากคำขอแรก"
    assert made_here == []


@pytest.mark.usefixtures("any_cache")
def test_a_waiter_renders_itself_when_the_other_leaves_nothing():
    assert cache.once("test-nothing", 10, lambda: "ครั้งแรก", lambda: None) == "ครั้งแรก"
    # The lock is gone once the render ends, whatever it left.
    assert cache.once("test-nothing", 10, lambda: "ครั้งที่สอง", lambda: None) == "ครั้งที่สอง"


def test_a_waiter_renders_itself_after_waiting_its_time():
    from django.core.cache import cache as django_cache

    django_cache.add("test-stuck:rendering", True, 60)
    try:
        assert cache.once("test-stuck", 0.2, lambda: "ทำเอง", lambda: None) == "ทำเอง"
    finally:
        django_cache.delete("test-stuck:rendering")


def hold_lock(name):
    from django.core.cache import cache as django_cache

    assert django_cache.add(f"{name}:rendering", True, 60)
    return lambda: django_cache.delete(f"{name}:rendering")


def test_the_report_page_waits_for_the_page_another_request_is_rendering(
    client, coordinator, measure
):
    agency = measure.agency
    stamp = stamps.current(agency)
    release = hold_lock(cache.state_name("page", agency, 2568, stamp))

    def other_request_finishes():
        page = "<html><body>หน้าที่คำขออื่นสร้าง nonce=abc123</body></html>"
        cache.remember_page(agency, 2568, stamp, page, "abc123")
        release()

    client.force_login(coordinator)
    finishing = later(0.3, other_request_finishes)
    response = client.get(PAGE_URL)
    finishing.join()
    text = response.content.decode()
    assert response.status_code == 200
    assert "หน้าที่คำขออื่นสร้าง" in text
    # The stored page carries this request's own nonce, not the other's.
    assert "abc123" not in text
    assert f"nonce={response.wsgi_request.csp_nonce}" in text


def test_the_report_page_is_rendered_when_the_other_request_keeps_nothing(
    client, coordinator, measure
):
    agency = measure.agency
    release = hold_lock(cache.state_name("page", agency, 2568, stamps.current(agency)))
    client.force_login(coordinator)
    finishing = later(0.3, release)
    response = client.get(PAGE_URL)
    finishing.join()
    assert response.status_code == 200
    assert measure.titles in response.content.decode()


def test_the_pdf_download_waits_for_the_pdf_another_request_is_rendering(
    client, coordinator, measure
):
    agency = measure.agency
    content_key = cache.key(document.render_html(agency, 2568))
    release = hold_lock(cache.state_key(agency, 2568, content_key))
    other_pdf = b"%PDF-1.7 rendered by the other request"

    def other_request_finishes():
        cache.store(agency, 2568, content_key, other_pdf)
        release()

    client.force_login(coordinator)
    finishing = later(0.3, other_request_finishes)
    response = client.get(PDF_URL)
    finishing.join()
    assert response.status_code == 200
    assert response.content == other_pdf
    assert response["ETag"] == f'"{content_key}"'
