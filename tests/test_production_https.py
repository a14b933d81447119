"""Behind an HTTPS reverse proxy (simulated: the headers nginx sends), with the production
settings on, logging in through the admin works and every answer carries the security
headers: HSTS, the Content-Security-Policy, secure cookies that end with the browser."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD

HOST = "ita.example.go.th"
ORIGIN = f"https://{HOST}"


@pytest.fixture
def production(settings):
    # What settings.py gives when INSECURE_HTTP is not set and the proxy header is named.
    settings.ALLOWED_HOSTS = [HOST]
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def through_the_proxy(host=HOST):
    """A browser's requests as the proxy forwards them: over HTTPS, with the browser's Origin."""
    return {
        "headers": {"host": host, "x-forwarded-proto": "https", "origin": ORIGIN},
        "secure": False,  # the proxy speaks plain HTTP to the application server
    }


def log_in(client, **request):
    client.get("/admin/login/", **request)
    token = client.cookies["csrftoken"].value
    return client.post(
        "/admin/login/",
        {
            "username": "coordinator",
            "password": PASSWORD,
            "next": "/admin/",
            "csrfmiddlewaretoken": token,
        },
        **request,
    )


def test_logging_in_through_the_https_proxy_works(production, coordinator):
    client = Client(enforce_csrf_checks=True)

    response = log_in(client, **through_the_proxy())

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/", **through_the_proxy()).status_code == 200


def test_the_session_cookie_is_secure_and_ends_with_the_browser(production, coordinator):
    client = Client(enforce_csrf_checks=True)

    log_in(client, **through_the_proxy())

    session = client.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["max-age"] == ""  # no lifetime: a session cookie, gone when the browser is
    assert client.cookies["csrftoken"]["secure"] is True


def test_a_proxy_that_rewrites_the_host_needs_the_trusted_origin(production, coordinator):
    # nginx with `proxy_set_header Host 127.0.0.1:8000` instead of $host: the Origin the
    # browser sends no longer matches the Host Django sees.
    production.ALLOWED_HOSTS = ["127.0.0.1"]
    refused = log_in(Client(enforce_csrf_checks=True), **through_the_proxy("127.0.0.1:8000"))
    production.CSRF_TRUSTED_ORIGINS = [ORIGIN]
    accepted = log_in(Client(enforce_csrf_checks=True), **through_the_proxy("127.0.0.1:8000"))

    assert refused.status_code == 403
    assert accepted.status_code == 302


def test_plain_http_is_sent_to_https(production):
    response = Client().get("/admin/login/", headers={"host": HOST})

    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/admin/login/"


def test_every_answer_carries_hsts_and_a_policy_without_inline_script(
    production, coordinator, agency
):
    client = Client()
    client.force_login(coordinator)

    for path in ["/admin/", "/admin/measures/measure/", "/dashboard/", "/reports/rangsit/2568/"]:
        response = client.get(path, **through_the_proxy())
        assert response.status_code == 200, path
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in response["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'"
        # The report's margin <style> is allowed by a per-response nonce, never inline at large.
        assert policy["style-src"].split()[0] == "'self'"
        assert "unsafe-inline" not in policy["style-src"]
        assert policy["frame-ancestors"] == "'none'"
