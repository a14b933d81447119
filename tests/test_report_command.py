"""render_report writes the same report from the command line, fetching nothing."""

import pytest
from django.core.management import CommandError, call_command

from reports.document import StaticFilesOnly


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
