"""The report page's toolbar (download the PDF, print, back to the admin) is for the browser
only: it is hidden when printing and never reaches the PDF."""

import subprocess

from django.urls import reverse

from reports import document
from tests.test_report_page import add_measures


def test_the_page_has_the_pdf_link_the_print_button_and_the_way_back(
    client, coordinator, agency, strategy_division
):
    add_measures(agency, [strategy_division], 1)
    client.force_login(coordinator)
    html = client.get(reverse("reports:report", args=["rangsit", 2568])).content.decode()
    toolbar = html.split('<nav class="toolbar">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/reports/rangsit/2568/pdf/">ดาวน์โหลด PDF</a>' in toolbar
    assert '<button type="button" data-print>พิมพ์</button>' in toolbar
    assert '<a href="/admin/measures/measure/?fiscal_year=2568">กลับไประบบจัดการข้อมูล</a>' in toolbar


def test_the_pdf_has_no_toolbar(client, coordinator, agency, strategy_division, tmp_path):
    add_measures(agency, [strategy_division], 1)
    client.force_login(coordinator)
    path = tmp_path / "report.pdf"
    path.write_bytes(client.get(reverse("reports:report_pdf", args=["rangsit", 2568])).content)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    assert "ประจำปีงบประมาณ" in text
    assert "ดาวน์โหลด PDF" not in text
    assert "กลับไประบบจัดการข้อมูล" not in text


def test_the_html_handed_to_weasyprint_has_no_toolbar(agency, strategy_division):
    add_measures(agency, [strategy_division], 1)
    assert "<nav" not in document.render_html(agency, 2568)
