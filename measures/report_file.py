"""Read a year-end integrity report in the layout of the Rangsit 2568 report.

`parse_report` reads the whole text without touching the database and stops at the first
problem with a ReportFileError naming the line; `measures.report_import.save_report` then
writes everything in one transaction. The layout is described in measures/demo/README.md.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.html import strip_tags

from measures.models import Measure
from thai import calendar

CELLS_PER_ROW = 7
HEADER_FIRST_CELL = "ที่"
EVERY_DIVISION = "ทุกสำนัก/กอง"
DIVISION_PREFIXES = ("สำนัก", "กอง")
SHORT_FORM_MARK = "ฯ"
BULLET = "●"

FISCAL_YEAR_LINE = re.compile(r"(?:ประจำ)?ปีงบประมาณ\s*พ\.ศ\.\s*(?P<year>[0-9]{4})")
AGENCY_LINE = re.compile(r"(?P<name>\S.*?)\s+อำเภอ\s*(?P<district>\S+)\s+จังหวัด\s*(?P<province>\S+)")
NUMBER = re.compile(r"[0-9]+")
# "๑." opens a numbered item, but "๙๘.๒๕" at the start of a text is a decimal, not a marker.
NUMBER_MARKER = re.compile(r"[0-9๐-๙]{1,3}\.(?![0-9๐-๙])\s*")
ITEM = re.compile(r"<(li|p)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
LIST_TAG = re.compile(r"</?(?:ul|ol)\b[^>]*>", re.IGNORECASE)
PERIOD_YEARS = re.compile(r"ปีงบประมาณ\s*พ\.ศ\.\s*[0-9]{4}(?:\s*-\s*[0-9]{4})?\s*")
DATE_RANGE = re.compile(r"(?P<start>.+?)\s*[-–]\s*(?P<end>.+)")


# The seed report is 14 KB; a year's report of a large agency stays well under this, and a
# bigger file would keep the import's one transaction open for minutes.
MAX_FILE_BYTES = 2 * 1024 * 1024
# C0 and C1 controls a text file should not hold; tab, line feed and the CR of CRLF are the
# layout's own. NUL gets its own message: it usually means a binary or UTF-16 file.
CONTROL_CHARACTER = re.compile(r"[\x01-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
# Arabic-Indic (٠-٩) and Persian (۰-۹) digits look like digits but are neither Thai nor Arabic.
ARABIC_INDIC_DIGIT = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
LONE_CR = re.compile(r"\r(?!\n)")


class ReportFileError(Exception):
    def __init__(self, line_number, message):
        self.line_number = line_number
        self.message = message
        super().__init__(f"บรรทัดที่ {line_number}: {message}" if line_number else message)


@dataclass
class ParsedResult:
    text: str
    done_on: date | None


@dataclass
class ParsedMeasure:
    line_number: int
    number: int
    titles: list[str]
    steps: list[str]
    steps_style: str
    started_on: date | None
    ended_on: date | None
    division_names: list[str]
    is_every_division: bool
    results_intro: str
    results: list[ParsedResult]
    results_style: str
    outcome: str


@dataclass
class ParsedReport:
    title: str
    fiscal_year: int
    agency_name: str
    district: str
    province: str
    measures: list[ParsedMeasure] = field(default_factory=list)
    # Full division name -> the "…ฯ" form the report also uses for it.
    short_names: dict[str, str] = field(default_factory=dict)


@dataclass
class ListCell:
    intro: str
    items: list[str]
    style: str


def check_size(byte_count):
    if byte_count > MAX_FILE_BYTES:
        raise ReportFileError(
            None,
            f"ไฟล์ใหญ่ {byte_count / 1024 / 1024:.1f} MB เกินขนาดที่รับได้ "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB (รายงานหนึ่งปีมักไม่ถึง 100 KB) "
            "กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้อง หรือแบ่งไฟล์แล้วนำเข้าทีละส่วน",
        )


def check_characters(text):
    """Refuse characters that would be stored unseen or misread, naming the first line."""
    if match := LONE_CR.search(text):
        raise ReportFileError(
            text.count("\n", 0, match.start()) + 1,
            "ไฟล์ขึ้นบรรทัดด้วย CR อย่างเดียว (แบบ Mac รุ่นเก่า) ระบบอ่านเป็นบรรทัดเดียวกัน "
            "กรุณาบันทึกไฟล์ใหม่ให้ขึ้นบรรทัดแบบ LF หรือ CRLF",
        )
    for number, line in enumerate(text.split("\n"), start=1):
        if "\x00" in line:
            raise ReportFileError(
                number,
                "มีอักขระ NUL (รหัส 0) ซึ่งไม่ใช่ข้อความ ไฟล์อาจเป็นไฟล์โปรแกรมหรือบันทึกแบบ UTF-16 "
                "กรุณาบันทึกไฟล์ใหม่เป็นข้อความ UTF-8",
            )
        if match := CONTROL_CHARACTER.search(line):
            raise ReportFileError(
                number,
                f"มีอักขระควบคุม U+{ord(match[0]):04X} ที่มองไม่เห็น ในตำแหน่งที่ {match.start() + 1} "
                "กรุณาลบอักขระนี้ (มักติดมาจากการคัดลอกจากโปรแกรมอื่น) แล้วนำเข้าใหม่",
            )
        if match := ARABIC_INDIC_DIGIT.search(line):
            raise ReportFileError(
                number,
                f'มีเลขอารบิก-อินดิก "{match[0]}" ในตำแหน่งที่ {match.start() + 1} '
                "ระบบรับเฉพาะเลขไทย (๐-๙) หรือเลขอารบิก (0-9) กรุณาแก้แล้วนำเข้าใหม่",
            )


def parse_report(text):
    check_size(len(text.encode("utf-8")))
    check_characters(text)
    if not text.strip():
        raise ReportFileError(1, "ไฟล์ว่าง ไม่มีหัวรายงานและแถวข้อมูล")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    report = None
    block = []
    # The sentinel blank line closes a title block that ends the file.
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip() and "\t" not in line:
            block.append((number, line.strip()))
            continue
        if block:
            report = same_title(report, read_title_block(block))
            block = []
        if not line.strip():
            continue
        cells = line.split("\t")
        if report is None:
            raise ReportFileError(
                number,
                "ไม่พบหัวรายงานก่อนบรรทัดนี้ (ชื่อรายงาน, "
                '"ประจำปีงบประมาณ พ.ศ.…" และ "<ชื่อหน่วยงาน> อำเภอ… จังหวัด…")',
            )
        if cells[0].strip() == HEADER_FIRST_CELL:
            continue
        report.measures.append(read_row(number, cells, report))
    if not report.measures:
        last = max(n for n, line in enumerate(lines, start=1) if line.strip())
        raise ReportFileError(last, "ไม่พบแถวข้อมูลมาตรการ (แถวละ 7 ช่องคั่นด้วยแท็บ)")
    check_numbers_unique(report.measures)
    resolve_short_names(report)
    return report


def read_title_block(block):
    """Report name line(s), the fiscal-year line, then the agency line."""
    first_line = block[0][0]
    years = [i for i, (_, line) in enumerate(block) if FISCAL_YEAR_LINE.fullmatch(arabic(line))]
    if not years:
        raise ReportFileError(
            first_line,
            'หัวรายงานไม่มีปีงบประมาณ (เช่น "ประจำปีงบประมาณ พ.ศ.๒๕๖๘") หรือบรรทัดนี้เป็นแถวข้อมูลที่ไม่มีแท็บคั่นช่อง',
        )
    at = years[0]
    year_line, year_text = block[at]
    if at == 0:
        raise ReportFileError(year_line, "หัวรายงานไม่มีชื่อรายงานก่อนบรรทัดปีงบประมาณ")
    year = int(FISCAL_YEAR_LINE.fullmatch(arabic(year_text))["year"])
    if not 2500 <= year <= 2700:
        raise ReportFileError(year_line, f"ปีงบประมาณ {year} ต้องเป็นปีพุทธศักราช เช่น 2568")
    rest = block[at + 1 :]
    agency = AGENCY_LINE.fullmatch(rest[0][1]) if rest else None
    if agency is None:
        line_number = rest[0][0] if rest else year_line
        raise ReportFileError(
            line_number,
            'หัวรายงานไม่มีบรรทัดหน่วยงาน เช่น "เทศบาลนครรังสิต อำเภอธัญบุรี จังหวัดปทุมธานี"',
        )
    if len(rest) > 1:
        raise ReportFileError(rest[1][0], "บรรทัดนี้ไม่ใช่หัวรายงาน และไม่ใช่แถวข้อมูล 7 ช่องคั่นด้วยแท็บ")
    if len(agency["name"]) > 200 or max(len(agency["district"]), len(agency["province"])) > 100:
        raise ReportFileError(rest[0][0], "ชื่อหน่วยงาน อำเภอ หรือจังหวัดยาวเกินไป")
    title = " ".join(line for _, line in block[:at])
    report = ParsedReport(title, year, agency["name"], agency["district"], agency["province"])
    return first_line, report


def same_title(report, numbered_title):
    """Every page repeats the title block; a page of another year or agency is a mistake."""
    line_number, title = numbered_title
    if report is None:
        return title
    if (title.fiscal_year, title.agency_name) != (report.fiscal_year, report.agency_name):
        raise ReportFileError(
            line_number,
            f"หัวรายงานหน้านี้ ({title.agency_name} ปีงบประมาณ {title.fiscal_year}) ไม่ตรงกับ"
            f"หน้าแรก ({report.agency_name} ปีงบประมาณ {report.fiscal_year})",
        )
    return report


def read_row(line_number, cells, report):
    if len(cells) != CELLS_PER_ROW:
        raise ReportFileError(
            line_number,
            f"แถวข้อมูลมี {len(cells)} ช่อง ต้องมี {CELLS_PER_ROW} ช่องคั่นด้วยแท็บ",
        )
    number_cell, titles_cell, steps_cell, period_cell, divisions_cell, results_cell, outcome = [
        cell.strip() for cell in cells
    ]
    if not NUMBER.fullmatch(arabic(number_cell)) or not 0 < int(arabic(number_cell)) < 32768:
        raise ReportFileError(line_number, f'ลำดับที่ "{number_cell}" ไม่ใช่ตัวเลข')
    titles = read_list_cell(titles_cell)
    if not titles.items and not titles.intro:
        raise ReportFileError(line_number, "ไม่มีชื่อมาตรการ/โครงการ/กิจกรรม")
    steps = read_list_cell(steps_cell)
    started_on, ended_on = read_period(line_number, period_cell, report.fiscal_year)
    is_every_division, division_names = read_divisions(line_number, divisions_cell)
    results = read_list_cell(results_cell)
    intro_dates = find_dates(results.intro)
    return ParsedMeasure(
        line_number=line_number,
        number=int(arabic(number_cell)),
        titles=with_intro(titles),
        steps=with_intro(steps),
        steps_style=steps.style,
        started_on=started_on,
        ended_on=ended_on,
        division_names=division_names,
        is_every_division=is_every_division,
        results_intro=results.intro,
        results=[
            ParsedResult(text, (find_dates(text) or intro_dates or [None])[0])
            for text in results.items
        ],
        results_style=results.style,
        outcome=outcome,
    )


def read_list_cell(cell):
    """Split a cell into an optional lead-in and its list items, markers and tags removed.

    Items are <li>/<p> elements, "●" bullets, or "๑. ๒. …" when the cell starts with "๑.";
    anything else is one item. Unmarked items before the first marked one are the lead-in.
    """
    text = LIST_TAG.sub(" ", cell).strip()
    matches = list(ITEM.finditer(text))
    if matches:
        intro = text[: matches[0].start()].strip()
        pieces = []
        for match, following in zip(matches, matches[1:] + [None], strict=True):
            pieces.append(match[2])
            # Loose text between or after the elements is kept as an item of its own.
            pieces.append(text[match.end() : following.start() if following else len(text)])
    elif BULLET in text:
        intro, *pieces = text.split(BULLET)
        pieces = [BULLET + piece for piece in pieces]
    elif NUMBER_MARKER.match(text):
        intro, pieces = "", split_numbered(text)
    else:
        intro, pieces = "", [text]
    items, style = [], None
    for piece in (piece.strip() for piece in pieces):
        marker = BULLET if piece.startswith(BULLET) else NUMBER_MARKER.match(piece)
        if marker and style is None:
            style = Measure.ListStyle.BULLETED if marker == BULLET else Measure.ListStyle.NUMBERED
            intro = " ".join([intro, *items]).strip()
            items = []
        if marker == BULLET:
            piece = piece[len(BULLET) :].lstrip()
        elif marker:
            piece = piece[marker.end() :]
        if piece:
            items.append(piece)
    if style is None:
        has_bullets = re.search(r"<(?:ul|li)\b", cell, re.IGNORECASE)
        style = Measure.ListStyle.BULLETED if has_bullets else Measure.ListStyle.NUMBERED
    return ListCell(intro, items, style)


def split_numbered(text):
    """ "๑. ก ๒. ข" -> ["๑. ก", "๒. ข"]: only the next number in sequence opens an item."""
    pieces, start, expected = [], 0, 2
    while True:
        digits = f"(?:{expected}|{calendar.to_thai_digits(expected)})"
        following = re.compile(rf"(?<=\s){digits}\.(?![0-9๐-๙])").search(text, start + 1)
        if following is None:
            return [*pieces, text[start:]]
        pieces.append(text[start : following.start()])
        start, expected = following.start(), expected + 1


def with_intro(cell):
    """Titles and steps have no lead-in field; a lead-in becomes their first line."""
    return [cell.intro, *cell.items] if cell.intro else cell.items


def read_period(line_number, cell, fiscal_year):
    """ "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ม.ค.๖๘-๓๐ ส.ค.๖๘", or only "ตั้งแต่ …"/"ถึง …", or empty."""
    if not cell:
        return None, None
    dates = PERIOD_YEARS.sub("", arabic(cell), count=1).strip()
    try:
        if dates.startswith("ตั้งแต่"):
            started_on, ended_on = calendar.parse_thai_date(dates.removeprefix("ตั้งแต่")), None
        elif dates.startswith("ถึง"):
            started_on, ended_on = None, calendar.parse_thai_date(dates.removeprefix("ถึง"))
        elif match := DATE_RANGE.fullmatch(dates):
            started_on = calendar.parse_thai_date(match["start"])
            ended_on = calendar.parse_thai_date(match["end"])
        else:
            raise ValueError('ต้องเป็นช่วงวันที่ เช่น "๑ ต.ค.๖๗-๓๐ ก.ย.๖๘"')
    except ValueError as error:
        raise ReportFileError(line_number, f'อ่านระยะเวลาดำเนินการ "{cell}" ไม่ได้: {error}') from None
    if started_on and ended_on and ended_on < started_on:
        raise ReportFileError(line_number, f'ระยะเวลาดำเนินการ "{cell}" สิ้นสุดก่อนวันเริ่มต้น')
    first, last = calendar.fiscal_year_start(fiscal_year), calendar.fiscal_year_end(fiscal_year)
    if started_on and not first <= started_on <= last:
        raise ReportFileError(
            line_number,
            f'ระยะเวลาดำเนินการ "{cell}" เริ่มนอกปีงบประมาณ พ.ศ. {fiscal_year} ของรายงาน',
        )
    return started_on, ended_on


def read_divisions(line_number, cell):
    """Names start at a word beginning with สำนัก or กอง; other words are a wrapped tail."""
    text = strip_list_markup(cell)
    # "เทศบาลนครรังสิต ทุกสำนัก/กอง": the agency's name in front does not matter.
    if text.endswith(EVERY_DIVISION):
        return True, []
    names = []
    for word in re.split(r"[\s,]+", text):
        if not word:
            continue
        if names and not word.startswith(DIVISION_PREFIXES):
            names[-1] += word  # Thai names have no spaces; this one was only a line wrap.
        else:
            names.append(word)
    for name in names:
        if len(name) > 200:
            raise ReportFileError(line_number, f'ชื่อสำนัก/กอง "{name[:50]}…" ยาวเกินไป')
    return False, list(dict.fromkeys(names))


def strip_list_markup(cell):
    text = re.sub(r"</?(?:ul|ol|li|p)\b[^>]*>|<br\s*/?>", " ", cell, flags=re.IGNORECASE)
    return text.replace(BULLET, " ").strip()


def resolve_short_names(report):
    """ "กองยุทธศาสตร์ฯ" is the full name it starts, wherever in the file that full name is."""
    full_names = {
        name
        for measure in report.measures
        for name in measure.division_names
        if not name.endswith(SHORT_FORM_MARK)
    }
    for measure in report.measures:
        resolved = []
        for name in measure.division_names:
            if name.endswith(SHORT_FORM_MARK):
                prefix = name.removesuffix(SHORT_FORM_MARK)
                matches = sorted(n for n in full_names if n.startswith(prefix) and n != prefix)
                if len(matches) > 1:
                    raise ReportFileError(
                        measure.line_number,
                        f'ชื่อย่อ "{name}" ตรงกับหลายสำนัก/กอง: {", ".join(matches)}',
                    )
                if matches:
                    if len(name) > 100:
                        raise ReportFileError(measure.line_number, f'ชื่อย่อ "{name}" ยาวเกินไป')
                    report.short_names[matches[0]] = name
                    name = matches[0]
            resolved.append(name)
        measure.division_names = list(dict.fromkeys(resolved))


def check_numbers_unique(measures):
    seen = {}
    for measure in measures:
        if measure.number in seen:
            raise ReportFileError(
                measure.line_number,
                f"ลำดับที่ {measure.number} ซ้ำกับแถวบรรทัดที่ {seen[measure.number]}",
            )
        seen[measure.number] = measure.line_number


def find_dates(text):
    # Tags may sit between the day and the month ("๒๔ <b>ธ.ค.๖๗</b>").
    return calendar.find_thai_dates(strip_tags(text))


def arabic(text):
    return calendar.to_arabic_digits(text)
