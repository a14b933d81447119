"""A 50-measure report, with a row taller than a page: every page carries the title lines
and the header row, and the last page carries the signature block."""

import subprocess
from datetime import date

import pdfplumber
import pytest

from measures.models import Measure, Result, Step
from reports import document
from reports.models import ReportSignature
from tests.test_report_golden import rules

TITLE = (
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    "ประจำปีงบประมาณพ.ศ.๒๕๖๘"
    "เทศบาลนครรังสิตอำเภอธัญบุรีจังหวัดปทุมธานี"
)
HEADERS = [
    "ที่",
    "มาตรการ/โครงการ/กิจกรรม",
    "ขั้นตอน/วิธีการปฏิบัติ",
    "ระยะเวลาดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผลการดำเนินการ",
    "ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ",
]
STEP = "ปรับปรุงขั้นตอนการปฏิบัติงานให้มีความชัดเจนและประชาสัมพันธ์ให้ประชาชนทราบ ณ จุดให้บริการ"


def squeeze(text):
    return "".join(text.split())


def pdftotext(path, *options):
    command = ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def table_lines(page):
    """The x of the table's column lines and the y of its row lines (short dotted signature
    lines left out), and where the column lines end."""
    lines = [e for e in page.edges if e["x1"] - e["x0"] > 20 or e["bottom"] - e["top"] > 20]
    xs = rules(round(e["x0"]) for e in lines if e["orientation"] == "v")
    ys = rules(round(e["top"]) for e in lines if e["orientation"] == "h")
    end = max(e["bottom"] for e in lines if e["orientation"] == "v")
    return xs, ys, round(end)


def column_cells(path, page_number, page, top, bottom):
    """The text of each column of the table between two heights of one page."""
    xs = table_lines(page)[0]
    cells = []
    for left, right in zip(xs, xs[1:], strict=False):
        box = ["-x", left, "-y", top, "-W", right - left, "-H", bottom - top]
        page_range = ["-f", page_number, "-l", page_number]
        cells.append(squeeze(pdftotext(path, *map(str, box + page_range))))
    return cells


def header_cells(path, page_number, page):
    ys = table_lines(page)[1]
    return column_cells(path, page_number, page, ys[0], ys[1])


def body_columns(path):
    columns = [""] * 7
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            _, ys, end = table_lines(page)
            for column, text in enumerate(column_cells(path, number, page, ys[1], end)):
                columns[column] += text
    return columns


@pytest.fixture
def long_report(agency, strategy_division, finance_division, tmp_path):
    for number in range(1, 51):
        measure = Measure.objects.create(
            agency=agency,
            fiscal_year=2568,
            number=number,
            titles=f"มาตรการที่ {number} การสร้างความเชื่อมั่นให้กับผู้มาติดต่อหรือมารับบริการ",
            started_on=date(2024, 10, 1),
            ended_on=date(2025, 9, 30),
            outcome="ประชาชนได้รับความสะดวกในการเข้าถึงบริการของหน่วยงาน",
        )
        measure.responsible_divisions.set([strategy_division, finance_division])
        # Measure ๑๐ is taller than a page; the others take one to four steps.
        steps = 45 if number == 10 else number % 4 + 1
        Step.objects.bulk_create(
            Step(measure=measure, position=position, text=STEP) for position in range(steps)
        )
        Result.objects.create(measure=measure, text=f"ดำเนินการแล้ว <b>ครั้งที่ {number}</b>")
    ReportSignature.objects.create(
        agency=agency,
        fiscal_year=2568,
        reporter_name="นางสาวผู้รายงาน ทดสอบ",
        reporter_position="นักวิเคราะห์นโยบายและแผน",
        signed_on=date(2025, 10, 9),
    )
    path = tmp_path / "long.pdf"
    path.write_bytes(document.render_pdf(document.render_html(agency, 2568)))
    return path


def test_every_page_carries_the_title_lines_and_the_header_row(long_report):
    with pdfplumber.open(long_report) as pdf:
        assert len(pdf.pages) > 10
        for number, page in enumerate(pdf.pages, start=1):
            text = squeeze(pdftotext(long_report, "-f", str(number), "-l", str(number)))
            assert text.startswith(TITLE), f"page {number}"
            assert header_cells(long_report, number, page) == HEADERS, f"page {number}"


def test_only_the_last_page_carries_the_signature_block(long_report):
    with pdfplumber.open(long_report) as pdf:
        pages = len(pdf.pages)
    for number in range(1, pages + 1):
        text = squeeze(pdftotext(long_report, "-f", str(number), "-l", str(number)))
        if number < pages:
            assert "ผู้รายงาน" not in text
        else:
            assert "ผู้รายงาน" in text
            assert "(นางสาวผู้รายงานทดสอบ)" in text
            assert "(นายทดสอบผู้บริหาร)" in text
            assert "นายกเทศมนตรีนครรังสิต" in text
            assert "วันที่๙ตุลาคม๒๕๖๘" in text


def test_the_row_taller_than_a_page_is_printed_whole(long_report):
    steps = body_columns(long_report)[2]
    assert steps.count(squeeze(STEP)) == 45 + sum(n % 4 + 1 for n in range(1, 51) if n != 10)
    numbered = "".join(f"{n}.{squeeze(STEP)}" for n in range(1, 46))
    assert numbered.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in steps
