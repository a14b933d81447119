"""One agency's register of one fiscal year as an Excel workbook, and the workbook read back
into plain values (measures.excel_import writes them into the register).

A measure is found by its number within the agency's year, a step or result by its position
within the measure. Every cell the file gets wrong is a Problem naming sheet, row and column.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from measures.models import Measure, Result, Step
from thai.calendar import numeric_date, parse_numeric_be_date, to_arabic_digits

INFO_SHEET = "ข้อมูลไฟล์"
MEASURES_SHEET = "มาตรการ"
STEPS_SHEET = "ขั้นตอน"
RESULTS_SHEET = "ผลการดำเนินการ"

AGENCY_LABEL = "ชื่อย่อหน่วยงาน"
AGENCY_NAME_LABEL = "หน่วยงาน"
YEAR_LABEL = "ปีงบประมาณ (พ.ศ.)"


def label(model, name):
    return str(model._meta.get_field(name).verbose_name)


# (field, header, column width). The importer finds columns by these headers.
MEASURE_COLUMNS = [
    ("number", label(Measure, "number"), 9),
    ("titles", label(Measure, "titles"), 50),
    ("steps_style", label(Measure, "steps_style"), 18),
    ("started_on", f"{label(Measure, 'started_on')} (วว/ดด/ปปปป)", 14),
    ("ended_on", f"{label(Measure, 'ended_on')} (วว/ดด/ปปปป)", 14),
    ("responsible_divisions", "ผู้รับผิดชอบ (สำนัก/กอง บรรทัดละหนึ่ง)", 32),
    ("is_every_division", label(Measure, "is_every_division"), 14),
    ("results_intro", label(Measure, "results_intro"), 30),
    ("results_style", label(Measure, "results_style"), 18),
    ("outcome", label(Measure, "outcome"), 40),
    ("status", label(Measure, "status"), 16),
    ("progress", label(Measure, "progress"), 12),
    ("indicators", "ตัวชี้วัด ITA (รหัส (ปีที่ประเมิน) บรรทัดละหนึ่ง)", 24),
    ("states_scores", label(Measure, "states_scores"), 14),
]
STEP_COLUMNS = [
    ("number", "ลำดับที่มาตรการ", 10),
    ("position", "ลำดับขั้นตอน", 10),
    ("text", label(Step, "text"), 70),
]
RESULT_COLUMNS = [
    ("number", "ลำดับที่มาตรการ", 10),
    ("position", "ลำดับผล", 10),
    ("text", label(Result, "text"), 60),
    ("done_on", f"{label(Result, 'done_on')} (วว/ดด/ปปปป)", 14),
    ("evidence_links", label(Result, "evidence_links"), 40),
]
SHEETS = {MEASURES_SHEET: MEASURE_COLUMNS, STEPS_SHEET: STEP_COLUMNS, RESULTS_SHEET: RESULT_COLUMNS}

YES, NO = "ใช่", "ไม่ใช่"
# An indicator as "o14 (2568)": its code and its assessment year.
INDICATOR = re.compile(r"(?P<code>.+?)\s*\((?P<year>[0-9]{4})\)")

CHOICES = {
    "steps_style": Measure.ListStyle.labels,
    "results_style": Measure.ListStyle.labels,
    "status": Measure.Status.labels,
    "is_every_division": [YES, NO],
    "states_scores": [YES, NO],
}

# Excel and LibreOffice read a typed cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_FILE_BYTES = 1_000_000
MAX_UNPACKED_BYTES = 50_000_000
MAX_MEASURES = 1000
MAX_ITEMS = 100  # steps or results of one measure, as the admin allows


# --- Export ---------------------------------------------------------------------------


def export_workbook(agency, fiscal_year):
    """The register of the agency's year as .xlsx bytes."""
    measures = Measure.objects.for_report(agency, fiscal_year).prefetch_related(
        "indicators__assessment_year"
    )
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    for row, (name, value) in enumerate(
        [(AGENCY_LABEL, agency.slug), (AGENCY_NAME_LABEL, agency.name), (YEAR_LABEL, fiscal_year)],
        start=1,
    ):
        write(info, row, 1, name).font = Font(bold=True)
        write(info, row, 2, value)
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 40
    sheets = {name: start_sheet(book, name, columns) for name, columns in SHEETS.items()}
    for measure in measures:
        values = measure_values(measure)
        values["responsible_divisions"] = "\n".join(values["responsible_divisions"])
        values["indicators"] = "\n".join(values["indicators"])
        add_row(sheets[MEASURES_SHEET], MEASURE_COLUMNS, values)
        for step in measure.steps.all():
            add_row(
                sheets[STEPS_SHEET],
                STEP_COLUMNS,
                {"number": measure.number, "position": step.position, "text": step.text},
            )
        for result in measure.results.all():
            add_row(
                sheets[RESULTS_SHEET],
                RESULT_COLUMNS,
                {"number": measure.number, "position": result.position, **result_values(result)},
            )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def filename(agency, fiscal_year):
    return f"ita-register-{agency.slug}-{fiscal_year}.xlsx"


def measure_values(measure):
    """The measure as the file writes it (lists for the divisions and the ITA items)."""
    return {
        "number": measure.number,
        "titles": measure.titles,
        "steps_style": measure.get_steps_style_display(),
        "started_on": numeric_date(measure.started_on),
        "ended_on": numeric_date(measure.ended_on),
        "responsible_divisions": [d.name for d in measure.responsible_divisions.all()],
        "is_every_division": YES if measure.is_every_division else NO,
        "results_intro": measure.results_intro,
        "results_style": measure.get_results_style_display(),
        "outcome": measure.outcome,
        "status": measure.get_status_display(),
        "progress": measure.progress,
        "indicators": sorted(indicator_name(i) for i in measure.indicators.all()),
        "states_scores": YES if measure.states_scores else NO,
    }


def indicator_name(indicator):
    return f"{indicator.code} ({indicator.assessment_year.year_be})"


def result_values(result):
    return {
        "text": result.text,
        "done_on": numeric_date(result.done_on),
        "evidence_links": result.evidence_links,
    }


def start_sheet(book, name, columns):
    sheet = book.create_sheet(name)
    for column, (_, header, width) in enumerate(columns, start=1):
        write(sheet, 1, column, header).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    # Excel and LibreOffice offer these columns' values as a drop-down list.
    for column, (name, _, _) in enumerate(columns, start=1):
        if name in CHOICES:
            listed = ",".join(CHOICES[name])
            validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
            validation.error = f"กรุณาเลือก {listed}"
            letter = get_column_letter(column)
            validation.add(f"{letter}2:{letter}{MAX_MEASURES + 1}")
            sheet.add_data_validation(validation)
    return sheet


def add_row(sheet, columns, values):
    row = sheet.max_row + 1
    for column, (name, _, _) in enumerate(columns, start=1):
        write(sheet, row, column, values[name])


def write(sheet, row, column, value):
    """A cell holding exactly the value: text stays text, even text Excel would calculate."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        # openpyxl refuses control characters the file format cannot hold.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # openpyxl takes "=…" for a formula; as a string cell it is stored as typed, and
        # the quote prefix (Excel's own leading apostrophe) keeps it text when edited.
        cell.data_type = "s"
        cell.number_format = "@"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        cell.alignment = Alignment(vertical="top")
    return cell


# --- Reading the file --------------------------------------------------------------------


@dataclass
class Problem:
    """A refused cell or row, in the words the preview prints."""

    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self):
        place = f'แผ่นงาน "{self.sheet}"'
        if self.row:
            place += f" แถวที่ {self.row}"
        if self.column:
            place += f" คอลัมน์ {self.column}"
        return f"{place}: {self.message}"


@dataclass
class Row:
    sheet: str
    number: int  # the row in the sheet
    values: dict
    columns: dict  # field -> "C (header)"
    refused: bool = False  # a cell of it was already refused


@dataclass
class RegisterFile:
    slug: str = ""
    fiscal_year: int | None = None
    measures: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)  # measure number -> {position: Row}
    results: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    # Measures whose row could not be read: their steps and results are not "orphans".
    unread: set = field(default_factory=set)


class FileRefused(Exception):
    """The file is not a register workbook at all; the message says why, in Thai."""


def open_workbook(data):
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(item.file_size for item in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRefused("ไฟล์ขยายออกแล้วใหญ่เกินกว่าที่ระบบรับ")
        return load_workbook(io.BytesIO(data), data_only=False)
    except FileRefused:
        raise
    except Exception:  # openpyxl raises many kinds of error for a damaged or foreign file
        raise FileRefused("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ กรุณาใช้ไฟล์ที่ส่งออกจากระบบ") from None


def read_workbook(data):
    book = open_workbook(data)
    parsed = RegisterFile()
    for name in [INFO_SHEET, *SHEETS]:
        if name not in book.sheetnames:
            parsed.problems.append(Problem(name, None, "", "ไม่พบแผ่นงานนี้ในไฟล์"))
    if parsed.problems:
        return parsed
    read_info(book[INFO_SHEET], parsed)
    for row in read_rows(book[MEASURES_SHEET], MEASURE_COLUMNS, parsed.problems):
        read_measure(row, parsed)
    for sheet, items in [(STEPS_SHEET, parsed.steps), (RESULTS_SHEET, parsed.results)]:
        for row in read_rows(book[sheet], SHEETS[sheet], parsed.problems):
            read_item(row, items, parsed)
    return parsed


def read_info(sheet, parsed):
    found = {}
    for row in sheet.iter_rows(min_row=1, max_col=2):
        if isinstance(row[0].value, str):
            found[row[0].value.strip()] = (row[1].row, row[1].value)
    for name in (AGENCY_LABEL, YEAR_LABEL):
        if name not in found or found[name][1] in (None, ""):
            parsed.problems.append(Problem(INFO_SHEET, None, "B", f'ไม่พบ "{name}"'))
    if parsed.problems:
        return
    parsed.slug = str(found[AGENCY_LABEL][1]).strip()
    row, year = found[YEAR_LABEL]
    try:
        parsed.fiscal_year = whole_number(year)
    except ValueError as error:
        parsed.problems.append(Problem(INFO_SHEET, row, "B", str(error)))


def read_rows(sheet, columns, problems):
    """Each filled row of the sheet as a Row of stripped-down values, found by the headers."""
    headers = {str(cell.value).strip(): cell.column for cell in sheet[1] if cell.value is not None}
    where = {}
    for name, header, _ in columns:
        if header not in headers:
            problems.append(Problem(sheet.title, 1, "", f'ไม่พบหัวคอลัมน์ "{header}"'))
            continue
        where[name] = (headers[header], f"{get_column_letter(headers[header])} ({header})")
    if len(where) < len(columns):
        return []
    rows = []
    for cells in sheet.iter_rows(min_row=2):
        by_column = {cell.column: cell for cell in cells}
        values, refused = {}, False
        for name, (column, column_name) in where.items():
            cell = by_column.get(column)
            if cell is not None and cell.data_type == "f":
                problems.append(
                    Problem(
                        sheet.title,
                        cell.row,
                        column_name,
                        "ช่องนี้เป็นสูตรคำนวณ กรุณาพิมพ์เป็นข้อความหรือตัวเลข",
                    )
                )
                refused = True
            values[name] = None if cell is None else cell.value
        if all(value in (None, "") for value in values.values()):
            continue
        columns = {name: column_name for name, (_, column_name) in where.items()}
        rows.append(Row(sheet.title, cells[0].row, values, columns, refused))
    return rows


def whole_number(value):
    if value is None or value == "":
        raise ValueError("ต้องกรอกตัวเลข")
    if isinstance(value, bool):
        raise ValueError("ต้องเป็นตัวเลข")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = to_arabic_digits(value).strip()
    if not text.isdecimal():
        raise ValueError(f'"{value}" ไม่ใช่ตัวเลขจำนวนเต็ม')
    return int(text)


def text(value):
    """A text cell as stored: Excel may give line ends as \\r\\n."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n")


def be_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):  # a date Excel took as a date: its own calendar, CE
        return value.date()
    if isinstance(value, date):
        return value
    return parse_numeric_be_date(str(value))


def choice(value, choices):
    typed = text(value).strip()
    for key, name in choices:
        if typed in (key, name):
            return key
    names = ", ".join(f'"{name}"' for _, name in choices)
    raise ValueError(f'"{typed}" ไม่ใช่ค่าที่เลือกได้ (เลือก {names})')


def yes_no(value):
    typed = text(value).strip()
    if typed in (YES, "TRUE", "True", "1"):
        return True
    if typed in (NO, "", "FALSE", "False", "0"):
        return False
    raise ValueError(f'กรุณากรอก "{YES}" หรือ "{NO}"')


def lines(value):
    return [line.strip() for line in text(value).splitlines() if line.strip()]


MEASURE_READERS = {
    "number": whole_number,
    "titles": text,
    "steps_style": lambda v: choice(v, Measure.ListStyle.choices),
    "started_on": be_date,
    "ended_on": be_date,
    "responsible_divisions": lines,
    "is_every_division": yes_no,
    "results_intro": text,
    "results_style": lambda v: choice(v, Measure.ListStyle.choices),
    "outcome": text,
    "status": lambda v: choice(v, Measure.Status.choices),
    "progress": whole_number,
    "indicators": lines,
    "states_scores": yes_no,
}
ITEM_READERS = {
    "number": whole_number,
    "position": whole_number,
    "text": text,
    "done_on": be_date,
    "evidence_links": text,
}


def convert(row, readers, problems):
    """The row's values read by `readers`; a value that cannot be read is a problem."""
    converted, ok = {}, True
    for name, value in row.values.items():
        try:
            converted[name] = readers[name](value)
        except ValueError as error:
            problems.append(Problem(row.sheet, row.number, row.columns[name], str(error)))
            ok = False
    if ok and converted.get("number", 1) < 1:
        problems.append(Problem(row.sheet, row.number, row.columns["number"], "ต้องมากกว่า 0"))
        ok = False
    row.values = converted
    return ok


def read_measure(row, parsed):
    if not convert(row, MEASURE_READERS, parsed.problems) or row.refused:
        if "number" in row.values:
            parsed.unread.add(row.values["number"])
        return
    number = row.values["number"]
    if any(other.values["number"] == number for other in parsed.measures):
        message = f"มาตรการลำดับที่ {number} ซ้ำกับแถวก่อนหน้า"
        parsed.problems.append(Problem(row.sheet, row.number, row.columns["number"], message))
    elif len(parsed.measures) >= MAX_MEASURES:
        message = f"ไฟล์หนึ่งมีมาตรการได้ไม่เกิน {MAX_MEASURES} มาตรการ"
        parsed.problems.append(Problem(row.sheet, row.number, "", message))
    else:
        parsed.measures.append(row)


def read_item(row, items, parsed):
    if not convert(row, ITEM_READERS, parsed.problems) or row.refused:
        return
    number, position = row.values["number"], row.values["position"]
    of_measure = items.setdefault(number, {})
    if position in of_measure:
        message = f"ลำดับ {position} ของมาตรการลำดับที่ {number} ซ้ำกับแถวก่อนหน้า"
        parsed.problems.append(Problem(row.sheet, row.number, row.columns["position"], message))
    elif len(of_measure) >= MAX_ITEMS:
        message = f"มาตรการหนึ่งมีได้ไม่เกิน {MAX_ITEMS} แถวในแผ่นงานนี้"
        parsed.problems.append(Problem(row.sheet, row.number, "", message))
    else:
        of_measure[position] = row
