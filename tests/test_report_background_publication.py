"""Publishing renders the report's PDF in a Celery task (eager here, without Redis): the
workflow page says a publication is under way and reloads itself, a refusal found by the task
reaches the page, a redelivered task publishes once, and a PDF already rendered for a
download of the approved report is the one published, not rendered again."""

import pytest
from django.core.cache import cache as django_cache

from measures.models import Step
from publication import tasks
from publication.models import PublishedReport, ReportState
from reports import cache, document
from tests.test_publication_workflow import YEAR, A, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

URL = f"/reports/rangsit/{YEAR}/workflow/"
PDF_URL = f"/reports/rangsit/{YEAR}/pdf/"


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


@pytest.fixture
def approved(agency, people, strategy_division):
    measure = add_measure(agency, strategy_division)
    walk(agency, people, [A.SUBMIT, A.APPROVE])
    return measure


@pytest.fixture
def renders(monkeypatch):
    count = []
    render_pdf = document.render_pdf

    def counted(html):
        count.append(html)
        return render_pdf(html)

    monkeypatch.setattr(document, "render_pdf", counted)
    return count


def test_the_publish_button_publishes_through_the_task(client, agency, coordinator, approved):
    client.force_login(coordinator)

    response = client.post(URL, {"action": "publish", "comment": ""}, follow=True)

    assert response.status_code == 200
    assert "เผยแพร่แล้ว" in response.content.decode()
    assert ReportState.for_year(agency, YEAR).state == ReportState.State.PUBLISHED
    published = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    html = document.render_html(agency, YEAR)
    assert published.read_pdf() == cache.read(agency, YEAR, cache.key(html))
    assert tasks.progress(ReportState.for_year(agency, YEAR)) is None


def test_a_pdf_downloaded_after_approval_is_published_without_a_second_render(
    client, agency, coordinator, executive, approved, renders
):
    client.force_login(executive)
    downloaded = client.get(PDF_URL).content
    client.force_login(coordinator)

    client.post(URL, {"action": "publish"})

    assert len(renders) == 1
    assert PublishedReport.objects.get(agency=agency, fiscal_year=YEAR).read_pdf() == downloaded


def test_a_report_changed_after_approval_is_refused_on_the_page(
    client, agency, coordinator, approved
):
    Step.objects.create(measure=approved, text="ขั้นตอนที่เพิ่มหลังอนุมัติ")
    client.force_login(coordinator)

    response = client.post(URL, {"action": "publish"})

    assert response.status_code == 403
    assert "แก้ไขหลังจากผู้บริหารอนุมัติ" in response.content.decode()
    assert not PublishedReport.objects.exists()
    assert tasks.progress(ReportState.for_year(agency, YEAR)) is None


def test_a_publication_under_way_is_shown_and_the_page_reloads_itself(
    client, agency, coordinator, approved
):
    django_cache.set(tasks.state_key(agency.pk, YEAR), {"state": tasks.RENDERING, "message": ""})
    client.force_login(coordinator)

    page = client.get(URL).content.decode()

    assert "กำลังเผยแพร่" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="publish"' not in page


def test_a_second_click_while_queued_queues_nothing(client, agency, coordinator, approved):
    django_cache.set(tasks.state_key(agency.pk, YEAR), {"state": tasks.QUEUED, "message": ""})
    client.force_login(coordinator)

    response = client.post(URL, {"action": "publish"})

    assert response.status_code == 302
    assert not PublishedReport.objects.exists()
    assert "รอคิวเผยแพร่" in client.get(URL).content.decode()


def test_a_refusal_found_by_a_worker_is_shown_once(client, agency, coordinator, approved):
    tasks.set_progress(agency.pk, YEAR, tasks.FAILED, "เผยแพร่ไม่ได้: เหตุผลจากงานเบื้องหลัง")
    client.force_login(coordinator)

    first = client.get(URL).content.decode()
    second = client.get(URL).content.decode()

    assert 'id="refusal">เผยแพร่ไม่ได้: เหตุผลจากงานเบื้องหลัง' in first
    assert 'value="publish"' in first
    assert "เหตุผลจากงานเบื้องหลัง" not in second


def test_a_redelivered_task_publishes_once(agency, coordinator, approved):
    report = ReportState.for_year(agency, YEAR)
    before = tasks.publish_count(report)

    tasks.publish_report.delay(agency.pk, YEAR, coordinator.pk, before)
    tasks.publish_report.delay(agency.pk, YEAR, coordinator.pk, before)

    assert PublishedReport.objects.filter(agency=agency).count() == 1
    assert tasks.progress(report) is None


def test_another_agencys_coordinator_cannot_publish(client, agency, other_coordinator, approved):
    client.force_login(other_coordinator)
    assert client.post(URL, {"action": "publish"}).status_code == 404
    assert not PublishedReport.objects.exists()
    assert tasks.progress(ReportState.for_year(agency, YEAR)) is None


@pytest.mark.parametrize("who", ["executive", "officer"])
def test_only_the_coordinator_may_publish(client, agency, approved, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(URL, {"action": "publish"})
    assert response.status_code == 403
    assert not PublishedReport.objects.exists()
    assert tasks.progress(ReportState.for_year(agency, YEAR)) is None
