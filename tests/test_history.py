"""Each record's history in the admin: who, when (BE), what kind of change, before and after."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures import roles
from measures.models import Measure
from tests.conftest import PASSWORD, make_staff
from tests.test_measure_admin import inline_management, measure_form

# 25 November 2026 CE is 25 November 2569 BE; Bangkok is seven hours ahead of UTC.
CREATED = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
EDITED = datetime(2026, 11, 26, 4, 30, tzinfo=UTC)


def history_page(client, model, pk):
    return client.get(f"/admin/measures/{model}/{pk}/history/")


@pytest.fixture
def edited_measure(client, coordinator, agency, strategy_division, finance_division):
    """A measure the coordinator added on 25/11/2569 and changed on 26/11/2569: the title,
    the divisions, an ITA item, the status, the first step's text and the result deleted."""
    client.login(username=coordinator.username, password=PASSWORD)
    with time_machine.travel(CREATED, tick=False):
        response = client.post(
            "/admin/measures/measure/add/", measure_form(agency, [strategy_division])
        )
        assert response.status_code == 302
    measure = Measure.objects.get()
    step_ids = [step.pk for step in measure.steps.all()]
    result = measure.results.get()
    # An item of the measure's own assessment year (2568), as the form requires.
    indicator = Indicator.objects.filter(assessment_year__year_be=2568).order_by("pk").first()
    with time_machine.travel(EDITED, tick=False):
        response = client.post(
            f"/admin/measures/measure/{measure.pk}/change/",
            measure_form(
                agency,
                [finance_division],
                number=str(measure.number),
                titles="การเปิดเผยข้อมูลฉบับแก้ไข",
                status="done",
                progress="100",
                indicators=[str(indicator.pk)],
                **inline_management("steps", 2, initial=2),
                **{"steps-0-id": str(step_ids[0]), "steps-0-measure": str(measure.pk)},
                **{"steps-0-position": "1", "steps-0-text": "ขั้นตอนที่แก้แล้ว"},
                **{"steps-1-id": str(step_ids[1]), "steps-1-measure": str(measure.pk)},
                **{"steps-1-position": "2", "steps-1-text": "เพิ่มช่องทาง Social Media"},
                **inline_management("results", 1, initial=1),
                **{"results-0-id": str(result.pk), "results-0-measure": str(measure.pk)},
                # Deleted with its position cleared: the trail keeps the stored row.
                **{"results-0-position": "", "results-0-DELETE": "on"},
            ),
        )
        assert response.status_code == 302, response.context["errors"]
    return measure


def test_a_measures_history_shows_who_when_and_each_field_before_and_after_in_thai(
    client, edited_measure
):
    indicator = edited_measure.indicators.get()
    page = history_page(client, "measure", edited_measure.pk).content.decode()

    assert "26/11/2569 11:30" in page  # the edit, in Bangkok time and BE
    assert "25/11/2569 10:00" in page  # the creation
    assert "coordinator" in page
    assert "มาตรการ: แก้ไข" in page
    assert (
        "มาตรการ/โครงการ/กิจกรรม: การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร → การเปิดเผยข้อมูลฉบับแก้ไข"
    ) in page
    assert "สถานะ: กำลังดำเนินการ → ดำเนินการแล้ว" in page
    assert "ความก้าวหน้า (ร้อยละ): 40 → 100" in page
    assert "ผู้รับผิดชอบ (สำนัก/กอง): กองยุทธศาสตร์และงบประมาณ → สำนักคลัง" in page
    assert f"ตัวชี้วัด/ข้อที่ตอบ: - → {indicator}" in page
    # The creation lists what was entered, divisions included.
    assert "มาตรการ: เพิ่ม" in page
    assert "ผู้รับผิดชอบ (สำนัก/กอง): - → กองยุทธศาสตร์และงบประมาณ" in page


def test_a_measures_history_shows_its_steps_and_results(client, edited_measure):
    page = history_page(client, "measure", edited_measure.pk).content.decode()

    assert "ขั้นตอนที่ 1: แก้ไข" in page
    assert "รายละเอียด: ปรับปรุงเว็บไซต์ให้ทันสมัย → ขั้นตอนที่แก้แล้ว" in page
    assert "ผลการดำเนินการที่ 1: ลบ" in page
    # The result's date is shown in BE, as it was typed.
    assert "วันที่ดำเนินการ: - → 01/10/2567" in page


def test_no_history_page_shows_a_christian_era_year_or_english(client, edited_measure):
    page = history_page(client, "measure", edited_measure.pk).content.decode()

    assert "2026" not in page
    assert "historical" not in page.lower()
    assert "Changed by" not in page


def test_an_agencys_and_a_divisions_history_name_the_fields_in_thai(
    client, admin_user, agency, finance_division
):
    client.login(username=admin_user.username, password=PASSWORD)
    client.post(
        f"/admin/measures/division/{finance_division.pk}/change/",
        {
            "agency": agency.pk,
            "name": "สำนักการคลัง",
            "position": "3",
            "short_name": "",
            "is_retired": "on",
        },
    )

    page = history_page(client, "division", finance_division.pk).content.decode()

    assert "ชื่อสำนัก/กอง: สำนักคลัง → สำนักการคลัง" in page
    assert "เลิกใช้แล้ว: ไม่ใช่ → ใช่" in page
    assert "admin" in page
    assert history_page(client, "agency", agency.pk).status_code == 200


def test_the_historical_models_are_named_in_thai():
    assert Measure.history.model._meta.verbose_name == "ประวัติมาตรการ"


def test_staff_of_another_agency_cannot_open_a_measures_history(
    client, edited_measure, other_agency
):
    stranger = make_staff("stranger", other_agency, roles.COORDINATOR)
    client.login(username=stranger.username, password=PASSWORD)

    assert history_page(client, "measure", edited_measure.pk).status_code == 404


def test_staff_of_another_agency_cannot_open_a_deleted_measures_history(
    client, edited_measure, other_agency
):
    edited_measure.delete()
    stranger = make_staff("stranger", other_agency, roles.COORDINATOR)
    client.login(username=stranger.username, password=PASSWORD)

    assert history_page(client, "measure", edited_measure.pk).status_code == 404
    assert history_page(client, "measure", "not-a-number").status_code == 404


def test_simple_historys_own_revert_form_is_gone(edited_measure, other_agency):
    record = Measure.history.filter(id=edited_measure.pk).first()
    stranger = make_staff("stranger", other_agency, roles.COORDINATOR)
    client = Client()
    client.login(username=stranger.username, password=PASSWORD)

    response = client.get(
        f"/admin/measures/measure/{edited_measure.pk}/history/{record.history_id}/", follow=True
    )

    assert "การเปิดเผยข้อมูลฉบับแก้ไข" not in response.content.decode()


def test_an_ita_scores_history_shows_its_item_scores_and_another_agency_gets_404(
    client, coordinator, agency, other_agency
):
    year = AssessmentYear.objects.get(year_be=2568)
    with time_machine.travel(CREATED, tick=False):
        score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="90.00")
        item = IndicatorScore.objects.create(
            agency_score=score,
            indicator=Indicator.objects.get(assessment_year=year, code="i10"),
            score="93.21",
        )
    with time_machine.travel(EDITED, tick=False):
        item.score = "95.50"
        item.save()
    client.login(username=coordinator.username, password=PASSWORD)

    page = client.get(f"/admin/ita/agencyscore/{score.pk}/history/").content.decode()

    assert "คะแนนรวม: - → 90.00" in page
    assert "คะแนน: 93.21 → 95.50" in page
    stranger = Client()
    stranger.login(
        username=make_staff("stranger", other_agency, roles.COORDINATOR).username,
        password=PASSWORD,
    )
    assert stranger.get(f"/admin/ita/agencyscore/{score.pk}/history/").status_code == 404
