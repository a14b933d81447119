"""The executives' dashboard at /dashboard/: where the agency stands and what is late."""

import re
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Measure

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


@pytest.fixture
def demo(agency):
    call_command("import_report", str(SEED), stdout=StringIO())
    call_command("load_ita_demo", agency.slug, stdout=StringIO())
    return agency


def text_of(response):
    """The page's text with tags and runs of spaces squeezed out, for plain assertions."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def test_it_sends_visitors_to_log_in_first(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@time_machine.travel(date(2025, 11, 20))
def test_the_demo_dashboard_shows_the_score_level_and_change(client, executive, demo):
    client.force_login(executive)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    # Fiscal year 2569 has no measures yet, so the dashboard opens on 2568.
    assert response.context["fiscal_year"] == 2568
    assert re.search(r'id="latest-score">\s*๙๙.๗๐\s*<', response.text)
    assert re.search(r'id="latest-level">\s*ผ่านดีเยี่ยม\s*<', response.text)
    assert re.search(r'id="latest-change">\s*\+๑.๔๕\s*<', response.text)
    page = text_of(response)
    assert "เทียบกับ พ.ศ. ๒๕๖๗" in page
    assert "๙๘.๒๕" in page  # the earlier year on the chart


def test_the_demo_dashboard_shows_which_measure_answers_each_low_item(client, executive, demo):
    client.force_login(executive)
    page = text_of(client.get("/dashboard/?year=2568"))
    assert "IND๗ ประสิทธิภาพการสื่อสาร ๙๙.๙๑ มาตรการที่ ๕" in page
    assert "i๑๐ การขอยืมทรัพย์สินของราชการไปใช้อย่างถูกต้อง ๑๐๐.๐๐ มาตรการที่ ๔" in page


def test_it_links_to_the_report_in_html_and_pdf(client, executive, demo):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert 'href="/reports/rangsit/2568/"' in response.text
    assert 'href="/reports/rangsit/2568/pdf/"' in response.text


def test_each_measure_links_to_its_page(client, executive, demo):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    for measure in Measure.objects.all():
        assert f'href="/admin/measures/measure/{measure.pk}/change/"' in response.text


def test_it_makes_no_request_to_another_site(client, executive, demo):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert not re.search(r'(src|href)="(https?:)?//', response.text)
    assert "<svg" in response.text


def measure(agency, number, status, ended_on, started_on=date(2024, 10, 1)):
    return Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        number=number,
        titles=f"มาตรการ {number}",
        status=status,
        progress=100 if status == Measure.Status.DONE else 0,
        started_on=started_on,
        ended_on=ended_on,
    )


@pytest.fixture
def year_of_measures(agency):
    Status = Measure.Status
    measure(agency, 1, Status.IN_PROGRESS, date(2025, 3, 31))  # overdue
    measure(agency, 2, Status.DONE, date(2025, 3, 31))  # ended, but done
    measure(agency, 3, Status.NOT_STARTED, date(2025, 6, 14))  # ended yesterday: overdue
    measure(agency, 4, Status.NOT_STARTED, date(2025, 6, 15))  # ends today: not yet
    measure(agency, 5, Status.IN_PROGRESS, None)  # no end, never overdue
    return agency


@time_machine.travel(date(2025, 6, 15))
def test_overdue_counts_measures_whose_period_ended_undone(client, executive, year_of_measures):
    client.force_login(executive)
    response = client.get("/dashboard/")
    assert response.context["fiscal_year"] == 2568
    assert response.context["counts"] == {
        "total": 5,
        "not_started": 2,
        "in_progress": 2,
        "done": 1,
        "overdue": 2,
    }
    assert re.search(r'id="count-overdue">\s*๒\s*<', response.text)
    assert 'class="today"' in response.text  # today's line is drawn on the month grid


@time_machine.travel(date(2025, 10, 2))
def test_after_the_year_ends_every_undone_measure_is_overdue(client, executive, year_of_measures):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert response.context["counts"]["overdue"] == 3
    assert 'class="today"' not in response.text


def test_the_division_table_sorts_by_a_column(client, executive, year_of_measures):
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568&none-sort=-number")
    table = response.context["tables"][0]["table"]
    assert [row.record.number for row in table.rows] == [5, 4, 3, 2, 1]


def test_a_weak_item_without_a_measure_stands_out(client, executive, agency):
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="90")
    o1 = Indicator.objects.get(assessment_year=year, code="o1")
    o2 = Indicator.objects.get(assessment_year=year, code="o2")
    IndicatorScore.objects.create(agency_score=score, indicator=o1, score="70")
    IndicatorScore.objects.create(agency_score=score, indicator=o2, score="80")
    answer = measure(agency, 1, Measure.Status.IN_PROGRESS, None)
    answer.indicators.add(o2)
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    rows = {row["indicator"].code: row for row in response.context["weakest"]}
    assert rows["o1"]["needs_measure"] and rows["o1"]["measure_numbers"] == []
    assert not rows["o2"]["needs_measure"] and rows["o2"]["measure_numbers"] == [1]
    assert 'class="needs-measure"' in response.text
    assert "ยังไม่มีมาตรการ" in response.text


def test_staff_see_only_their_own_agency(client, executive, agency, other_agency):
    AgencyScore.objects.create(
        agency=other_agency,
        assessment_year=AssessmentYear.objects.get(year_be=2568),
        overall="77.77",
    )
    client.force_login(executive)
    response = client.get("/dashboard/?agency=sample&year=2568")
    assert response.context["agency"] == agency
    assert "๗๗.๗๗" not in response.text


def test_a_superuser_can_choose_the_agency(client, admin_user, agency, other_agency):
    client.force_login(admin_user)
    response = client.get("/dashboard/?agency=sample")
    assert response.context["agency"] == other_agency
    assert 'name="agency"' in response.text


def test_a_superuser_asking_for_no_such_agency_finds_nothing(client, admin_user, agency):
    client.force_login(admin_user)
    assert client.get("/dashboard/?agency=nowhere").status_code == 404


def test_a_user_of_no_agency_is_refused(client, db):
    user = User.objects.create_user("stranger", password="x-password-1234", is_staff=True)
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 403


@time_machine.travel(date(2025, 11, 20))
@pytest.mark.parametrize("asked", ["2450", "2701", "this year"])
def test_a_year_outside_the_buddhist_era_range_opens_the_default_year(
    client, executive, year_of_measures, asked
):
    client.force_login(executive)
    response = client.get("/dashboard/", {"year": asked})
    # 2569 has no measures yet, so the default is the latest earlier year that has some.
    assert response.context["fiscal_year"] == 2568


def test_a_year_asked_in_thai_digits_is_shown(client, executive, year_of_measures):
    client.force_login(executive)
    assert client.get("/dashboard/?year=๒๕๖๗").context["fiscal_year"] == 2567


def test_division_tables_follow_the_agency_chart_not_the_alphabet(
    client, executive, year_of_measures, strategy_division, finance_division
):
    # By name กองยุทธศาสตร์… comes before สำนักคลัง; the chart puts the finance office first.
    finance_division.position = 1
    finance_division.save()
    strategy_division.position = 2
    strategy_division.save()
    Measure.objects.get(number=1).responsible_divisions.add(strategy_division)
    Measure.objects.get(number=2).responsible_divisions.add(finance_division)
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    names = [table["name"] for table in response.context["tables"]]
    assert names[:2] == [finance_division.name, strategy_division.name]
