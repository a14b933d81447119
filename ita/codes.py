"""ITA question and item codes as staff type them, turned into the one spelling we store.

Indicators are stored as IND1-IND10, survey questions and OIT items as i10, e5, o14.
"""

import re

from thai.calendar import to_arabic_digits, to_thai_digits

PATTERN = re.compile(r"(?P<prefix>ind|ตัวชี้วัดที่|ตัวชี้วัด|[ieo]|0)(?P<number>[0-9]+)")

# Indicators first, then the staff survey, the public survey and the open-data items.
PREFIX_ORDER = {"IND": 0, "i": 1, "e": 2, "o": 3}


def canonical_code(text):
    """ "o14", "O14", "๐๑๔" and "014" all give "o14"; "i๑๐" gives "i10"; "ตัวชี้วัดที่ ๗" gives
    "IND7". Reports type the letter o as the digit ๐, so a leading zero is read as o."""
    cleaned = re.sub(r"\s+", "", to_arabic_digits(text)).lower().removeprefix("ข้อ")
    match = PATTERN.fullmatch(cleaned)
    if match is None or int(match["number"]) == 0:
        raise ValueError(f'ไม่รู้จักรหัส "{text}" กรุณาพิมพ์เช่น i10, o14, ๐๑๔ (ข้อ o14) หรือ IND7 (ตัวชี้วัดที่ 7)')
    prefix = match["prefix"]
    if prefix.startswith(("ind", "ตัวชี้วัด")):
        prefix = "IND"
    elif prefix == "0":
        prefix = "o"
    return f"{prefix}{int(match['number'])}"


def sort_key(code):
    """A string that sorts canonical codes the way the ITA manual lists them (o2 before o10)."""
    match = re.fullmatch(r"(IND|[ieo])([0-9]+)", code)
    if match is None:
        return code
    return f"{PREFIX_ORDER[match[1]]}-{int(match[2]):04d}"


def is_indicator(code):
    return code.startswith("IND")


def display_code(code):
    """How a report writes the code: "ตัวชี้วัดที่ ๗" for IND7, "ข้อ o๑๔" for o14."""
    if is_indicator(code):
        return f"ตัวชี้วัดที่ {to_thai_digits(code.removeprefix('IND'))}"
    return f"ข้อ {to_thai_digits(code)}"
