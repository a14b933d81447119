"""The database stamps what each agency's reports show, so a download or a page view of an
unchanged report renders no HTML; every kind of write, however it is made, renews the stamp,
and the next download and page show the change."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore, Level
from measures.models import Agency, Division, EvidenceFile, Measure, Result, Step
from reports import cache, document, stamps
from reports.models import ReportSignature

pytestmark = pytest.mark.usefixtures("media_root", "fast_password_hashing")

PDF_URL = reverse("reports:report_pdf", args=["rangsit", 2568])
PAGE_URL = reverse("reports:report", args=["rangsit", 2568])


@pytest.fixture
def content(agency, strategy_division, finance_division):
    """Two measures: one quoting an item's score, one the overall scores of 2568 against 2567;
    steps, a result with an evidence file, divisions and a signature."""
    years = {year.year_be: year for year in AssessmentYear.objects.filter(year_be__in=[2567, 2568])}
    AgencyScore.objects.create(agency=agency, assessment_year=years[2567], overall=Decimal("80"))
    score = AgencyScore.objects.create(
        agency=agency, assessment_year=years[2568], overall=Decimal("90")
    )
    i10 = Indicator.objects.get(assessment_year=years[2568], code="i10")
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
    result = Result.objects.create(measure=measure, text="เผยแพร่ข้อมูลบนเว็บไซต์")
    EvidenceFile.objects.create(
        result=result,
        file="evidence/plan.pdf",
        name="แผนปฏิบัติการ.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
    )
    overall = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="การประเมิน ITA", states_scores=True
    )
    overall.responsible_divisions.set([finance_division])
    ReportSignature.objects.create(
        agency=agency, fiscal_year=2568, reporter_name="นางสาวรายงาน", reporter_position="นักวิเคราะห์"
    )
    return measure


@pytest.fixture
def report_renders():
    """The names of the report templates rendered (Django's signal, sent in tests)."""
    names = []

    def record(sender, template, **kwargs):
        if template.name == document.TEMPLATE:
            names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


# Every kind of write, each to a table the report reads, and each visible in the report.
def save_measure(measure):
    measure.titles = "การเปิดเผยข้อมูลสาธารณะ (แก้ไข)"
    measure.save()


def update_measures_in_bulk(measure):
    Measure.objects.filter(agency=measure.agency).update(outcome="ผลลัพธ์ใหม่ทั้งหมด")


def edit_step_in_raw_sql(measure):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE measures_step SET text = %s WHERE measure_id = %s", ["ขั้นใหม่", measure.pk]
        )


def add_step(measure):
    Step.objects.create(measure=measure, text="ติดตามผล")


def delete_step(measure):
    measure.steps.all().delete()


def edit_result(measure):
    Result.objects.filter(measure=measure).update(text="เผยแพร่ข้อมูลครบถ้วน")


def add_evidence_file(measure):
    EvidenceFile.objects.create(
        result=measure.results.get(),
        file="evidence/photo.jpg",
        name="ภาพกิจกรรม.jpg",
        content_type="image/jpeg",
        size=1,
        sha256="1" * 64,
    )


def rename_evidence_file(measure):
    EvidenceFile.objects.filter(result__measure=measure).update(name="แผนฉบับปรับปรุง.pdf")


def rename_division(measure):
    Division.objects.filter(pk__in=measure.responsible_divisions.all()).update(name="กองแผนงาน")


def change_responsible_divisions(measure):
    measure.responsible_divisions.add(Division.objects.get(name="สำนักคลัง"))


def unlink_ita_item(measure):
    measure.indicators.clear()


def change_item_score(measure):
    IndicatorScore.objects.filter(agency_score__agency=measure.agency).update(score=Decimal("91"))


def change_score_of_another_year(measure):
    AgencyScore.objects.filter(agency=measure.agency, assessment_year__year_be=2567).update(
        overall=Decimal("70")
    )


def retitle_ita_item(measure):
    Indicator.objects.filter(assessment_year__year_be=2568, code="i10").update(
        title_th="การใช้ทรัพย์สินของราชการ"
    )


def rename_level(measure):
    Level.objects.filter(assessment_year__year_be=2568).update(name=Concat("name", Value(" ใหม่")))


def change_signature(measure):
    ReportSignature.objects.filter(agency=measure.agency).update(reporter_name="นายผู้รายงานใหม่")


def rename_agency(measure):
    Agency.objects.filter(pk=measure.agency_id).update(name="เทศบาลนครรังสิตใหม่")


def change_agency_head(measure):
    agency = measure.agency
    agency.head_name = "นายผู้บริหาร คนใหม่"
    agency.save()


def delete_measure(measure):
    measure.delete()


EDITS = [
    save_measure,
    update_measures_in_bulk,
    edit_step_in_raw_sql,
    add_step,
    delete_step,
    edit_result,
    add_evidence_file,
    rename_evidence_file,
    rename_division,
    change_responsible_divisions,
    unlink_ita_item,
    change_item_score,
    change_score_of_another_year,
    retitle_ita_item,
    rename_level,
    change_signature,
    rename_agency,
    change_agency_head,
    delete_measure,
]


@pytest.mark.parametrize("edit", EDITS, ids=[edit.__name__ for edit in EDITS])
def test_each_kind_of_write_renews_the_stamp_and_the_next_download_and_page_show_it(
    client, coordinator, agency, content, edit
):
    client.force_login(coordinator)
    pdf_before = client.get(PDF_URL)
    page_before = client.get(PAGE_URL).content.decode()
    stamp_before = stamps.current(agency)

    edit(content)

    assert stamps.current(agency) != stamp_before
    pdf_after = client.get(PDF_URL, headers={"if_none_match": pdf_before["ETag"]})
    assert pdf_after.status_code == 200
    assert pdf_after["ETag"] != pdf_before["ETag"]
    agency.refresh_from_db()
    html = document.render_html(agency, 2568)
    assert pdf_after["ETag"] == f'"{cache.key(html)}"'
    assert pdf_after.content == document.render_pdf(html)
    page_after = client.get(PAGE_URL).content.decode()
    assert page_after != page_before


def test_a_write_to_another_agency_leaves_the_stamp_alone(agency, other_agency, content):
    before = stamps.current(agency)
    Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="มาตรการของอีกแห่ง")
    Agency.objects.filter(pk=other_agency.pk).update(name="เทศบาลอื่น")
    assert stamps.current(agency) == before


def test_a_measure_moved_to_another_agency_renews_both_stamps(agency, other_agency, content):
    # The register refuses the move while the measure's divisions are the old agency's.
    content.responsible_divisions.clear()
    before = stamps.current(agency), stamps.current(other_agency)
    Measure.objects.filter(pk=content.pk).update(agency=other_agency)
    after = stamps.current(agency), stamps.current(other_agency)
    assert after[0] != before[0] and after[1] != before[1]


def test_an_unchanged_reports_download_renders_no_html(
    client, coordinator, content, report_renders, django_assert_max_num_queries
):
    client.force_login(coordinator)
    first = client.get(PDF_URL)
    assert report_renders == [document.TEMPLATE]

    # Session, user, role, agency, stamp, and the cache (here tables, without Redis; with
    # it, the session and the cache are read from Redis).
    with django_assert_max_num_queries(6):
        again = client.get(PDF_URL, headers={"if_none_match": first["ETag"]})
    assert again.status_code == 304
    with django_assert_max_num_queries(6):
        stored = client.get(PDF_URL)
    assert stored.status_code == 200
    assert stored["ETag"] == first["ETag"]
    assert report_renders == [document.TEMPLATE]


def test_the_stored_file_served_without_html_is_exactly_a_fresh_render(
    client, coordinator, agency, content, report_renders
):
    client.force_login(coordinator)
    client.get(PDF_URL)
    served = client.get(PDF_URL)
    assert len(report_renders) == 1
    html = document.render_html(agency, 2568)
    assert served["ETag"] == f'"{cache.key(html)}"'
    assert served.content == document.render_pdf(html)


def test_a_stored_file_gone_from_the_storage_is_rendered_again(
    client, coordinator, agency, content
):
    client.force_login(coordinator)
    first = client.get(PDF_URL)
    key = first["ETag"].strip('"')
    cache.default_storage.delete(cache.path(agency, 2568, key))
    again = client.get(PDF_URL)
    assert again.status_code == 200
    assert again.content == first.content


def test_an_unchanged_report_page_renders_no_html_and_equals_a_fresh_render(
    client, coordinator, agency, content, report_renders, django_assert_max_num_queries
):
    client.force_login(coordinator)
    first = client.get(PAGE_URL)
    assert len(report_renders) == 1

    with django_assert_max_num_queries(6):
        again = client.get(PAGE_URL)

    assert len(report_renders) == 1
    assert again.status_code == 200
    nonces = [str(response.wsgi_request.csp_nonce) for response in (first, again)]
    assert nonces[0] != nonces[1]
    # The stored page carries this request's nonce, in the page and in the header alike.
    assert f'<style nonce="{nonces[1]}">' in again.content.decode()
    assert f"'nonce-{nonces[1]}'" in again["Content-Security-Policy"]
    assert again.content.decode().replace(nonces[1], nonces[0]) == first.content.decode()
    # And equals what rendering it now gives.
    cache.cache.clear()
    fresh = client.get(PAGE_URL)
    assert fresh.content.decode().replace(str(fresh.wsgi_request.csp_nonce), nonces[0]) == (
        first.content.decode()
    )


def test_the_stamp_is_read_in_one_query(agency, content):
    stamps.current(agency)
    with CaptureQueriesContext(connection) as queries:
        stamps.current(agency)
    assert len(queries) == 1


def test_an_agency_with_no_stamp_yet_gets_one_that_the_next_write_renews(agency, content):
    stamps.ReportStamp.objects.all().delete()
    first = stamps.current(agency)
    assert stamps.current(agency) == first
    add_step(content)
    assert stamps.current(agency) != first


def test_a_change_of_template_or_settings_changes_the_cached_state(
    agency, content, settings, monkeypatch
):
    stamp = stamps.current(agency)
    monkeypatch.setattr(cache, "_cached_template_version", cache._template_version)
    before = cache.state_name("key", agency, 2568, stamp)
    settings.REPORT_PAGE_MARGIN = "25mm"
    assert cache.state_name("key", agency, 2568, stamp) != before
