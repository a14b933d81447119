"""The HTML report: the original's seven headers, one row per measure, nothing fetched
from the network, and the query count does not grow with the number of measures."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import Measure, Result, Step
from reports import document

HEADERS = [
    "ที่",
    "มาตรการ/โครงการ/กิจกรรม",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ระยะเวลาดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ",
    "ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ",
]


def add_measures(agency, divisions, count, fiscal_year=2568):
    for number in range(1, count + 1):
        measure = Measure.objects.create(
            agency=agency,
            fiscal_year=fiscal_year,
            number=number,
            titles=f"มาตรการที่ {number}\nโครงการย่อย {number}",
            started_on=date(2024, 10, 1),
            ended_on=date(2025, 9, 30),
            outcome=f"ผลลัพธ์ของมาตรการที่ {number}",
        )
        measure.responsible_divisions.set(divisions)
        Step.objects.create(measure=measure, text=f"ขั้นตอนแรกของมาตรการ {number}")
        Step.objects.create(measure=measure, text="ขั้นตอนที่สอง")
        Result.objects.create(measure=measure, text="ผลการดำเนินการ", done_on=date(2025, 1, 5))


def test_the_page_has_the_seven_headers_in_the_original_order(
    client, coordinator, agency, strategy_division
):
    add_measures(agency, [strategy_division], 3)
    client.force_login(coordinator)
    response = client.get(reverse("reports:report", args=["rangsit", 2568]))
    html = response.content.decode()
    header_row = re.search(r'<tr class="columns">(.*?)</tr>', html, re.DOTALL)[1]
    assert re.findall(r"<th>(.*?)</th>", header_row) == HEADERS


def test_the_page_has_one_row_per_measure(client, coordinator, agency, strategy_division):
    add_measures(agency, [strategy_division], 7)
    client.force_login(coordinator)
    response = client.get(reverse("reports:report", args=["rangsit", 2568]))
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    numbers = re.findall(r'<td class="number">(.*?)</td>', body)
    assert numbers == list("๑๒๓๔๕๖๗")


def test_the_page_needs_no_network(client, coordinator, agency, strategy_division):
    add_measures(agency, [strategy_division], 1)
    client.force_login(coordinator)
    html = client.get(reverse("reports:report", args=["rangsit", 2568])).content.decode()
    assets = re.findall(r'<(?:link|script|img|source)\b[^>]*(?:href|src)="([^"]*)"', html)
    # The stylesheets, and the print button's script (a file: the CSP allows no inline script).
    assert assets == [
        "/static/reports/report.css",
        "/static/reports/report-screen.css",
        "/static/reports/toolbar.js",
    ]
    stylesheet = (settings.BASE_DIR / "static/reports/report.css").read_text()
    assert re.findall(r'url\("([^"]*)"\)', stylesheet) == [
        "../fonts/LaksamanITA-Regular.ttf",
        "../fonts/LaksamanITA-Bold.ttf",
    ]
    assert "@import" not in stylesheet


def test_the_period_and_the_numbers_print_in_thai_digits(agency, strategy_division):
    add_measures(agency, [strategy_division], 1)
    html = document.render_html(agency, 2568)
    assert (
        'ปีงบประมาณ <span class="nobreak">พ.ศ.๒๕๖๘</span> <span class="date">๑ ต.ค.๖๗</span>-'
        in html
    )
    assert "๑.&nbsp;ขั้นตอนแรกของมาตรการ ๑" in html
    assert "เทศบาลนครรังสิต อำเภอธัญบุรี จังหวัดปทุมธานี" in html


@pytest.mark.parametrize("count", [5, 200])
def test_the_query_count_does_not_grow_with_the_measures(
    count, agency, strategy_division, finance_division
):
    add_measures(agency, [finance_division, strategy_division], count)
    with CaptureQueriesContext(connection) as queries:
        html = document.render_html(agency, 2568)
    assert html.count('<td class="number">') == count
    # The measures with their agency, steps, results, evidence files, divisions and linked
    # indicators, the agency's ITA scores, and the signature.
    assert len(queries) == 8


def test_the_page_title_carries_thai_digits_too(agency):
    agency.name = "เทศบาลตำบลหมู่ 5"
    agency.save()

    html = document.render_html(agency, 2568)

    title = html[html.index("<title>") : html.index("</title>")]
    assert "หมู่ ๕" in title
    assert not any(digit in title for digit in "0123456789")
