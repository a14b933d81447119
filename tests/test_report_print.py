"""The seed report prints as the original does: no line break inside a sequence the original
keeps whole, ● bullets, margins of about 2 cm, and a row split over two pages closed at the
foot of the first and reopened at the top of the next, so a ruled-table reader finds it."""

import io
import os
import re
import subprocess
import sys

import pdfplumber
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from weasyprint.layout import page as page_layout
from weasyprint.text import line_break
from weasyprint.text.line_break import get_log_attrs

from measures.models import Agency
from reports import document, repeated_header, text_layouts, used_lengths
from reports.templatetags.report import report_text
from tests.test_report_golden import rules

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
MM = 72 / 25.4

# Sequences of the seed report that hold no space (or only the one after "พ.ศ.").
WHOLE = [
    "พ.ศ.๒๕๖๘",
    "พ.ศ.๒๕๖๗",
    "พ.ศ. ๒๕๖๘",
    "ธันวาคม พ.ศ.๒๕๖๗",
    "๒๗๒๒/๒๕๖๗",
    "E-Service",
    "๙๘.๒๕",
    "+๑.๔๕",
    "๓,๐๒๖",
    "๑,๘๔๖",
    "๐๕-๐๑๑",
    "ธ.ค.๖๗",
]


def render(agency, fiscal_year=2568):
    return document.render_pdf(document.render_html(agency, fiscal_year))


@pytest.fixture
def seed_agency(db):
    call_command("import_report", str(SEED))
    return Agency.objects.get(slug="rangsit")


@pytest.fixture
def seed_pdf(seed_agency):
    return render(seed_agency)


def column_lines(pdf):
    """Every printed line of every table column, page by page, as pdfplumber reads it."""
    lines = []
    with pdfplumber.open(io.BytesIO(pdf)) as document_:
        for page in document_.pages:
            xs = rules(e["x0"] for e in page.edges if e["orientation"] == "v")
            for left, right in zip(xs, xs[1:], strict=False):
                column = page.crop((left, 0, right, page.height))
                lines.append((column.extract_text() or "").splitlines())
    return lines


def test_no_line_breaks_inside_a_sequence_the_original_keeps_whole(seed_pdf):
    columns = ["\n".join(lines) for lines in column_lines(seed_pdf)]
    for sequence in WHOLE:
        # The sequence with a possible line break between any two of its characters.
        pattern = r"\s*".join(re.escape(c) for c in sequence.replace(" ", ""))
        found = [m[0] for text in columns for m in re.finditer(pattern, text)]
        assert found, f"{sequence} is not in the report"
        assert [f for f in found if "\n" in f] == [], f"{sequence} is broken over two lines"


def test_the_filter_keeps_escaping_while_it_glues_sequences():
    html = report_text("<i>E-Service</i> ลงวันที่ 12 ธ.ค.67 it's 2722/2567 <b>พ.ศ.2568</b>")
    assert html == (
        '&lt;i&gt;<span class="nobreak">E-Service</span>&lt;/i&gt; ลงวันที่ ๑๒ '
        '<span class="nobreak">ธ.ค.๖๗</span> it\'s <span class="nobreak">๒๗๒๒/๒๕๖๗</span> '
        '<b><span class="nobreak">พ.ศ.๒๕๖๘</span></b>'
    )


@pytest.mark.parametrize("number", ["๙๘.๒๕", "+๑.๔๕", "-๓.๒๐", "๓,๐๒๖", "๐๕-๐๑๑", "๑๐:๓๐"])
def test_numbers_pango_never_breaks_are_left_without_a_span(number):
    # The span would only cost layout time: Pango finds no break opportunity inside them, in
    # Thai text, after a space or after a bracket.
    assert report_text(f"ได้คะแนน {number} คะแนน") == f"ได้คะแนน {number} คะแนน"
    for before, after in [("ได้คะแนน", "คะแนน"), ("ได้คะแนน ", " คะแนน"), ("คะแนน(", ")")]:
        text = before + number + after
        attributes = get_log_attrs(text, "th")
        inside = range(len(before) + 1, len(before) + len(number))
        assert not [i for i in inside if attributes[i].is_line_break], text


def test_the_filter_leaves_urls_and_plain_words_alone():
    html = report_text("ดู https://a.go.th/x-1/2568 ครั้งที่ 10 ต่อ-เนื่อง")
    assert html == "ดู https://a.go.th/x-1/2568 ครั้งที่ ๑๐ ต่อ-เนื่อง"


def test_bullets_print_as_black_circles_in_the_report_font(seed_pdf):
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    bullets = [c for c in chars if c["text"] == "●"]
    # Measure 2's two titles, measure 3's two steps and two results, measure 4's two steps.
    assert len(bullets) == 8
    assert all("LaksamanITA" in c["fontname"].replace("-", "") for c in bullets)
    assert not [c for c in chars if c["text"] == "•"]


def table_box(page):
    edges = page.edges
    return (
        min(e["x0"] for e in edges),
        min(e["top"] for e in edges),
        max(e["x1"] for e in edges),
        max(e["bottom"] for e in edges),
    )


def test_margins_are_about_two_centimetres(seed_pdf):
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        for page in pdf.pages:
            left, _top, right, bottom = table_box(page)
            top_text = min(c["top"] for c in page.chars)
            assert left == pytest.approx(20 * MM, abs=0.5)
            assert page.width - right == pytest.approx(20 * MM, abs=0.5)
            assert top_text >= 20 * MM
            assert page.height - bottom >= 20 * MM - 0.5


@override_settings(REPORT_PAGE_MARGIN="30mm 15mm")
def test_margins_follow_the_setting(seed_agency):
    with pdfplumber.open(io.BytesIO(render(seed_agency))) as pdf:
        left, _top, right, _bottom = table_box(pdf.pages[0])
        assert left == pytest.approx(15 * MM, abs=0.5)
        assert min(c["top"] for c in pdf.pages[0].chars) >= 30 * MM


def test_a_margin_setting_that_is_not_lengths_is_refused_at_start():
    environment = {**os.environ, "REPORT_PAGE_MARGIN": "2cm; } body { display: none"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "REPORT_PAGE_MARGIN must be 1 to 4 lengths" in result.stderr


def test_a_ruled_table_reader_finds_every_part_of_every_row_on_every_page(seed_pdf):
    found = []
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        assert len(pdf.pages) == 3
        for number, page in enumerate(pdf.pages, start=1):
            tables = page.extract_tables()
            assert len(tables) == 1, f"page {number}"
            header, *rows = tables[0]
            assert header[0] == "ที่"
            for row in rows:
                assert len(row) == 7
                # A continued row has an empty number cell; a new row starts with its number.
                found.append((number, row[0] or "ต่อ", "".join(row).strip() != ""))
    numbers = [number for _page, number, _text in found if number != "ต่อ"]
    assert numbers == ["๑", "๒", "๓", "๔", "๕"]
    continued = [(page, index) for index, (page, number, _) in enumerate(found) if number == "ต่อ"]
    # The seed has a row that runs onto the next page: its rest is found there, first.
    assert continued
    for page, index in continued:
        assert page > 1 and found[index - 1][0] == page - 1
    assert all(has_text for _page, _number, has_text in found)


def test_a_split_row_is_closed_at_the_page_foot(seed_pdf):
    with pdfplumber.open(io.BytesIO(seed_pdf)) as pdf:
        # The page before the continued row, found by the test above.
        page = next(p for p in pdf.pages if not p.extract_tables()[0][1][0])
        page = pdf.pages[page.page_number - 2]
        _left, _top, _right, bottom = table_box(page)
        columns = rules(e["x0"] for e in page.edges if e["orientation"] == "v")
        feet = [e for e in page.edges if e["orientation"] == "h" and abs(e["bottom"] - bottom) < 1]
        assert feet, "the table has no rule at its foot"
        # The closing rule runs under every column, from the first line to the last.
        covered = rules(x for e in feet for x in (e["x0"], e["x1"]))
        assert covered[0] == pytest.approx(columns[0], abs=1)
        assert covered[-1] == pytest.approx(columns[-1], abs=1)


def test_fewer_pango_layouts_and_the_same_pdf(seed_agency, monkeypatch):
    """reports/text_layouts.py keeps Pango's layout of a line from measuring to drawing
    instead of laying the text out again: Pango lays out less, and the PDF is the same to the
    byte (the seed report has lines broken at Thai word boundaries, after hyphens and inside
    bold text, rows split over pages and page numbers)."""
    html = document.render_html(seed_agency, 2568)
    # Each text given to a Pango layout is laid out anew.
    laid_out = []
    set_text = line_break.Layout.set_text
    monkeypatch.setattr(
        line_break.Layout,
        "set_text",
        lambda layout, text, justify=False: (
            laid_out.append(text) or set_text(layout, text, justify)
        ),
    )
    kept, with_kept, laid_out_again, without = on_and_off(monkeypatch, text_layouts, html, laid_out)
    assert kept == laid_out_again
    assert with_kept < 0.75 * without, (with_kept, without)


def on_and_off(monkeypatch, module, html, calls):
    """The PDF of `html` and how many `calls` its render recorded, with `module` (one of our
    WeasyPrint patches) on, then the same with it off."""
    on = document.render_pdf(html)
    calls_on = len(calls)
    calls.clear()
    monkeypatch.setattr(module, "ENABLED", False)
    off = document.render_pdf(html)
    return on, calls_on, off, len(calls)


def test_the_repeated_header_is_laid_out_once_and_the_pdf_is_the_same(seed_agency, monkeypatch):
    """reports/repeated_header.py lays the table header out on the first page and copies it
    onto the others, where WeasyPrint lays it out again on every page: the PDF is the same to
    the byte."""
    html = document.render_html(seed_agency, 2568)
    header_cells_laid_out = []
    lay_out = repeated_header._block_container_layout

    def counting(context, box, *args, **kwargs):
        if getattr(box, "repeated", False):
            header_cells_laid_out.append(box)
        return lay_out(context, box, *args, **kwargs)

    monkeypatch.setattr(repeated_header, "_block_container_layout", counting)
    once, cells, every_page, every_page_cells = on_and_off(
        monkeypatch, repeated_header, html, header_cells_laid_out
    )
    assert once == every_page
    with pdfplumber.open(io.BytesIO(once)) as pdf:
        pages = len(pdf.pages)
    # The title row and the seven column names.
    assert cells == 8
    assert pages >= 3
    assert every_page_cells == cells * pages


def test_used_lengths_are_worked_out_once_per_set_and_the_pdf_is_the_same(seed_agency, monkeypatch):
    """reports/used_lengths.py works a box's margins, paddings and sizes out once for each
    set of lengths without a percentage, where WeasyPrint works them out for every box: the
    PDF is the same to the byte."""
    html = document.render_html(seed_agency, 2568)
    worked_out = []
    resolve = used_lengths._resolve_percentages

    def counting(box, containing_block):
        worked_out.append(box)
        return resolve(box, containing_block)

    monkeypatch.setattr(used_lengths, "_resolve_percentages", counting)
    monkeypatch.setattr(used_lengths, "_used", {})
    kept, kept_count, each_box, every_box_count = on_and_off(
        monkeypatch, used_lengths, html, worked_out
    )
    assert kept == each_box
    # Left to WeasyPrint: the table and its cells, whose widths are percentages.
    assert kept_count < every_box_count / 5, (kept_count, every_box_count)


def test_page_numbers_are_placed_without_measuring_their_text(seed_agency, monkeypatch):
    """The page-number box has a set width, so WeasyPrint places it on each page without
    laying its text out at its narrowest and widest first."""
    measured = []
    for name in ("min_content_width", "max_content_width"):
        function = getattr(page_layout, name)
        monkeypatch.setattr(
            page_layout, name, lambda *args, f=function, **kw: measured.append(1) or f(*args, **kw)
        )
    with pdfplumber.open(io.BytesIO(render(seed_agency))) as pdf:
        text = pdf.pages[0].extract_text()
    assert re.search("หน้า ๑ / [๐-๙]+", text)
    assert measured == []
