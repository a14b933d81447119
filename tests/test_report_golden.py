"""The imported Rangsit 2568 report, rendered as PDF, reads back as the printed original.

pdftotext reads a table's cells in no useful order, so each column is read on its own
(pdftotext -x -y -W -H crops to it, between the header row and the table's last line) and the
original's cells must appear in that column, in row order. Whitespace, hyphens and list
bullets are dropped on both sides.
"""

import re
import subprocess

import pdfplumber
import pytest
from django.conf import settings
from django.core.management import call_command

from measures.models import Agency
from reports import document

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


def squeeze(text):
    text = re.sub(r"<[^>]+>", "", text)
    # pdftotext drops a hyphen that ends a line ("E-" / "Service" reads "EService"), so
    # hyphens are left out of the comparison on both sides.
    return re.sub(r"[\s●•-]", "", text)


def seed_rows():
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) == 7 and cells[0] != "ที่":
            rows.append([squeeze(cell) for cell in cells])
    return rows


def pdftotext(path, *options):
    command = ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def rules(positions):
    """One position per rule: a rule drawn as a thin filled rectangle has an edge each side."""
    merged = []
    for position in sorted(set(positions)):
        if not merged or position - merged[-1] > 1:
            merged.append(position)
    return merged


def column_texts(path):
    """Each table column's text over all pages, from below the header row to the table's end."""
    columns = [""] * 7
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            edges_x = rules(round(e["x0"], 1) for e in page.edges if e["orientation"] == "v")
            edges_y = rules(round(e["top"], 1) for e in page.edges if e["orientation"] == "h")
            # The column lines' lowest end marks the table's end on every page.
            header_bottom = edges_y[1]
            table_bottom = max(e["bottom"] for e in page.edges if e["orientation"] == "v")
            for column, (left, right) in enumerate(zip(edges_x, edges_x[1:], strict=False)):
                box = [left, header_bottom, right - left, table_bottom - header_bottom]
                crop = [
                    part
                    for o, v in zip("xyWH", box, strict=True)
                    for part in (f"-{o}", str(round(v)))
                ]
                columns[column] += pdftotext(path, *crop, "-f", str(number), "-l", str(number))
    return [squeeze(text) for text in columns]


@pytest.fixture
def seed_pdf(db, tmp_path):
    call_command("import_report", str(SEED))
    agency = Agency.objects.get(slug="rangsit")
    path = tmp_path / "report.pdf"
    path.write_bytes(document.render_pdf(document.render_html(agency, 2568)))
    return path


def test_every_cell_of_the_original_reads_back_in_order(seed_pdf):
    columns = column_texts(seed_pdf)
    rows = seed_rows()
    assert len(rows) == 5
    for column, text in enumerate(columns):
        position = 0
        for row in rows:
            found = text.find(row[column], position)
            assert found >= 0, f"row {row[0]} column {column + 1}: {row[column]!r} not in order"
            position = found + len(row[column])


def test_every_page_starts_with_the_title_lines_and_the_header(seed_pdf):
    with pdfplumber.open(seed_pdf) as pdf:
        pages = len(pdf.pages)
    assert pages >= 2
    for number in range(1, pages + 1):
        text = squeeze(pdftotext(seed_pdf, "-f", str(number), "-l", str(number)))
        assert text.startswith(
            "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
            "ประจำปีงบประมาณพ.ศ.๒๕๖๘"
            "เทศบาลนครรังสิตอำเภอธัญบุรีจังหวัดปทุมธานี"
        )
        assert f"หน้า{'๐๑๒๓๔๕๖๗๘๙'[number]}/{'๐๑๒๓๔๕๖๗๘๙'[pages]}" in text


def test_sara_am_reads_back_as_sara_am(seed_pdf):
    text = pdftotext(seed_pdf)
    assert "ดำเนินการ" in text
    assert "ดาเนินการ" not in text
    cells = "".join(column_texts(seed_pdf))
    assert cells.count("ำ") == sum(cell.count("ำ") for row in seed_rows() for cell in row)


def test_no_arabic_digit_is_printed_outside_urls(seed_pdf):
    text = re.sub(r"https?://\S+", "", pdftotext(seed_pdf))
    assert re.findall(r".{0,20}[0-9].{0,20}", text) == []
