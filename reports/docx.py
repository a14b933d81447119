"""The annual report as an editable Word document (.docx), from the rows the HTML report uses.

Same seven columns, the three title lines and the column headers repeated at the top of every
page (w:tblHeader), Thai digits outside URLs, the report's font named, A4 landscape.
"""

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from reports import document
from reports.templatetags.report import URL, printable, web_url
from thai.calendar import fiscal_period, long_date, to_thai_digits

# The family report.css names; Word uses it where installed (static/fonts/), else a substitute.
FONT = "Laksaman ITA"
# report.css: 10.667pt of Laksaman reads as TH Sarabun 16 pt; Word sizes go by half points.
FONT_SIZE = Pt(10.5)
TITLE = "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
COLUMNS = [
    ("ที่", 4),
    ("มาตรการ/โครงการ/กิจกรรม", 16),
    ("ขั้นตอน/วิธีการปฏิบัติ", 19),
    ("ระยะเวลาดำเนินการ", 10),
    ("ผู้รับผิดชอบ", 11),
    ("ผลการดำเนินการ", 22),
    ("ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ", 18),
]
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(20)
BULLET = "●"
NO_BREAK_SPACE = "\u00a0"
# Staff may type <b>…</b>; every other "<" is text, as in the HTML report.
BOLD = re.compile(r"(</?(?:b|strong)>)", re.IGNORECASE)


def render_docx(agency, fiscal_year):
    report = document.context(agency, fiscal_year)
    doc = Document()
    set_page(doc.sections[0])
    set_font(doc)
    table = doc.add_table(rows=0, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    title_row(table, agency, fiscal_year)
    header_row(table)
    for measure in report["measures"]:
        measure_row(table, agency, measure)
    if not report["measures"]:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        write(merged.paragraphs[0], "ยังไม่มีมาตรการในปีงบประมาณนี้")
    set_widths(table)
    if report["signature"]:
        signatures(doc, report["signature"])
    output = io.BytesIO()
    doc.save(output)
    return output.getvalue()


def set_page(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    # "หน้า ๑ / ๓" at the foot, as the PDF: Word's ThaiArabic switch prints Thai digits.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("หน้า ")
    field(footer, r"PAGE \* ThaiArabic", "๑")
    footer.add_run(" / ")
    field(footer, r"NUMPAGES \* ThaiArabic", "๑")


def field(paragraph, instruction, shown):
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def set_font(doc):
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = FONT_SIZE
    properties = style.element.get_or_add_rPr()
    fonts = properties.get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    # Thai is a complex script: Word sizes and shapes it by the cs settings.
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(int(FONT_SIZE.pt * 2)))
    properties.append(size)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "th-TH")
    language.set(qn("w:bidi"), "th-TH")
    properties.append(language)
    paragraph = style.paragraph_format
    paragraph.space_before = paragraph.space_after = Pt(0)


def repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def title_row(table, agency, fiscal_year):
    cells = table.add_row().cells
    cell = cells[0].merge(cells[-1])
    lines = [
        TITLE,
        f"ประจำปีงบประมาณ พ.ศ.{to_thai_digits(fiscal_year)}",
        to_thai_digits(printable(agency.full_title)),
    ]
    for number, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    repeat_as_header(table.rows[-1])


def header_row(table):
    cells = table.add_row().cells
    for cell, (name, _) in zip(cells, COLUMNS, strict=True):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].add_run(name).bold = True
    repeat_as_header(table.rows[-1])


def set_widths(table):
    usable = PAGE_WIDTH - 2 * MARGIN
    for row in table.rows:
        for cell, (_, percent) in zip(row.cells, COLUMNS, strict=True):
            cell.width = int(usable * percent / 100)


def measure_row(table, agency, measure):
    cells = table.add_row().cells
    cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(cells[0].paragraphs[0], str(measure.number))
    listed(cells[1], measure.title_lines, [BULLET] * len(measure.title_lines))
    steps = [step.text for step in measure.steps.all()]
    listed(cells[2], steps, marks(steps, measure.steps_style))
    write(cells[3].paragraphs[0], fiscal_period(measure.started_on, measure.ended_on))
    listed(cells[4], division_names(agency, measure), [])
    results(cells[5], measure)
    outcome = " ".join(text for text in (measure.outcome, measure.score_statement) if text)
    write(cells[6].paragraphs[0], outcome)


def marks(items, style):
    if style == "numbered":
        return [f"{to_thai_digits(number)}." for number in range(1, len(items) + 1)]
    return [BULLET] * len(items)


def division_names(agency, measure):
    if measure.is_every_division:
        return [f"{agency.name} ทุกสำนัก/กอง"]
    divisions = list(measure.responsible_divisions.all())
    if len(divisions) == 1:
        return [divisions[0].name]
    return [division.report_name for division in divisions]


def listed(cell, texts, list_marks):
    """One paragraph a line; a single line goes without its mark, as in the report."""
    if len(texts) == 1:
        list_marks = []
    for number, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        mark = f"{list_marks[number]}{NO_BREAK_SPACE}" if list_marks else ""
        write(paragraph, text, prefix=mark)


def results(cell, measure):
    paragraph = cell.paragraphs[0]
    if measure.results_intro:
        write(paragraph, measure.results_intro)
        paragraph = None
    items = list(measure.results.all())
    list_marks = marks(items, measure.results_style) if len(items) > 1 else []
    for number, result in enumerate(items):
        paragraph = paragraph or cell.add_paragraph()
        mark = f"{list_marks[number]}{NO_BREAK_SPACE}" if list_marks else ""
        write(paragraph, result.text, prefix=mark)
        for url in result.evidence_urls:
            if web_url(url):
                cell.add_paragraph().add_run(url)
        paragraph = None


def write(paragraph, text, prefix=""):
    """A stored text as runs: bold where <b> says, Thai digits outside URLs, line breaks
    kept, characters the font lacks replaced as in the report."""
    text = prefix + printable(text or "")
    text = re.sub(r"[ \t]+ๆ", f"{NO_BREAK_SPACE}ๆ", text)
    bold = False
    for piece in BOLD.split(text):
        if BOLD.fullmatch(piece):
            bold = not piece.startswith("</")
            continue
        for number, line in enumerate(piece.split("\n")):
            if number:
                paragraph.add_run().add_break()
            run = paragraph.add_run(thai_digits_outside_urls(line.rstrip("\r")))
            run.bold = bold or None


def thai_digits_outside_urls(text):
    pieces = re.split(f"({URL})", text)
    pieces[::2] = [to_thai_digits(piece) for piece in pieces[::2]]
    return "".join(pieces)


def signatures(doc, signature):
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    blocks = [
        ("ผู้รายงาน", signature.reporter_name, signature.reporter_position),
        ("ผู้บริหาร", signature.signing_head_name, signature.signing_head_position),
    ]
    for cell, (role, name, position) in zip(table.rows[0].cells, blocks, strict=True):
        lines = [f"(ลงชื่อ)........................................{role}", f"({name})", position]
        if signature.signed_on:
            lines.append(f"วันที่ {long_date(signature.signed_on)}")
        for number, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            write(paragraph, line)
