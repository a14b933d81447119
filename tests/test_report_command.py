"""render_report writes the same report from the command line, fetching nothing."""

import re

import pytest
from django.core.management import CommandError, call_command

from reports.document import StaticFilesOnly
from tests.test_report_page import HEADERS, add_measures


def test_it_writes_the_pdf(agency, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("render_report", "rangsit", "2568", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")


def test_it_writes_the_html(agency, tmp_path):
    output = tmp_path / "report.html"
    call_command("render_report", "rangsit", "2568", "--format", "html", "--output", str(output))
    assert "ประจำปีงบประมาณ พ.ศ.๒๕๖๘" in output.read_text(encoding="utf-8")


def test_it_names_an_unknown_agency(db, tmp_path):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("render_report", "nowhere", "2568", "--output", str(tmp_path / "x.pdf"))


def test_the_pdf_fetches_only_its_own_static_files():
    fetcher = StaticFilesOnly()
    assert fetcher.fetch("file:///static/reports/report.css").status == 200
    for url in [
        "https://fonts.googleapis.com/css",
        "http://127.0.0.1:8000/static/reports/report.css",
        "file:///etc/passwd",
        "file:///static/../../etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_html_file_carries_its_stylesheet_and_fonts(agency, strategy_division, tmp_path):
    add_measures(agency, [strategy_division], 1)
    output = tmp_path / "report.html"
    call_command("render_report", "rangsit", "2568", "--format", "html", "--output", str(output))
    html = output.read_text(encoding="utf-8")
    # Opened from disk there is no /static/ to fetch from: nothing may point there.
    assert "/static/" not in html
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert style.count("@font-face") == 2
    assert len(re.findall(r'url\("data:font/ttf;base64,[A-Za-z0-9+/]+=*"\)', style)) == 2
    header_row = re.search(r'<tr class="columns">(.*?)</tr>', html, re.DOTALL)[1]
    assert re.findall(r"<th>(.*?)</th>", header_row) == HEADERS
    assert "<nav" not in html


def test_it_refuses_a_ce_year_in_thai(agency, tmp_path):
    with pytest.raises(CommandError, match="ปีงบประมาณ 2025 ไม่ใช่ปีพุทธศักราช"):
        call_command("render_report", "rangsit", "2025", "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
