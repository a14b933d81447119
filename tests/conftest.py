"""The small cast every test can use, and the real-browser harness.

Cast: one agency (Rangsit) with two divisions, a second agency, and one user per role:
a coordinator, a division officer, an executive and an administrator (superuser).
"""

import os
import re

import pytest
from django.contrib.auth.models import Group, User

from measures import roles
from measures.models import Agency, Division, Profile

PASSWORD = "test-password-1234"

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# there unless told it is safe (it is: the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def agency(db):
    return Agency.objects.create(
        name="เทศบาลนครรังสิต",
        slug="rangsit",
        district="ธัญบุรี",
        province="ปทุมธานี",
        head_name="นายทดสอบ ผู้บริหาร",
        head_position="นายกเทศมนตรีนครรังสิต",
    )


@pytest.fixture
def strategy_division(agency):
    return Division.objects.create(
        agency=agency, name="กองยุทธศาสตร์และงบประมาณ", short_name="กองยุทธศาสตร์ฯ"
    )


@pytest.fixture
def finance_division(agency):
    return Division.objects.create(agency=agency, name="สำนักคลัง")


@pytest.fixture
def other_agency(db):
    return Agency.objects.create(
        name="เทศบาลเมืองตัวอย่าง", slug="sample", district="เมือง", province="นนทบุรี"
    )


def make_staff(username, agency, role, division=None):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    Profile.objects.create(user=user, agency=agency, division=division)
    return user


@pytest.fixture
def coordinator(agency, strategy_division):
    return make_staff("coordinator", agency, roles.COORDINATOR, strategy_division)


@pytest.fixture
def officer(agency, finance_division):
    return make_staff("officer", agency, roles.DIVISION_OFFICER, finance_division)


@pytest.fixture
def executive(agency):
    return make_staff("executive", agency, roles.EXECUTIVE)


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", password=PASSWORD)


# Real-browser tests: PyPI playwright driving Debian's chromium (never a downloaded browser).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def log_in(live_server, page):
    """Log a user in through the admin's login form and return the page."""

    def log_in_as(user):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(rf"{re.escape(live_server.url)}/(admin|my)/$"))
        return page

    return log_in_as


@pytest.fixture
def media_root(settings, tmp_path):
    """Stored files (published reports) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_password_hashing(settings):
    """Creating the cast hashes six passwords; a weak hash is fine for test accounts."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Production settings that the tests change for every test, and why.
@pytest.fixture(scope="session", autouse=True)
def settings_for_every_test(tmp_path_factory):
    """- Login throttling is off: Django's test client logs in without a request, which
    django-axes refuses; tests/test_production_accounts.py turns it on and tests it.
    - Static files by their plain names, served from the source folders as runserver does,
    so no test needs collectstatic first; tests/test_production_servers.py and
    tests/test_production_static.py use the collected, hashed names."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # An empty collected folder, so whitenoise does not warn in every test that it is missing.
    static_root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(AXES_ENABLED=False, STORAGES=storages, STATIC_ROOT=static_root):
        yield


@pytest.fixture(autouse=True)
def no_content_security_policy_violation(request):
    """Every browser test fails if a page broke the Content-Security-Policy: Chromium reports
    each refused inline script or style on the console."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert violations == []


# More of the cast for the permission matrix: an officer of the other division, the other
# agency with a division and its own staff, and a staff account nobody gave a role.
@pytest.fixture
def strategy_officer(agency, strategy_division):
    return make_staff("strategy_officer", agency, roles.DIVISION_OFFICER, strategy_division)


@pytest.fixture
def other_division(other_agency):
    return Division.objects.create(agency=other_agency, name="สำนักปลัดเทศบาล")


@pytest.fixture
def other_officer(other_agency, other_division):
    return make_staff("other_officer", other_agency, roles.DIVISION_OFFICER, other_division)


@pytest.fixture
def other_coordinator(other_agency, other_division):
    return make_staff("other_coordinator", other_agency, roles.COORDINATOR, other_division)


@pytest.fixture
def roleless(agency, finance_division):
    """Staff of the agency whom nobody has given a role yet."""
    user = User.objects.create_user("roleless", password=PASSWORD, is_staff=True)
    Profile.objects.create(user=user, agency=agency, division=finance_division)
    return user
