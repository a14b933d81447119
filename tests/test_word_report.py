"""The report as a Word document: the seed's every cell in order under the seven column
headers, the title and header rows repeated on every page, Thai digits, the report's font,
A4 landscape; downloadable beside the PDF and from render_report."""

import io
import re

import pytest
from django.core.management import call_command
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from measures.models import Agency
from reports import docx
from tests.test_report_golden import SEED, seed_rows, squeeze

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@pytest.fixture
def seed(db):
    call_command("import_report", str(SEED), stdout=io.StringIO())
    return Agency.objects.get(slug="rangsit")


@pytest.fixture
def word(seed):
    return Document(io.BytesIO(docx.render_docx(seed, 2568)))


def cell_text(cell):
    return "\n".join(paragraph.text for paragraph in cell.paragraphs)


def test_every_cell_of_the_seed_is_in_its_column_in_order(word):
    table = word.tables[0]
    body = table.rows[2:]
    rows = seed_rows()
    assert len(body) == len(rows) == 5
    for number, (row, expected) in enumerate(zip(body, rows, strict=True), start=1):
        for column, cell in enumerate(row.cells):
            assert squeeze(cell_text(cell)) == expected[column], f"row {number} column {column}"


def test_the_title_and_the_column_headers_repeat_on_every_page(word):
    rows = word.tables[0].rows
    repeated = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in rows
    ]
    assert repeated == [True, True] + [False] * (len(rows) - 2)
    title = [p.text for p in rows[0].cells[0].paragraphs]
    assert title == [
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๘",
        "เทศบาลนครรังสิต อำเภอธัญบุรี จังหวัดปทุมธานี",
    ]
    assert [cell.text for cell in rows[1].cells] == [
        "ที่",
        "มาตรการ/โครงการ/กิจกรรม",
        "ขั้นตอน/วิธีการปฏิบัติ",
        "ระยะเวลาดำเนินการ",
        "ผู้รับผิดชอบ",
        "ผลการดำเนินการ",
        "ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ",
    ]


def test_no_arabic_digit_outside_urls(word):
    texts = [cell_text(cell) for row in word.tables[0].rows for cell in row.cells]
    text = re.sub(r"https?://\S+", "", "\n".join(texts))
    assert re.findall(r".{0,20}[0-9].{0,20}", text) == []
    assert "๑" in text


def test_the_report_font_and_a4_landscape(word):
    fonts = word.styles["Normal"].element.rPr.rFonts
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "cs")} == {"Laksaman ITA"}
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    # Word stores twips: millimetres come back within a fraction.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_bold_markup_becomes_bold_runs(seed):
    measure = seed.measures.get(number=2)
    measure.outcome = "ก่อน <b>ตัวหนา 12</b> หลัง"
    measure.save()
    word = Document(io.BytesIO(docx.render_docx(seed, 2568)))
    runs = word.tables[0].rows[3].cells[6].paragraphs[0].runs
    assert [(run.text, bool(run.bold)) for run in runs] == [
        ("ก่อน ", False),
        ("ตัวหนา ๑๒", True),
        (" หลัง", False),
    ]


def test_an_empty_year_says_so(seed):
    word = Document(io.BytesIO(docx.render_docx(seed, 2569)))
    assert word.tables[0].rows[2].cells[0].text == "ยังไม่มีมาตรการในปีงบประมาณนี้"


def test_render_report_writes_the_docx(seed, tmp_path):
    path = tmp_path / "report.docx"
    call_command(
        "render_report",
        "rangsit",
        "2568",
        "--format",
        "docx",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    assert len(Document(str(path)).tables[0].rows) == 7


URL = "/reports/rangsit/2568/docx/"


def test_the_report_page_links_the_word_file_beside_the_pdf(client, coordinator):
    client.force_login(coordinator)
    page = client.get("/reports/rangsit/2568/").content.decode()
    assert (
        '<a href="/reports/rangsit/2568/pdf/">ดาวน์โหลด PDF</a>\n'
        '<a href="/reports/rangsit/2568/docx/">ดาวน์โหลด Word</a>' in page
    )


@pytest.mark.parametrize(
    "user, status",
    [
        ("coordinator", 200),
        ("officer", 200),
        ("strategy_officer", 200),
        ("executive", 200),
        ("admin_user", 200),
        ("other_coordinator", 404),
        ("other_officer", 404),
        ("roleless", 404),
    ],
)
def test_who_may_download_the_word_file(client, request, agency, user, status):
    client.force_login(request.getfixturevalue(user))
    response = client.get(URL)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == docx.CONTENT_TYPE
        assert response["Content-Disposition"] == (
            'attachment; filename="ita-report-rangsit-2568.docx"'
        )


def test_anonymous_is_sent_to_log_in(client, agency):
    assert client.get(URL).status_code == 302
