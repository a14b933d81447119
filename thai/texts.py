"""Rules for the texts the official report prints: how long they may be, and which markup.

The report prints <b>…</b> as bold and every other tag as the characters typed, so "<i>" or
"<script>" would appear in an official document: such a tag is refused where it is typed or
imported. A "<" that starts no tag ("น้อยกว่า < 5") is text and stays.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# What an HTML reader would take for a tag, a comment or a declaration.
TAG = re.compile(r"<!--.*?-->|<[/!?]?[A-Za-z][^<>]*>", re.DOTALL)
# The report's renderer (reports/templatetags/report.py) prints these two as bold.
BOLD = re.compile(r"</?(?:b|strong)>", re.IGNORECASE)
# A long tag (an <img> with its attributes) is named by its beginning.
NAMED_TAG_LENGTH = 40
NAMED_IN_A_MESSAGE = 3


def refused_tags(text):
    """Every tag in `text` the report would print as typed, once each, in order."""
    found = [tag for tag in TAG.findall(str(text or "")) if not BOLD.fullmatch(tag)]
    return list(dict.fromkeys(found))


def validate_bold_only(value):
    tags = refused_tags(value)
    if not tags:
        return
    named = ", ".join(
        tag if len(tag) <= NAMED_TAG_LENGTH else tag[: NAMED_TAG_LENGTH - 1] + "…"
        for tag in tags[:NAMED_IN_A_MESSAGE]
    )
    more = len(tags) - NAMED_IN_A_MESSAGE
    rest = f" และอีก {more} แท็ก" if more > 0 else ""
    raise ValidationError(
        f"ไม่รับแท็ก {named}{rest} ในข้อความ: ใช้ได้เฉพาะ <b> ตัวหนา เช่น <b>ข้อความ</b>",
        code="tag",
    )


@deconstructible
class MaxLength:
    """At most `limit` characters, told with the length typed: a 5,000-character title
    would fill ten pages of the report."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, value):
        length = len(str(value or ""))
        if length > self.limit:
            raise ValidationError(
                f"ข้อความนี้ยาวได้ไม่เกิน {self.limit:,} ตัวอักษร แต่พิมพ์ไว้ {length:,} ตัวอักษร กรุณาย่อให้สั้นลง",
                code="max_length",
            )

    def __eq__(self, other):
        return isinstance(other, MaxLength) and other.limit == self.limit


def report_text_validators(limit):
    """For a text the report prints: at most `limit` characters, no tag but <b>."""
    return [MaxLength(limit), validate_bold_only]
