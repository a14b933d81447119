"""The workflow page (/reports/<agency>/<year>/workflow/) and the dashboard's status card:
each role sees its own buttons only, for its own agency only, and forged requests change
nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from measures import roles
from publication.models import ReportEvent, ReportState
from tests.conftest import make_staff
from tests.test_publication_workflow import PATHS, YEAR, A, S, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

URL = f"/reports/rangsit/{YEAR}/workflow/"


@pytest.fixture
def people(coordinator, officer, executive, admin_user):
    return {
        "coordinator": coordinator,
        "officer": officer,
        "executive": executive,
        "admin": admin_user,
    }


@pytest.fixture
def content(agency, strategy_division):
    return add_measure(agency, strategy_division)


def buttons(response):
    html = response.content.decode()
    return [action for action in A if f'name="action" value="{action}"' in html]


@pytest.mark.parametrize(
    ("state", "who", "expected"),
    [
        (S.DRAFT, "coordinator", [A.SUBMIT]),
        (S.DRAFT, "executive", []),
        (S.SUBMITTED, "executive", [A.APPROVE, A.RETURN]),
        (S.SUBMITTED, "coordinator", []),
        (S.APPROVED, "coordinator", [A.PUBLISH]),
        (S.APPROVED, "executive", [A.RETURN]),
        (S.RETURNED, "coordinator", [A.SUBMIT]),
        (S.PUBLISHED, "coordinator", [A.REOPEN]),
        (S.PUBLISHED, "executive", []),
        (S.SUBMITTED, "officer", []),
        (S.SUBMITTED, "admin", []),
    ],
)
def test_the_page_offers_each_role_its_own_buttons(
    client, agency, people, content, state, who, expected
):
    walk(agency, people, PATHS[state])
    client.force_login(people[who])
    response = client.get(URL)
    assert response.status_code == 200
    assert buttons(response) == expected
    assert ReportState(state=state).get_state_display() in response.content.decode()


def test_the_buttons_take_the_steps_and_the_log_shows_them(client, agency, people, content):
    client.force_login(people["coordinator"])
    response = client.post(URL, {"action": "submit", "comment": "ขอเสนอรายงาน"})
    assert response.status_code == 302 and response.url == URL
    client.force_login(people["executive"])
    client.post(URL, {"action": "return", "comment": "เพิ่มหลักฐานมาตรการที่ ๑"})
    page = client.get(URL).content.decode()
    assert "ส่งคืนให้แก้ไข" in page
    assert "เพิ่มหลักฐานมาตรการที่ ๑" in page
    assert "ขอเสนอรายงาน" in page
    # BE dates in the log, never CE.
    event = ReportEvent.objects.first()
    assert str(event.at.year + 543) in page
    assert f"/{event.at.year} " not in page
    assert ReportState.for_year(agency, YEAR).state == S.RETURNED


def test_a_refused_step_keeps_the_comment_typed_and_says_why(client, agency, people, content):
    walk(agency, people, [A.SUBMIT])
    client.force_login(people["coordinator"])
    response = client.post(URL, {"action": "approve", "comment": "ข้อความยาวที่พิมพ์ไว้"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "เฉพาะผู้บริหารของหน่วยงานเท่านั้นที่อนุมัติรายงานได้" in html
    assert "ข้อความยาวที่พิมพ์ไว้</textarea>" in html
    assert ReportState.for_year(agency, YEAR).state == S.SUBMITTED


def test_returning_without_a_reason_is_refused_on_the_page(client, agency, people, content):
    walk(agency, people, [A.SUBMIT])
    client.force_login(people["executive"])
    response = client.post(URL, {"action": "return", "comment": " "})
    assert response.status_code == 403
    assert "กรุณาระบุเหตุผลที่ส่งคืนรายงาน" in response.content.decode()
    assert ReportState.for_year(agency, YEAR).state == S.SUBMITTED


@pytest.mark.parametrize("role", [roles.COORDINATOR, roles.EXECUTIVE])
def test_another_agencys_staff_get_a_404_and_change_nothing(
    client, agency, other_agency, people, content, role
):
    walk(agency, people, [A.SUBMIT])
    client.force_login(make_staff("stranger", other_agency, role))
    assert client.get(URL).status_code == 404
    for action in A:
        assert client.post(URL, {"action": action, "comment": "ปลอม"}).status_code == 404
    assert ReportState.for_year(agency, YEAR).state == S.SUBMITTED
    assert ReportEvent.objects.count() == 1


def test_a_forged_slug_cannot_reach_another_agencys_report(
    client, agency, other_agency, people, content
):
    # Rangsit's coordinator posts to the other agency's address.
    client.force_login(people["coordinator"])
    response = client.post(f"/reports/sample/{YEAR}/workflow/", {"action": "submit"})
    assert response.status_code == 404
    assert not ReportState.objects.filter(agency=other_agency).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, agency):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert client.post(URL, {"action": "submit"}).status_code == 302
    assert not ReportState.objects.exists()


def test_a_user_who_is_not_staff_gets_a_404(client, agency):
    client.force_login(User.objects.create_user("citizen"))
    assert client.get(URL).status_code == 404


def test_the_form_needs_its_csrf_token(agency, people, content):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["coordinator"])
    assert client.post(URL, {"action": "submit"}).status_code == 403
    assert not ReportState.objects.exists()
    assert 'name="csrfmiddlewaretoken"' in client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["coordinator", "officer", "executive"])
def test_the_dashboard_shows_the_reports_state_and_last_step(client, agency, people, content, who):
    walk(agency, people, [A.SUBMIT, A.RETURN])
    client.force_login(people[who])
    html = client.get(f"/dashboard/?year={YEAR}").content.decode()
    card = html.split('<section class="report-status">', 1)[1].split("</section>", 1)[0]
    assert "สถานะรายงาน" in card
    assert '<span class="card-value" id="report-state">ส่งคืนให้แก้ไข</span>' in card
    assert "เหตุผลของreturn" in card
    assert f'href="{URL}"' in card


def test_the_dashboard_links_a_published_report(client, agency, people, content):
    walk(agency, people, PATHS[S.PUBLISHED])
    client.force_login(people["executive"])
    html = client.get(f"/dashboard/?year={YEAR}").content.decode()
    assert "เผยแพร่แล้ว" in html
    assert f'href="/public/rangsit/{YEAR}/"' in html


def test_the_report_toolbar_links_the_workflow_page(client, agency, people, content):
    client.force_login(people["coordinator"])
    html = client.get(f"/reports/rangsit/{YEAR}/").content.decode()
    toolbar = html.split('<nav class="toolbar">', 1)[1].split("</nav>", 1)[0]
    assert f'href="{URL}"' in toolbar
