"""One PDF render has a size, page and time limit and stops with a Thai message past it;
WeasyPrint's temporary font folders never outlive their process, even when a worker dies."""

import io
import os
import subprocess
import sys
import textwrap

import pdfplumber
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from measures.models import Measure
from reports import document

SMALL = '<html><head><link rel="stylesheet" href="/static/reports/report.css"></head><body>ก</body>'


def long_report(agency, characters):
    Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="ยาวมาก", outcome="ก " * characters
    )


def test_a_report_over_the_text_limit_is_refused_before_rendering(agency):
    long_report(agency, document.MAX_HTML_CHARACTERS // 2)
    html = document.render_html(agency, 2568)
    with pytest.raises(document.ReportTooLarge, match="เกินกว่าที่สร้าง PDF ได้"):
        document.render_pdf(html)


def test_the_pdf_view_answers_422_in_thai_past_the_text_limit(client, coordinator, agency):
    long_report(agency, document.MAX_HTML_CHARACTERS // 2)
    client.force_login(coordinator)
    response = client.get(reverse("reports:report_pdf", args=["rangsit", 2568]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "สร้างไฟล์ PDF ของรายงานนี้ไม่ได้" in page
    assert f"{document.MAX_HTML_CHARACTERS:,} ตัวอักษร" in page
    assert reverse("reports:report", args=["rangsit", 2568]) in page


def test_the_command_refuses_past_the_text_limit_without_writing(agency, tmp_path):
    long_report(agency, document.MAX_HTML_CHARACTERS // 2)
    output = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="เกินกว่าที่สร้าง PDF ได้"):
        call_command("render_report", "rangsit", "2568", "--output", str(output))
    assert not output.exists()


def test_a_render_stops_at_the_page_limit(agency, monkeypatch):
    long_report(agency, 3000)
    monkeypatch.setattr(document, "MAX_PAGES", 2)
    with pytest.raises(document.ReportTooLarge, match="รายงานยาวเกิน 2 หน้า"):
        document.render_pdf(document.render_html(agency, 2568))


def test_a_report_at_the_page_limit_is_rendered(agency, monkeypatch):
    long_report(agency, 3000)
    pdf = document.render_pdf(document.render_html(agency, 2568))
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    assert pages > 2
    monkeypatch.setattr(document, "MAX_PAGES", pages)
    assert document.render_pdf(document.render_html(agency, 2568)).startswith(b"%PDF")


def test_a_render_stops_at_the_time_limit(agency, monkeypatch):
    monkeypatch.setattr(document, "MAX_SECONDS", 0)
    with pytest.raises(document.ReportTooLarge, match="ใช้เวลาเกิน 0 วินาที"):
        document.render_pdf(SMALL)
    # The limit belongs to that render only: the next one has its own.
    monkeypatch.setattr(document, "MAX_SECONDS", 60)
    assert document.render_pdf(SMALL).startswith(b"%PDF")


def test_renders_share_one_font_folder_that_does_not_grow(agency, monkeypatch):
    # The font configuration is kept for the process's next render: its files stay, once.
    document.render_pdf(SMALL)
    folder = document.process_font_folder()
    fonts = everything_under(folder)
    assert len([name for name in fonts if "/" in name]) >= 2  # regular and bold
    monkeypatch.setattr(document, "MAX_SECONDS", 0)
    with pytest.raises(document.ReportTooLarge):
        document.render_pdf(SMALL)
    monkeypatch.setattr(document, "MAX_SECONDS", 60)
    document.render_pdf(SMALL)
    assert everything_under(folder) == fonts


def run_python(code, tmp_path):
    """Python in a new process with its own temporary folder, set up like a worker."""
    environment = os.environ | {
        "TMPDIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "rangsit_ita.settings",
    }
    setup = "import django; django.setup()\nfrom reports import document\n"
    return subprocess.run(
        [sys.executable, "-c", setup + textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def everything_under(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_no_font_folder_is_left_in_the_temporary_folder_after_renders(tmp_path):
    finished = run_python(
        f"""
        for _ in range(3):
            assert document.render_pdf({SMALL!r}).startswith(b"%PDF")
        """,
        tmp_path,
    )
    assert finished.returncode == 0, finished.stderr
    left = [name for name in everything_under(tmp_path) if name != "db.sqlite3"]
    assert left in ([], [document.FONT_ROOT.name])


def test_the_font_folder_of_a_killed_worker_is_removed_by_the_next_one(tmp_path):
    killed = run_python(
        f"""
        import os, signal
        from weasyprint import HTML
        with document.font_configuration() as fonts:
            HTML(string={SMALL!r}, base_url=document.BASE_URL,
                 url_fetcher=document.StaticFilesOnly()).render(font_config=fonts)
            print(os.getpid(), flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        """,
        tmp_path,
    )
    # Logs share standard output: the process id is the last line.
    pid = killed.stdout.strip().splitlines()[-1]
    root = tmp_path / document.FONT_ROOT.name
    fonts_left = list((root / f"pid-{pid}").rglob("*"))
    assert any(path.is_file() for path in fonts_left), "the killed render left its fonts"

    finished = run_python(f"document.render_pdf({SMALL!r})", tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert everything_under(root) == []
