"""The dashboard opens with what needs attention now: overdue measures, weak ITA items nobody
answers yet, and measures due to end within 30 days, each linking to where it is dealt with."""

from datetime import date

import pytest
import time_machine

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Measure

Status = Measure.Status


def measure(agency, number, status, ended_on, title=None):
    return Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        number=number,
        titles=title or f"มาตรการทดสอบ {number}",
        status=status,
        # The database keeps status and progress in agreement (done means 100).
        progress={Status.DONE: 100, Status.IN_PROGRESS: 50}.get(status, 0),
        started_on=date(2024, 10, 1),
        ended_on=ended_on,
    )


def card(response, name):
    """The HTML of one needs-attention card."""
    text = response.text
    start = text.index(f'id="attention-{name}"')
    return text[start : text.index("</div>", start)]


def change_link(measure):
    return f'href="/admin/measures/measure/{measure.pk}/change/"'


@pytest.fixture
def register(agency, other_agency):
    """Today is 15 June 2025 (fiscal year 2568)."""
    return {
        "overdue": measure(agency, 1, Status.IN_PROGRESS, date(2025, 6, 1)),
        "done_late": measure(agency, 2, Status.DONE, date(2025, 6, 1)),
        "ends_today": measure(agency, 3, Status.NOT_STARTED, date(2025, 6, 15)),
        "ends_in_30": measure(agency, 4, Status.IN_PROGRESS, date(2025, 7, 15)),
        "ends_in_31": measure(agency, 5, Status.IN_PROGRESS, date(2025, 7, 16)),
        "done_soon": measure(agency, 6, Status.DONE, date(2025, 6, 20)),
        "elsewhere_overdue": measure(
            other_agency, 1, Status.IN_PROGRESS, date(2025, 5, 1), "มาตรการของเมืองตัวอย่าง"
        ),
        "elsewhere_soon": measure(
            other_agency, 2, Status.IN_PROGRESS, date(2025, 6, 30), "อีกมาตรการของตัวอย่าง"
        ),
    }


@time_machine.travel(date(2025, 6, 15))
def test_an_overdue_measure_is_listed_first_with_a_link_to_it(client, executive, register):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    overdue = card(response, "overdue")
    assert change_link(register["overdue"]) in overdue
    assert "มาตรการที่ ๑ มาตรการทดสอบ ๑" in overdue
    assert "สิ้นสุด ๑ มิ.ย.๖๘" in overdue
    assert change_link(register["done_late"]) not in overdue
    assert 'class="attention-card alert"' in response.text
    # The summary comes before the scores and the tables.
    assert response.text.index('id="attention-overdue"') < response.text.index('class="standing"')


@time_machine.travel(date(2025, 6, 15))
def test_measures_ending_within_30_days_and_not_done_are_listed_soonest_first(
    client, executive, register
):
    client.force_login(executive)
    due_soon = card(client.get("/dashboard/?year=2568"), "due-soon")
    assert "ครบกำหนดภายใน ๓๐ วัน" in due_soon
    today, in_30 = change_link(register["ends_today"]), change_link(register["ends_in_30"])
    assert today in due_soon and in_30 in due_soon
    assert due_soon.index(today) < due_soon.index(in_30)
    for name in ("ends_in_31", "done_soon", "overdue"):
        assert change_link(register[name]) not in due_soon


@time_machine.travel(date(2025, 6, 15))
def test_another_agencys_measures_never_appear(client, executive, admin_user, register):
    for user, query in ((executive, "?year=2568&agency=sample"), (admin_user, "?year=2568")):
        client.force_login(user)
        response = client.get(f"/dashboard/{query}")
        assert response.context["agency"].slug == "rangsit"
        for name in ("elsewhere_overdue", "elsewhere_soon"):
            assert change_link(register[name]) not in response.text
        assert "ของเมืองตัวอย่าง" not in response.text
        assert "อีกมาตรการของตัวอย่าง" not in response.text


@time_machine.travel(date(2025, 6, 15))
def test_a_superuser_looking_at_the_other_agency_sees_only_its_measures(
    client, admin_user, register
):
    client.force_login(admin_user)
    response = client.get("/dashboard/?year=2568&agency=sample")
    assert change_link(register["elsewhere_overdue"]) in card(response, "overdue")
    assert change_link(register["elsewhere_soon"]) in card(response, "due-soon")
    assert change_link(register["overdue"]) not in response.text


@time_machine.travel(date(2025, 6, 15))
def test_nothing_to_do_reads_none_in_each_card(client, executive, agency):
    measure(agency, 1, Status.DONE, date(2025, 3, 1))
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    for name in ("overdue", "due-soon"):
        assert '<p class="none">ไม่มี</p>' in card(response, name)
    assert "ยังไม่มีคะแนน ITA" in card(response, "unanswered")


@pytest.fixture
def weak_scores(agency):
    """Eleven items below the top level (95): ten answered by a measure, the highest not."""
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="90")
    answer = measure(agency, 1, Status.IN_PROGRESS, None)
    items = []
    for n in range(1, 12):
        item = Indicator.objects.create(
            assessment_year=year, instrument="OIT", code=f"o{80 + n}", title_th=f"ข้อทดสอบ {n}"
        )
        IndicatorScore.objects.create(agency_score=score, indicator=item, score=80 + n)
        if n < 11:
            answer.indicators.add(item)
        items.append(item)
    return items


def test_a_weak_item_nobody_answers_is_listed_even_beyond_the_ten_lowest(
    client, executive, weak_scores
):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    unanswered = card(response, "unanswered")
    unanswered_item = weak_scores[-1]
    assert f'href="#indicator-{unanswered_item.pk}"' in unanswered
    assert "o๙๑ ข้อทดสอบ ๑๑" in unanswered and "คะแนน ๙๑.๐๐" in unanswered
    # The link lands on the item's row in the table of weak items.
    assert f'<tr id="indicator-{unanswered_item.pk}" class="needs-measure">' in response.text
    for answered in weak_scores[:-1]:
        assert f'href="#indicator-{answered.pk}"' not in unanswered


def test_an_item_without_a_recorded_name_is_named_by_what_it_belongs_to(client, executive, agency):
    year = AssessmentYear.objects.get(year_be=2568)
    indicator = Indicator.objects.create(
        assessment_year=year, instrument="IIT", code="IND99", title_th="ตัวชี้วัดทดสอบ"
    )
    child = Indicator.objects.create(
        assessment_year=year, instrument="IIT", code="i99", parent=indicator
    )
    orphan = Indicator.objects.create(assessment_year=year, instrument="OIT", code="o99")
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="90")
    IndicatorScore.objects.create(agency_score=score, indicator=child, score="70")
    IndicatorScore.objects.create(agency_score=score, indicator=orphan, score="71")
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert "ยังไม่ทราบชื่อข้อ" not in response.text
    assert "ข้อย่อยของ IND๙๙ ตัวชี้วัดทดสอบ" in response.text
    assert "ข้อใน OIT การเปิดเผยข้อมูลสาธารณะ" in response.text
