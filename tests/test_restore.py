"""A coordinator brings back an earlier version of a measure with its steps and results."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from ita.models import Indicator
from measures import roles
from measures.history_admin import moment_to_text
from measures.models import ClosedYear, EvidenceFile, Measure, Step
from tests.conftest import PASSWORD, make_staff

FIRST = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 20/11/2569 10:00 in Bangkok
SECOND = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)


def make_measure_with_two_versions(agency, first_division, second_division):
    """Version one on 20/11/2569; on 22/11/2569 every part of it changed."""
    indicator = Indicator.objects.order_by("pk").first()
    with time_machine.travel(FIRST, tick=False):
        measure = Measure.objects.create(
            agency=agency, fiscal_year=2568, titles="ชื่อเดิม", outcome="ผลลัพธ์เดิม"
        )
        measure.responsible_divisions.set([first_division])
        measure.indicators.set([indicator])
        measure.steps.create(text="ขั้นตอนเดิม ๑")
        measure.steps.create(text="ขั้นตอนเดิม ๒")
        measure.results.create(text="ผลเดิม")
    with time_machine.travel(SECOND, tick=False):
        measure.titles = "ชื่อใหม่"
        measure.outcome = "ผลลัพธ์ใหม่"
        measure.status = Measure.Status.DONE
        measure.progress = 100
        measure.save()
        measure.responsible_divisions.set([second_division])
        measure.indicators.clear()
        first_step = measure.steps.get(position=1)
        first_step.text = "ขั้นตอนใหม่"
        first_step.save()
        measure.steps.get(position=2).delete()
        measure.results.get().delete()
        measure.results.create(text="ผลใหม่")
    return measure


@pytest.fixture
def measure(agency, strategy_division, finance_division):
    return make_measure_with_two_versions(agency, strategy_division, finance_division)


def restore_url(measure, moment=FIRST):
    return f"/admin/measures/measure/{measure.pk}/history/restore/?at={moment_to_text(moment)}"


def restore(client, measure, moment=FIRST):
    return client.post(
        f"/admin/measures/measure/{measure.pk}/history/restore/",
        {"at": moment_to_text(moment)},
        follow=True,
    )


def as_logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_history_page_offers_the_coordinator_to_restore_the_earlier_version(
    client, coordinator, measure
):
    page = as_logged_in(client, coordinator).get(f"/admin/measures/measure/{measure.pk}/history/")

    assert restore_url(measure) in page.content.decode()
    # The newest version is the measure as it is: nothing to restore.
    assert restore_url(measure, SECOND) not in page.content.decode()


def test_the_confirmation_page_shows_the_version_with_its_steps_and_results(
    client, coordinator, measure
):
    page = as_logged_in(client, coordinator).get(restore_url(measure)).content.decode()

    assert "กู้คืนมาตรการเป็นฉบับวันที่ 20/11/2569 10:00" in page
    for text in ["ชื่อเดิม", "ผลลัพธ์เดิม", "ขั้นตอนเดิม ๑", "ขั้นตอนเดิม ๒", "ผลเดิม"]:
        assert text in page
    assert "กองยุทธศาสตร์และงบประมาณ" in page
    assert "2026" not in page
    assert Measure.objects.get().titles == "ชื่อใหม่"  # looking changes nothing


def test_restoring_brings_back_the_measure_its_steps_results_divisions_and_items(
    client, coordinator, measure, strategy_division
):
    indicator = Indicator.objects.order_by("pk").first()
    first_steps = Step.history.filter(measure_id=measure.pk, history_date=FIRST)
    old_step_ids = [record.id for record in first_steps]

    response = restore(as_logged_in(client, coordinator), measure)

    assert "กู้คืนมาตรการ" in response.content.decode()
    measure.refresh_from_db()
    assert measure.titles == "ชื่อเดิม"
    assert measure.outcome == "ผลลัพธ์เดิม"
    assert measure.status == Measure.Status.NOT_STARTED
    assert measure.progress == 0
    assert list(measure.responsible_divisions.all()) == [strategy_division]
    assert list(measure.indicators.all()) == [indicator]
    assert [s.text for s in measure.steps.order_by("position")] == ["ขั้นตอนเดิม ๑", "ขั้นตอนเดิม ๒"]
    # The same rows come back, so each keeps its own history.
    assert sorted(s.pk for s in measure.steps.all()) == sorted(old_step_ids)
    assert [r.text for r in measure.results.all()] == ["ผลเดิม"]


def test_the_restore_is_itself_recorded_with_who_and_why(client, coordinator, measure):
    restore(as_logged_in(client, coordinator), measure)

    record = Measure.history.filter(id=measure.pk).first()
    assert record.history_user == coordinator
    assert record.history_change_reason == "กู้คืนเป็นฉบับวันที่ 20/11/2569 10:00"
    step_record = Step.history.filter(measure_id=measure.pk).first()
    assert step_record.history_change_reason == "กู้คืนเป็นฉบับวันที่ 20/11/2569 10:00"
    page = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()
    assert "กู้คืนเป็นฉบับวันที่ 20/11/2569 10:00" in page
    assert "มาตรการ/โครงการ/กิจกรรม: ชื่อใหม่ → ชื่อเดิม" in page


def test_a_restore_can_itself_be_undone(client, coordinator, measure):
    as_logged_in(client, coordinator)
    restore(client, measure)

    restore(client, measure, SECOND)

    measure.refresh_from_db()
    assert measure.titles == "ชื่อใหม่"
    assert [s.text for s in measure.steps.all()] == ["ขั้นตอนใหม่"]
    assert [r.text for r in measure.results.all()] == ["ผลใหม่"]


def test_an_administrator_may_restore(client, admin_user, measure):
    restore(as_logged_in(client, admin_user), measure)

    assert Measure.objects.get().titles == "ชื่อเดิม"


@pytest.mark.parametrize("role", ["officer", "executive"])
def test_officers_and_executives_cannot_restore(client, request, role, measure):
    user = request.getfixturevalue(role)
    as_logged_in(client, user)

    history = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()
    assert "กู้คืนฉบับนี้" not in history
    assert client.get(restore_url(measure)).status_code == 403
    assert restore(client, measure).status_code == 403
    assert Measure.objects.get().titles == "ชื่อใหม่"


def test_another_agencys_coordinator_cannot_restore_by_a_forged_address(
    client, measure, other_agency
):
    stranger = make_staff("stranger", other_agency, roles.COORDINATOR)
    as_logged_in(client, stranger)

    assert client.get(restore_url(measure)).status_code == 404
    assert restore(client, measure).status_code == 404
    assert Measure.objects.get().titles == "ชื่อใหม่"


def test_a_published_year_says_why_no_earlier_version_can_come_back(
    client, coordinator, measure, other_agency
):
    ClosedYear.objects.create(agency=measure.agency, fiscal_year=measure.fiscal_year)
    as_logged_in(client, coordinator)

    history = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()
    assert restore_url(measure) not in history
    assert "กู้คืนฉบับก่อนหน้าไม่ได้" in history
    assert "พ.ศ. 2568 เผยแพร่แล้ว" in history
    # A restore page opened before the year was published, sent after: the reason, not a 403.
    response = restore(client, measure)
    assert response.redirect_chain[-1][0] == f"/admin/measures/measure/{measure.pk}/history/"
    assert "กู้คืนฉบับก่อนหน้าไม่ได้" in response.content.decode()
    assert Measure.objects.get().titles == "ชื่อใหม่"
    # Another agency's coordinator still learns nothing of the measure.
    as_logged_in(client, make_staff("stranger", other_agency, roles.COORDINATOR))
    assert restore(client, measure).status_code == 404


def test_a_forged_moment_restores_nothing_and_says_so(client, coordinator, measure):
    as_logged_in(client, coordinator)

    for forged in ["abc", "1" * 40, str(10**15)]:
        response = client.post(
            f"/admin/measures/measure/{measure.pk}/history/restore/", {"at": forged}, follow=True
        )
        assert "ไม่พบฉบับที่ขอ" in response.content.decode()
    before_it_existed = datetime(2026, 1, 1, tzinfo=UTC)
    assert "ไม่พบฉบับที่ขอ" in restore(client, measure, before_it_existed).content.decode()
    assert Measure.objects.get().titles == "ชื่อใหม่"


@pytest.mark.usefixtures("media_root")
def test_an_earlier_version_comes_back_with_its_results_evidence_and_without_later_files(
    client, coordinator, agency, strategy_division, finance_division
):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with time_machine.travel(FIRST, tick=False):
        measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ชื่อเดิม")
        EvidenceFile.store(measure.results.create(text="ผลเดิม"), SimpleUploadedFile("เดิม.pdf", pdf))
    with time_machine.travel(SECOND, tick=False):
        measure.results.get().delete()  # its evidence row goes with it, the stored file stays
        new = measure.results.create(text="ผลใหม่")
        EvidenceFile.store(new, SimpleUploadedFile("ใหม่.pdf", pdf))

    restore(as_logged_in(client, coordinator), measure)

    files = EvidenceFile.objects.filter(result__measure=measure)
    assert [(file.result.text, file.name) for file in files] == [("ผลเดิม", "เดิม.pdf")]
    assert files.get().file.read() == pdf
    # Restoring the later version brings the later file back in turn.
    restore(client, measure, SECOND)
    files = EvidenceFile.objects.filter(result__measure=measure)
    assert [(file.result.text, file.name) for file in files] == [("ผลใหม่", "ใหม่.pdf")]
