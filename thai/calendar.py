"""Thai calendar rules: Thai digits, Buddhist-era years, fiscal years and written dates.

Every other module asks this one; none of them adds or subtracts 543 on its own.
"""

import functools
import re
from datetime import date

BE_OFFSET = 543

# A four-digit year below this cannot be a Buddhist-era year anyone types today
# (2400 BE is 1857 CE); it is a Christian-era year typed by mistake.
LOWEST_BE_YEAR = 2400
# The years the register accepts: 2467 for 2567 is a slip of a key, not history.
EARLIEST_BE_YEAR = 2500
LATEST_BE_YEAR = 2700

MONTH_NAMES = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

MONTH_ABBREVIATIONS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

ARABIC_DIGITS = "0123456789"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


def to_thai_digits(value):
    if value is None:
        return ""
    # Ten replace() calls, not translate(), which looks every character up in its table:
    # on a whole page's text that is some fifteen times slower.
    text = str(value)
    for arabic, thai in zip(ARABIC_DIGITS, THAI_DIGITS, strict=True):
        text = text.replace(arabic, thai)
    return text


# Tags and character references (&#39;) must keep their Arabic digits or the HTML breaks.
HTML_MARKUP = r"<[^>]*>|&#?[0-9A-Za-z]+;"
# Joins the text between tags for one conversion; never in a page (PostgreSQL refuses it).
TEXT_SEPARATOR = "\x00"


def to_thai_digits_in_html(html, also_keep=None):
    """Thai digits in the text of an HTML fragment but never inside its markup, nor in what
    the pattern `also_keep` matches (URLs, which would stop working)."""
    pattern = f"({HTML_MARKUP}|{also_keep})" if also_keep else f"({HTML_MARKUP})"
    pieces = re.split(pattern, str(html))
    # split() with one group puts the kept pieces at odd positions, the text at even ones.
    texts = pieces[::2]
    # The texts converted in one go: a dashboard holds some ten thousand of them.
    converted = to_thai_digits(TEXT_SEPARATOR.join(texts)).split(TEXT_SEPARATOR)
    if len(converted) != len(texts):  # some text held the separator itself
        converted = [to_thai_digits(text) for text in texts]
    pieces[::2] = converted
    return "".join(pieces)


def to_arabic_digits(text):
    if text is None:
        return ""
    return str(text).translate(TO_ARABIC)


def be_year(ce_year):
    return ce_year + BE_OFFSET


def ce_year(be_year):
    return be_year - BE_OFFSET


def fiscal_year(day):
    """The BE fiscal year containing `day`: fiscal year N starts on 1 October of BE year N-1."""
    if day.month >= 10:
        return be_year(day.year) + 1
    return be_year(day.year)


def fiscal_year_start(be_year):
    return date(ce_year(be_year) - 1, 10, 1)


def fiscal_year_end(be_year):
    return date(ce_year(be_year), 9, 30)


def long_date(day):
    if day is None:
        return ""
    text = f"{day.day} {MONTH_NAMES[day.month - 1]} {be_year(day.year)}"
    return to_thai_digits(text)


@functools.lru_cache(maxsize=4096)  # a page writes the same few dates hundreds of times
def short_date(day):
    if day is None:
        return ""
    # The report writes the month and the two-digit year with no space between them.
    text = f"{day.day} {MONTH_ABBREVIATIONS[day.month - 1]}{be_year(day.year) % 100:02d}"
    return to_thai_digits(text)


def numeric_date(day):
    """The admin's form: Arabic digits, because that is what people type on a keyboard."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day.year)}"


def fiscal_period(started_on, ended_on):
    """The report's period column, e.g. "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ต.ค.๖๗-๓๐ ก.ย.๖๘"."""
    if started_on is None and ended_on is None:
        return ""
    if ended_on is None:
        year = to_thai_digits(fiscal_year(started_on))
        return f"ปีงบประมาณ พ.ศ.{year} ตั้งแต่ {short_date(started_on)}"
    if started_on is None:
        year = to_thai_digits(fiscal_year(ended_on))
        return f"ปีงบประมาณ พ.ศ.{year} ถึง {short_date(ended_on)}"
    first_year = fiscal_year(started_on)
    last_year = fiscal_year(ended_on)
    years = str(first_year)
    if last_year > first_year:
        years = f"{first_year}-{last_year}"
    dates = f"{short_date(started_on)}-{short_date(ended_on)}"
    return f"ปีงบประมาณ พ.ศ.{to_thai_digits(years)} {dates}"


def _month_pattern():
    # Full names first, so that a name is never read as a shorter abbreviation.
    names = [re.escape(name) for name in MONTH_NAMES + MONTH_ABBREVIATIONS]
    return "|".join(names)


# Matched against text already turned into Arabic digits. The look-arounds keep "๑๒๓ ธ.ค."
# from being read as the 23rd and a year from being cut out of a longer number.
WRITTEN_DATE = re.compile(
    rf"(?<![0-9])(?P<day>[0-9]{{1,2}})\s*(?P<month>{_month_pattern()})"
    r"\s*(?:พ\.ศ\.)?\s*(?P<year>[0-9]{4}|[0-9]{2})(?![0-9])"
)

NUMERIC_DATE = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<separator>[/-])(?P<month>[0-9]{1,2})(?P=separator)(?P<year>[0-9]{4})"
    r"|(?P<iso_year>[0-9]{4})-(?P<iso_month>[0-9]{1,2})-(?P<iso_day>[0-9]{1,2})"
)


def _be_date(be_year, month, day):
    """A date from BE year, month and day; the messages are for the person who typed them."""
    if be_year < LOWEST_BE_YEAR:
        raise ValueError(f"ปี {be_year} เป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช เช่น {be_year + BE_OFFSET}")
    if not EARLIEST_BE_YEAR <= be_year <= LATEST_BE_YEAR:
        raise ValueError(
            f"ปี พ.ศ. {be_year} อยู่นอกช่วงที่ระบบรับ ({EARLIEST_BE_YEAR}-{LATEST_BE_YEAR}) "
            "กรุณาตรวจสอบปีอีกครั้ง"
        )
    try:
        return date(ce_year(be_year), month, day)
    except ValueError:
        raise ValueError(f"วันที่ {day:02d}/{month:02d}/{be_year} ไม่มีในปฏิทิน") from None


def _written_date(match):
    month_name = match["month"]
    if month_name in MONTH_NAMES:
        month = MONTH_NAMES.index(month_name) + 1
    else:
        month = MONTH_ABBREVIATIONS.index(month_name) + 1
    year = int(match["year"])
    if len(match["year"]) == 2:
        # The report's two-digit years are all in the 2500s (๖๗ is 2567).
        year += 2500
    return _be_date(year, month, int(match["day"]))


def parse_thai_date(text):
    """Parse a written date such as "๒๔ ธ.ค.๖๗" or "๑๒ ธันวาคม พ.ศ.๒๕๖๗"."""
    match = WRITTEN_DATE.fullmatch(to_arabic_digits(text).strip())
    if match is None:
        raise ValueError(f'อ่านวันที่ "{text}" ไม่ได้')
    return _written_date(match)


def find_thai_dates(text):
    """Every written date in free text, in order. Dates not in the calendar are skipped."""
    found = []
    for match in WRITTEN_DATE.finditer(to_arabic_digits(text)):
        try:
            found.append(_written_date(match))
        except ValueError:
            continue
    return found


def parse_numeric_be_date(text):
    """Parse "24/12/2567", "24-12-2567" or "2567-12-24", in Thai or Arabic digits."""
    match = NUMERIC_DATE.fullmatch(to_arabic_digits(text).strip())
    if match is None:
        raise ValueError(f'อ่านวันที่ "{text}" ไม่ได้ กรุณากรอกในรูปแบบ วว/ดด/ปปปป เช่น 24/12/2567')
    if match["year"]:
        return _be_date(int(match["year"]), int(match["month"]), int(match["day"]))
    return _be_date(int(match["iso_year"]), int(match["iso_month"]), int(match["iso_day"]))
