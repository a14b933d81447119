"""The public pages of published reports: no login, Thai digits, the stored files exactly,
and nothing unpublished or of another agency."""

import base64
import hashlib

import pytest

from measures import roles
from publication.models import PublishedReport, ReportState
from tests.conftest import make_staff
from tests.test_publication_workflow import PATHS, YEAR, A, S, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


@pytest.fixture
def published(agency, people, strategy_division):
    add_measure(agency, strategy_division)
    walk(agency, people, PATHS[S.PUBLISHED])
    return PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)


def test_the_agency_page_lists_published_versions_without_login(client, published):
    response = client.get("/public/rangsit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert "ฉบับที่ ๑" in html
    assert published.sha256 in html
    assert f'href="/public/rangsit/{YEAR}/v1.pdf"' in html
    assert f'href="/public/rangsit/{YEAR}/"' in html
    local = published.published_at.astimezone()
    assert f"{local.year + 543}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in html


def test_the_year_page_shows_the_latest_version_as_html_and_its_pdf(client, published):
    response = client.get(f"/public/rangsit/{YEAR}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert f'src="/public/rangsit/{YEAR}/v1.html"' in html
    assert f'href="/public/rangsit/{YEAR}/v1.pdf"' in html
    assert published.sha256 in html
    frame = client.get(f"/public/rangsit/{YEAR}/v1.html")
    assert frame.status_code == 200
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    with published.html.open("rb") as file:
        assert frame.content == file.read()
    assert "การเปิดเผยข้อมูลสาธารณะ" in frame.content.decode()


def test_the_pdf_is_the_stored_file_with_its_hash(client, published):
    response = client.get(f"/public/rangsit/{YEAR}/v1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="ita-report-rangsit-{YEAR}-v1.pdf"'
    )
    assert response.content == published.read_pdf()
    digest = hashlib.sha256(response.content)
    assert digest.hexdigest() == published.sha256
    assert response["ETag"] == f'"{published.sha256}"'
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(digest.digest()).decode()}:"


def test_a_stored_pdf_that_no_longer_matches_its_hash_is_not_served(client, published, media_root):
    (media_root / published.pdf.name).write_bytes(b"%PDF-1.7 altered")
    response = client.get(f"/public/rangsit/{YEAR}/v1.pdf")
    assert response.status_code == 503
    assert "ไม่ตรงกับค่า SHA-256" in response.content.decode()
    assert b"altered" not in response.content


def test_the_year_page_shows_the_newest_version_and_lists_the_older(
    client, agency, people, published
):
    report = ReportState.for_year(agency, YEAR)
    report.apply(people["coordinator"], A.REOPEN, "แก้ไขผลลัพธ์")
    measure = agency.measures.get()
    measure.outcome = "ผลลัพธ์ฉบับที่สอง"
    measure.save()
    walk(agency, people, [A.SUBMIT, A.APPROVE, A.PUBLISH])
    html = client.get(f"/public/rangsit/{YEAR}/").content.decode()
    assert f'src="/public/rangsit/{YEAR}/v2.html"' in html
    assert f'href="/public/rangsit/{YEAR}/v1.pdf"' in html
    assert "ผลลัพธ์ฉบับที่สอง" in client.get(f"/public/rangsit/{YEAR}/v2.html").content.decode()
    assert "ผลลัพธ์ฉบับที่สอง" not in client.get(f"/public/rangsit/{YEAR}/v1.html").content.decode()
    assert client.get(f"/public/rangsit/{YEAR}/v1.pdf").status_code == 200


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.APPROVED, S.RETURNED])
def test_nothing_unpublished_is_shown(client, agency, people, strategy_division, state):
    add_measure(agency, strategy_division)
    walk(agency, people, PATHS[state])
    for url in [
        "/public/rangsit/",
        f"/public/rangsit/{YEAR}/",
        f"/public/rangsit/{YEAR}/v1.pdf",
        f"/public/rangsit/{YEAR}/v1.html",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_other_years_versions_and_agencies_are_not_found(client, other_agency, published):
    make_staff("other-coordinator", other_agency, roles.COORDINATOR)
    for url in [
        "/public/sample/",
        f"/public/sample/{YEAR}/",
        f"/public/sample/{YEAR}/v1.pdf",
        f"/public/rangsit/{YEAR + 1}/",
        f"/public/rangsit/{YEAR}/v2.pdf",
        f"/public/rangsit/{YEAR}/v0.pdf",
        "/public/nowhere/",
    ]:
        assert client.get(url).status_code == 404, url


def test_another_agencys_pages_show_only_its_own_reports(
    client, published, other_agency, strategy_division
):
    coordinator = make_staff("other-coordinator", other_agency, roles.COORDINATOR)
    executive = make_staff("other-executive", other_agency, roles.EXECUTIVE)
    walk(other_agency, {"coordinator": coordinator, "executive": executive}, PATHS[S.PUBLISHED])
    theirs = PublishedReport.objects.get(agency=other_agency)
    html = client.get("/public/sample/").content.decode()
    assert theirs.sha256 in html and published.sha256 not in html
    assert "เทศบาลนครรังสิต" not in html
    assert "เทศบาลนครรังสิต" not in client.get("/public/sample/2568/").content.decode()


def test_a_reopened_year_still_shows_what_was_published(client, agency, people, published):
    ReportState.for_year(agency, YEAR).apply(people["coordinator"], A.REOPEN, "แก้ไข")
    assert client.get(f"/public/rangsit/{YEAR}/").status_code == 200
    assert client.get(f"/public/rangsit/{YEAR}/v1.pdf").content == published.read_pdf()


def test_the_public_pages_take_no_posts_that_change_anything(client, published):
    for url in ["/public/rangsit/", f"/public/rangsit/{YEAR}/", f"/public/rangsit/{YEAR}/v1.pdf"]:
        assert client.post(url, {"action": "reopen"}).status_code == 405
    assert PublishedReport.objects.count() == 1
