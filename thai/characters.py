"""Which characters the official report can print.

The report is set in one font (static/fonts/LaksamanITA-*.ttf). A character it lacks would
print in whatever system font is installed, or as an empty box, and an emoji makes WeasyPrint
re-encode the text layer of the whole document. So the register refuses such a character
where it is typed, and the report prints a placeholder for one stored before.
report_characters.txt lists the font's characters; fonts/build_font.py writes it.
"""

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

COVERAGE_FILE = Path(__file__).with_name("report_characters.txt")

# Line breaks and tabs are layout, not characters to print.
LAYOUT = frozenset("\n\r\t")

# How many unprintable characters one message names before it only counts the rest.
NAMED_IN_A_MESSAGE = 3


@cache
def printable_characters():
    characters = set(LAYOUT)
    for line in COVERAGE_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first, _, last = line.partition("-")
        characters.update(chr(c) for c in range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(characters)


def unprintable(text):
    """(position from 1, character) for every character of `text` the report cannot print."""
    printable = printable_characters()
    return [(i, c) for i, c in enumerate(str(text or ""), start=1) if c not in printable]


def describe(position, character):
    return f'"{character}" (U+{ord(character):04X}) ที่ตำแหน่ง {position}'


def validate_printable(value):
    found = unprintable(value)
    if not found:
        return
    named = ", ".join(describe(p, c) for p, c in found[:NAMED_IN_A_MESSAGE])
    more = len(found) - NAMED_IN_A_MESSAGE
    rest = f" และอีก {more} ตัว" if more > 0 else ""
    raise ValidationError(
        f"รายงานพิมพ์ตัวอักษร {named}{rest} ไม่ได้ (เช่น อีโมจิ) "
        "กรุณาลบออกหรือใช้ตัวอักษรอื่นแทน เช่น ● ○ ■ □ ✓ ☐ → ←",
        code="unprintable",
    )
