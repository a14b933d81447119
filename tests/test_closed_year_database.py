"""A published (closed) year's register is kept by the database itself, not only by the admin:
the shell, the ORM, a save that began before the year was closed and a deletion elsewhere
(an ITA item) all meet the same Thai refusal, until a coordinator reopens the year. Another
agency's same year, and the agency's other years, stay open."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from ita.models import AssessmentYear, Indicator
from measures.models import ClosedYear, EvidenceFile, Measure, Result, Step
from publication.models import ReportState
from tests.test_publication_workflow import PATHS, YEAR, A, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

REFUSAL = "เผยแพร่แล้ว มาตรการของปีนี้จึงแก้ไขหรือลบไม่ได้"


def refused(action):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    message = str(error.value)
    assert REFUSAL in message
    return message


@pytest.fixture
def item(db):
    year, _ = AssessmentYear.objects.get_or_create(year_be=YEAR)
    return Indicator.objects.create(assessment_year=year, instrument="OIT", code="o98")


@pytest.fixture
def closed(agency, finance_division, item):
    measure = add_measure(agency, finance_division)
    measure.indicators.set([item])
    EvidenceFile.store(measure.results.get(), SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4"))
    ClosedYear.objects.create(agency=agency, fiscal_year=YEAR)
    return measure


def test_the_measure_row_cannot_be_changed_deleted_or_added(closed, agency):
    message = refused(lambda: Measure.objects.filter(pk=closed.pk).update(titles="แก้"))
    if connection.vendor == "postgresql":  # SQLite's trigger has one fixed text
        assert f"รายงานปีงบประมาณ พ.ศ. {YEAR} เผยแพร่แล้ว" in message
    refused(lambda: Measure.objects.filter(pk=closed.pk).delete())
    refused(lambda: Measure.objects.create(agency=agency, fiscal_year=YEAR, number=9, titles="ใหม่"))
    assert Measure.objects.get(pk=closed.pk).titles == "การเปิดเผยข้อมูลสาธารณะ"


def test_moving_a_measure_into_or_out_of_a_closed_year_is_refused(closed, agency, finance_division):
    refused(lambda: Measure.objects.filter(pk=closed.pk).update(fiscal_year=YEAR + 1))
    open_one = add_measure(agency, finance_division, year=YEAR + 1)
    refused(lambda: Measure.objects.filter(pk=open_one.pk).update(fiscal_year=YEAR, number=5))


def test_steps_results_evidence_and_links_are_kept_as_published(closed, strategy_division, item):
    refused(lambda: closed.steps.update(text="แก้"))
    refused(lambda: Step.objects.create(measure=closed, text="เพิ่ม"))
    refused(lambda: closed.steps.all().delete())
    refused(lambda: closed.results.update(text="แก้"))
    refused(lambda: Result.objects.create(measure=closed, text="เพิ่ม"))
    refused(lambda: EvidenceFile.objects.filter(result__measure=closed).delete())
    refused(lambda: closed.responsible_divisions.add(strategy_division))
    refused(lambda: closed.responsible_divisions.clear())
    refused(lambda: closed.indicators.clear())
    # Deleting the ITA item elsewhere would take the measure's link with it.
    refused(lambda: Indicator.objects.filter(pk=item.pk).delete())
    closed.refresh_from_db()
    assert [s.text for s in closed.steps.all()] == ["จัดทำแผน"]
    assert closed.results.get().evidence_files.count() == 1
    assert list(closed.indicators.all()) == [item]


def test_other_agencies_and_other_years_stay_open(
    closed, agency, other_agency, other_division, finance_division
):
    theirs = add_measure(other_agency, other_division)
    Measure.objects.filter(pk=theirs.pk).update(titles="แก้ได้")
    Step.objects.create(measure=theirs, text="เพิ่มได้")
    next_year = add_measure(agency, finance_division, year=YEAR + 1)
    Measure.objects.filter(pk=next_year.pk).update(titles="แก้ได้")
    next_year.delete()
    assert Measure.objects.get(pk=theirs.pk).titles == "แก้ได้"


def test_publishing_closes_the_year_and_reopening_opens_it(
    agency, finance_division, coordinator, executive
):
    measure = add_measure(agency, finance_division)
    people = {"coordinator": coordinator, "executive": executive}
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    refused(lambda: Measure.objects.filter(pk=measure.pk).update(titles="แก้"))
    walk(agency, people, [A.REOPEN])
    measure.titles = "แก้หลังเปิดปีอีกครั้ง"
    measure.save()
    measure.steps.update(text="แก้ได้")
    assert Measure.objects.get(pk=measure.pk).titles == "แก้หลังเปิดปีอีกครั้ง"


def test_the_admin_says_why_it_cannot_delete_an_item_a_closed_year_links(
    client, admin_user, closed, item
):
    client.force_login(admin_user)
    url = f"/admin/ita/indicator/{item.pk}/delete/"
    response = client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert REFUSAL in html.unescape(response.content.decode())
    assert Indicator.objects.filter(pk=item.pk).exists()
    assert list(closed.indicators.all()) == [item]
