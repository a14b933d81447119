"""A large report's PDF rendered in parts by several processes reads as one render: page
numbers over the whole report, the title and header on every page, one PDF/A document with
one table of one row per measure, and the same text. Here parts are made small, so that the
seed report (5 measures) and a 50-measure report go through that path.

The archive tests and the long-report tests run again here, on the parts' PDF."""

# Their fixtures are imported with them, and pytest passes them by parameter name.
# ruff: noqa: F811

import io
import os
import threading
from pathlib import Path

import billiard
import pdfplumber
import pikepdf
import pytest
from django.test import override_settings

from measures.models import Agency
from reports import document, parallel
from tests.test_report_archive import (  # noqa: F401 (run again here, on parts)
    assert_pdf_a_3u,
    children,
    descendants,
    seed_agency,
    seed_html,
    test_all_content_is_tagged_or_an_artifact,
    test_an_empty_report_is_pdf_a_and_tagged_too,
    test_every_font_is_embedded,
    test_it_has_an_srgb_output_intent,
    test_the_download_and_the_command_are_pdf_a_too,
    test_the_pdf_identifies_itself_as_pdf_a_3u_and_pdf_ua_1,
    test_the_structure_is_a_heading_and_one_table_of_one_row_per_measure,
    test_the_title_is_the_metadata_title_and_the_window_title,
)
from tests.test_report_golden import column_texts, rules
from tests.test_report_long import (  # noqa: F401 (run again here, on parts)
    HEADERS,
    TITLE,
    header_cells,
    long_report,
    pdftotext,
    squeeze,
    test_every_page_carries_the_title_lines_and_the_header_row,
    test_only_the_last_page_carries_the_signature_block,
    test_the_row_taller_than_a_page_is_printed_whole,
)

PARTS = 3
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(autouse=True)
def in_parts(monkeypatch, settings):
    monkeypatch.setattr(parallel, "PART_CHARACTERS", 1_000)
    settings.REPORT_RENDER_PROCESSES = PARTS
    # Else the render would not fork, and these tests would test one render.
    assert threading.active_count() == 1


@pytest.fixture
def seed_pdf(seed_html):
    assert len(parallel.parts(seed_html, PARTS)) == PARTS
    return document.render_pdf(seed_html)


def render_whole(html):
    with override_settings(REPORT_RENDER_PROCESSES=1):
        return document.render_pdf(html)


def long_html():
    return document.render_html(Agency.objects.get(slug="rangsit"), 2568)


def page_texts(path):
    with pdfplumber.open(path) as pdf:
        count = len(pdf.pages)
    return [squeeze(pdftotext(path, "-f", str(n), "-l", str(n))) for n in range(1, count + 1)]


def plumber_columns(pdf):
    """Each table column's text over all pages as pdfplumber reads it (below the header row)."""
    columns = [""] * 7
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        for page in reader.pages:
            xs = rules(round(e["x0"], 1) for e in page.edges if e["orientation"] == "v")
            ys = rules(round(e["top"], 1) for e in page.edges if e["orientation"] == "h")
            bottom = max(e["bottom"] for e in page.edges if e["orientation"] == "v")
            for column, (left, right) in enumerate(zip(xs, xs[1:], strict=False)):
                columns[column] += page.crop((left, ys[1], right, bottom)).extract_text()
    return ["".join(column.split()) for column in columns]


def test_a_report_is_cut_between_its_rows_and_each_part_keeps_the_title_and_header(seed_html):
    parts = parallel.parts(seed_html, PARTS)
    assert len(parts) == PARTS
    head = seed_html[: seed_html.index("<tbody>")]
    rows = seed_html[seed_html.index("<tbody>") : seed_html.index("</tbody>")].count("<tr>")
    assert sum(part.count("<tr>") for part in parts) == rows
    for part in parts:
        assert part.startswith(head)
        assert part.rstrip().endswith("</html>")
    assert parts[-1].endswith(seed_html[seed_html.index("</tbody>") :])


def test_a_small_report_or_one_process_renders_whole(seed_html, monkeypatch, settings):
    assert parallel.parts(seed_html, 1) == [seed_html]
    monkeypatch.setattr(parallel, "PART_CHARACTERS", 60_000)
    assert parallel.parts(seed_html, 8) == [seed_html]


def test_the_pages_are_numbered_over_the_whole_report(seed_pdf, tmp_path):
    path = tmp_path / "parts.pdf"
    path.write_bytes(seed_pdf)
    texts = page_texts(path)
    # Each part starts on a new page: more pages than the three of one render.
    assert len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert text.endswith(f"หน้า{number}/{len(texts)}".translate(THAI_DIGITS)), number


def test_every_cell_reads_back_as_in_one_render(seed_html, seed_pdf, tmp_path):
    whole = render_whole(seed_html)
    (tmp_path / "whole.pdf").write_bytes(whole)
    (tmp_path / "parts.pdf").write_bytes(seed_pdf)
    assert column_texts(tmp_path / "parts.pdf") == column_texts(tmp_path / "whole.pdf")
    assert plumber_columns(seed_pdf) == plumber_columns(whole)


def test_pages_within_a_part_break_as_in_one_render(long_report, tmp_path):
    html = long_html()
    first_part = parallel.parts(html, PARTS)[0]
    with document.font_configuration() as fonts:
        with pikepdf.open(io.BytesIO(document.weasyprint_pdf(first_part, fonts))) as pdf:
            first_part_pages = len(pdf.pages)
    assert first_part_pages > 2
    (tmp_path / "whole.pdf").write_bytes(render_whole(html))
    whole = page_texts(tmp_path / "whole.pdf")
    parts = page_texts(long_report)
    assert len(whole) <= len(parts) <= len(whole) + PARTS - 1

    def without_page_number(text):
        return text[: text.rindex("หน้า")]

    for number in range(first_part_pages - 1):
        assert without_page_number(parts[number]) == without_page_number(whole[number])


def test_the_long_report_is_one_table_of_one_row_per_measure(long_report):
    with pikepdf.open(long_report) as pdf:
        [top] = children(pdf.Root.StructTreeRoot)
        [table] = list(descendants(top, "/Table"))
        rows = [row for body in children(table, "/TBody") for row in children(body, "/TR")]
        # Measure ๑๐, taller than a page, is one row too.
        assert len(rows) == 50
        assert all(len(children(row, "/TD")) == 7 for row in rows)


def test_the_parent_tree_numbers_every_page_in_order(long_report):
    with pikepdf.open(long_report) as pdf:
        root = pdf.Root.StructTreeRoot
        nums = list(root.ParentTree.Nums)
        keys = [int(key) for key in nums[::2]]
        assert keys == list(range(len(pdf.pages)))
        assert int(root.ParentTreeNextKey) == len(pdf.pages)
        for number, page in enumerate(pdf.pages):
            assert int(page.obj.StructParents) == number
            for element in nums[2 * number + 1]:
                if element is not None:
                    assert element.Pg.objgen == page.objgen


def test_each_parts_font_subset_has_a_name_of_its_own(seed_pdf):
    with pikepdf.open(io.BytesIO(seed_pdf)) as pdf:
        fonts = {
            font.objgen: str(font.BaseFont)
            for page in pdf.pages
            for font in page.Resources.Font.values()
        }
    names = list(fonts.values())
    assert len(names) == len(set(names)) > 2
    assert all(name.endswith(("+Laksaman-ITA", "+Laksaman-ITA-Bold")) for name in names)


def test_rendering_in_parts_gives_the_same_bytes_every_time(seed_html, seed_pdf):
    assert document.render_pdf(seed_html) == seed_pdf


def test_the_database_connection_and_no_process_outlive_the_render(seed_html, seed_pdf):
    assert Agency.objects.filter(slug="rangsit").exists()
    mine = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        assert fields[1] != mine, f"process {stat.parent.name} is still a child"


def test_a_render_in_a_thread_renders_whole(seed_html, seed_pdf):
    rendered = []
    thread = threading.Thread(target=lambda: rendered.append(document.render_pdf(seed_html)))
    thread.start()
    thread.join()
    assert rendered == [render_whole(seed_html)]


def test_a_report_too_long_over_its_parts_is_refused_in_thai(seed_html, monkeypatch):
    monkeypatch.setattr(document, "MAX_PAGES", 2)
    with pytest.raises(document.ReportTooLarge, match="รายงานยาวเกิน 2 หน้า"):
        document.render_pdf(seed_html)


def test_a_part_past_the_deadline_is_refused_in_thai(seed_html, monkeypatch):
    monkeypatch.setattr(document, "MAX_SECONDS", 0)
    with pytest.raises(document.ReportTooLarge, match="ใช้เวลาเกิน"):
        document.render_pdf(seed_html)


def render_in_daemon(html, queue):
    queue.put(document.render_pdf(html))


def test_a_daemonic_worker_process_as_celerys_renders_in_parts_too(seed_html, seed_pdf):
    # Celery's pool processes are daemonic (billiard), and multiprocessing would refuse them
    # children; the parts are forked directly.
    context = billiard.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=render_in_daemon, args=(seed_html, queue), daemon=True)
    worker.start()
    rendered = queue.get(timeout=300)
    worker.join(timeout=60)
    assert worker.exitcode == 0
    assert rendered == seed_pdf
    # The worker's end left this process's fonts in place.
    assert document.render_pdf(seed_html) == seed_pdf
