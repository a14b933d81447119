"""Accounts on shared office computers: five wrong passwords lock a username out for a while
(through the admin's own login page), and a forgotten password is reset by email."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tests.conftest import PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture
def throttled(settings):
    # conftest.py turns django-axes off for the test client's logins; here it is on.
    settings.AXES_ENABLED = True


def log_in(client, username, password, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_then_the_right_one_is_refused_in_thai(client, throttled, coordinator):
    for _ in range(4):
        assert log_in(client, "coordinator", "wrong-password").status_code == 200
    assert log_in(client, "coordinator", "wrong-password").status_code == 429

    response = log_in(client, "coordinator", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page
    assert "๑๕ นาที" in page
    assert not is_logged_in(client)


def test_four_wrong_passwords_do_not_lock_anyone_out(client, throttled, coordinator):
    for _ in range(4):
        log_in(client, "coordinator", "wrong-password")

    assert log_in(client, "coordinator", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_lock_ends_after_fifteen_minutes(client, throttled, coordinator):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            log_in(client, "coordinator", "wrong-password")
        # Any try while locked starts the fifteen minutes again, so wait without trying.
        traveller.shift(timedelta(minutes=16))

        assert log_in(client, "coordinator", PASSWORD).status_code == 302


def test_a_lock_on_one_user_leaves_a_colleague_free(client, throttled, coordinator, officer):
    for _ in range(5):
        log_in(client, "coordinator", "wrong-password")

    assert log_in(client, "officer", PASSWORD).status_code == 302


def test_behind_the_proxy_each_browser_address_counts_apart(client, throttled, coordinator):
    # The proxy on this machine connects from 127.0.0.1 and appends the browser's address.
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    clerk = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20, 203.0.113.9"}
    for _ in range(5):
        log_in(client, "coordinator", "wrong-password", **attacker)

    assert log_in(client, "coordinator", PASSWORD, **forged).status_code == 429
    assert log_in(client, "coordinator", PASSWORD, **clerk).status_code == 302


def test_the_login_page_offers_a_password_reset(client):
    page = client.get(LOGIN).content.decode()

    assert '<a href="/accounts/password_reset/">ลืมข้อมูลสำหรับเข้าสู่ระบบใช่หรือไม่</a>' in page


def test_a_forgotten_password_is_reset_through_the_link_sent_by_email(client, officer):
    officer.email = "officer@example.go.th"
    officer.save()

    page = client.get("/accounts/password_reset/").content.decode()
    assert "ลืมรหัสผ่านใช่หรือไม่" in page
    response = client.post("/accounts/password_reset/", {"email": "officer@example.go.th"})
    assert response.status_code == 302

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@example.go.th"]
    assert "รหัสผ่าน" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)[1]
    form_url = client.get(link)["Location"]
    new_password = "ทะเบียน-ใหม่-2568"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == "/accounts/reset/done/"
    assert "เข้าสู่ระบบ" in client.get("/accounts/reset/done/").content.decode()

    assert client.login(username="officer", password=new_password)
    assert not client.login(username="officer", password=PASSWORD)
    used = client.get(link, follow=True).content.decode()
    assert 'name="new_password1"' not in used


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, officer):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.go.th"})

    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []
