"""The report PDF is rendered once per content state: a repeated download is a 304 or the
stored file, the stored file is exactly a fresh render, and any change to what the report
shows makes the next download fresh."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Measure, Result, Step
from reports import cache, document
from reports.models import ReportSignature

pytestmark = pytest.mark.usefixtures("media_root", "fast_password_hashing")

URL = reverse("reports:report_pdf", args=["rangsit", 2568])


@pytest.fixture
def content(agency, strategy_division):
    """One measure with a step, a result, a division, a quoted score and a signature."""
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall=Decimal("90"))
    i10 = Indicator.objects.get(assessment_year=year, code="i10")
    IndicatorScore.objects.create(agency_score=score, indicator=i10, score=Decimal("87.50"))
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูลสาธารณะ",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
        outcome="ประชาชนเข้าถึงข้อมูลได้",
        states_scores=True,
    )
    measure.indicators.add(i10)
    measure.responsible_divisions.set([strategy_division])
    Step.objects.create(measure=measure, text="จัดทำแผน")
    Result.objects.create(measure=measure, text="เผยแพร่ข้อมูลบนเว็บไซต์")
    ReportSignature.objects.create(
        agency=agency, fiscal_year=2568, reporter_name="นางสาวรายงาน", reporter_position="นักวิเคราะห์"
    )
    return measure


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs were rendered (the real renderer runs)."""
    count = []
    render_pdf = document.render_pdf

    def counted(html):
        count.append(html)
        return render_pdf(html)

    monkeypatch.setattr(document, "render_pdf", counted)
    return count


def download(client, **headers):
    return client.get(URL, headers=headers)


def test_a_repeated_download_of_an_unchanged_report_is_a_304(client, coordinator, content):
    client.force_login(coordinator)
    first = download(client)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and len(first["ETag"]) == 66
    assert first["Cache-Control"] == "private, no-cache"

    again = download(client, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_repeated_download_without_the_etag_serves_the_stored_file(
    client, coordinator, content, renders
):
    client.force_login(coordinator)
    first = download(client)
    second = download(client)
    assert len(renders) == 1
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Disposition"] == 'attachment; filename="ita-report-rangsit-2568.pdf"'


def test_another_users_download_shares_the_rendered_file(
    client, coordinator, executive, content, renders
):
    client.force_login(coordinator)
    first = download(client)
    client.force_login(executive)
    assert download(client).content == first.content
    assert len(renders) == 1


def test_the_stored_file_is_exactly_a_fresh_render(client, coordinator, agency, content):
    """WeasyPrint writes no timestamp unless the HTML asks for one, and archive.restructure
    saves with a deterministic document id: two renders of one HTML are the same bytes."""
    client.force_login(coordinator)
    served = download(client).content
    html = document.render_html(agency, 2568)
    stored = default_storage.open(cache.path(agency, 2568, cache.key(html))).read()
    fresh = document.render_pdf(html)
    assert served == stored == fresh


def edit_measure(measure):
    measure.titles = "การเปิดเผยข้อมูลสาธารณะ (แก้ไข)"
    measure.save()


def edit_step(measure):
    Step.objects.filter(measure=measure).update(text="จัดทำแผนปฏิบัติการ")


def add_step(measure):
    Step.objects.create(measure=measure, text="ติดตามผล")


def edit_result(measure):
    Result.objects.filter(measure=measure).update(text="เผยแพร่ข้อมูลครบถ้วน")


def rename_division(measure):
    measure.responsible_divisions.update(name="กองยุทธศาสตร์")


def change_score(measure):
    IndicatorScore.objects.filter(agency_score__agency=measure.agency).update(score=Decimal("91"))


def change_signature(measure):
    ReportSignature.objects.filter(agency=measure.agency).update(reporter_name="นายผู้รายงานใหม่")


def rename_agency(measure):
    type(measure.agency).objects.filter(pk=measure.agency_id).update(name="เทศบาลนครรังสิตใหม่")


def delete_measure(measure):
    measure.delete()


EDITS = [
    edit_measure,
    edit_step,
    add_step,
    edit_result,
    rename_division,
    change_score,
    change_signature,
    rename_agency,
    delete_measure,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_each_change_to_what_the_report_shows_makes_the_next_download_fresh(
    client, coordinator, agency, content, edit
):
    client.force_login(coordinator)
    before = download(client)

    edit(content)
    after = download(client, if_none_match=before["ETag"])

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.content != before.content
    agency.refresh_from_db()
    assert after.content == document.render_pdf(document.render_html(agency, 2568))


def test_a_new_state_replaces_the_earlier_stored_file(client, coordinator, agency, content):
    client.force_login(coordinator)
    download(client)
    edit_step(content)
    after = download(client)
    _, files = default_storage.listdir(cache.folder(agency, 2568))
    assert files == [after["ETag"].strip('"') + ".pdf"]


def test_a_change_of_renderer_changes_the_key(agency, content, monkeypatch):
    html = document.render_html(agency, 2568)
    before = cache.key(html)
    monkeypatch.setattr(cache, "renderer_version", lambda: "another stylesheet or font")
    assert cache.key(html) != before


def test_an_etag_never_lets_another_agencys_staff_download(
    client, coordinator, other_coordinator, content
):
    client.force_login(coordinator)
    etag = download(client)["ETag"]
    client.force_login(other_coordinator)
    assert download(client, if_none_match=etag).status_code == 404


def test_a_post_is_refused(client, coordinator, content):
    client.force_login(coordinator)
    assert client.post(URL).status_code == 405
