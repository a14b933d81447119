"""Two gunicorn servers, as `make serve` starts them, against one PostgreSQL: a login made on
one works on the other, an edit made on one is seen on the other, and each serves the
collected static files (admin styles, the report's stylesheet and fonts) under hashed names
with DEBUG off, and the report's PDF with its fonts."""

import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest

from measures.models import Division
from tests.conftest import PASSWORD
from tests.servers import Browser, collect_static, gunicorn_command, running
from tests.test_report_page import add_measures

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """`manage.py collectstatic` as `make serve` runs it, into a folder of the test's own."""
    return collect_static(tmp_path_factory.mktemp("staticfiles"))


@pytest.fixture(scope="module")
def two_servers(django_db_setup, static_root, tmp_path_factory):
    # Started once for the module: they keep nothing between requests, and each test's rows
    # are committed (transactional tests) so the servers see them.
    environment = {"STATIC_ROOT": str(static_root), "WEB_CONCURRENCY": "2"}
    logs = tmp_path_factory.mktemp("logs")
    with running(gunicorn_command, logs, **environment) as first:
        with running(gunicorn_command, logs, **environment) as second:
            yield first, second


def log_in(browser, server, username):
    status, url, page = browser.submit(
        f"{server}/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
    )
    assert url == f"{server}/admin/", page
    return page


def test_a_login_made_on_one_server_works_on_the_other(two_servers, coordinator):
    first, second = two_servers
    browser = Browser()

    log_in(browser, first, "coordinator")
    status, _, page = browser.get(f"{second}/admin/")

    assert status == 200
    assert "coordinator" in page.decode()
    assert 'id="login-form"' not in page.decode()


def test_an_edit_made_on_one_server_is_seen_on_the_other(
    two_servers, admin_user, strategy_division
):
    first, second = two_servers
    browser = Browser()
    log_in(browser, first, "admin")

    change = f"/admin/measures/division/{strategy_division.pk}/change/"
    status, url, page = browser.submit(f"{first}{change}", {"name": "กองยุทธศาสตร์ (แก้ไขแล้ว)"})
    assert url == f"{first}/admin/measures/division/", page

    _, _, listed = browser.get(f"{second}/admin/measures/division/")
    assert "กองยุทธศาสตร์ (แก้ไขแล้ว)" in listed.decode()
    assert Division.objects.get(pk=strategy_division.pk).name == "กองยุทธศาสตร์ (แก้ไขแล้ว)"


def hashed(url_path, plain_name):
    """A collected name is the plain name with a content hash before the extension."""
    stem, extension = plain_name.rsplit(".", 1)
    return re.fullmatch(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension}", url_path)


def test_static_files_are_served_compressed_under_hashed_names(two_servers, coordinator):
    first, second = two_servers
    browser = Browser()
    _, _, login_page = browser.get(f"{second}/admin/login/")

    admin_css = re.search(r'href="(/static/admin/css/base\.[^"]+)"', login_page.decode())[1]
    assert hashed(admin_css, "admin/css/base.css")
    status, headers, body = browser.get(f"{second}{admin_css}", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_the_report_page_and_its_pdf_find_their_fonts(
    two_servers, coordinator, agency, strategy_division
):
    first, _ = two_servers
    add_measures(agency, [strategy_division], 2)
    browser = Browser()
    log_in(browser, first, "coordinator")

    _, _, page = browser.get(f"{first}/reports/rangsit/2568/")
    stylesheet = re.search(r'href="(/static/reports/report\.[^"]+)"', page.decode())[1]
    assert hashed(stylesheet, "reports/report.css")
    _, _, css = browser.get(f"{first}{stylesheet}")
    font = re.search(r'url\("\.\./fonts/(LaksamanITA-Regular\.[^"]+)"\)', css.decode())[1]
    assert hashed(f"/static/fonts/{font}", "fonts/LaksamanITA-Regular.ttf")
    status, headers, body = browser.get(f"{first}/static/fonts/{font}")
    assert status == 200
    assert body[:4] == b"\x00\x01\x00\x00"  # a TrueType font

    status, headers, pdf = browser.get(f"{first}/reports/rangsit/2568/pdf/")
    assert status == 200
    assert pdf[:4] == b"%PDF"
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    # Every font in it is the vendored one: none fell back to a system font.
    embedded = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert embedded
    assert all(name.split("+")[1].startswith("Laksaman-ITA") for name in embedded), fonts


def test_a_long_address_that_the_proxy_passes_is_answered_in_thai(two_servers):
    """nginx passes request lines up to 8 KB; gunicorn's own limit (4 KB) would refuse a
    longer one with a page in English before Django saw it."""
    server = two_servers[0]
    path = "/reports/" + "ก" * 700  # 6,300 bytes once percent-encoded
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server}{urllib.parse.quote(path)}", timeout=60)
    page = refused.value.read().decode()
    assert refused.value.code == 404
    assert "ไม่พบหน้าที่ต้องการ" in page
    assert "Request Line" not in page


def test_the_proxys_own_refusal_page_is_collected_in_thai(static_root):
    page = (static_root / "errors" / "request-refused.html").read_text(encoding="utf-8")
    assert '<html lang="th">' in page
    assert '<meta charset="utf-8">' in page
    assert "ระบบไม่รับคำขอนี้" in page
