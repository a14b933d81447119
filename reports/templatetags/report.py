"""Filters and tags of the annual report: {% load report %}."""

import re

import nh3
from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from thai import characters
from thai.calendar import HTML_MARKUP, MONTH_ABBREVIATIONS, to_thai_digits_in_html

register = template.Library()

# Staff may type <b>…</b> (the import keeps the original's bold); every other "<" is text.
ESCAPED_BOLD = re.compile(r"&lt;(/?)(b|strong)&gt;", re.IGNORECASE)

# URLs in a text keep their Arabic digits, or they would stop working.
URL = r"https?://[^\s<]+"

# "ๆ" must never start a line; a no-break space before it keeps it with the word it repeats.
SPACE_BEFORE_MAI_YAMOK = re.compile(r"[ \t]+ๆ")

_ABBREVIATIONS = "|".join(re.escape(a) for a in ("พ.ศ.", "ค.ศ.", *MONTH_ABBREVIATIONS))
# Sequences the original never breaks, because they hold no space, but where Pango may find a
# break opportunity (after "." "/" "-" or between a Thai abbreviation and its digits):
# "พ.ศ.๒๕๖๘", "ธ.ค.๖๗", "๒๗๒๒/๒๕๖๗", "E-Service"; numbers are matched whole and then left as
# they are where Pango finds none (UNBROKEN_NUMBER).
# An era keeps its year even across one space ("พ.ศ. ๒๕๖๘"), as Thai typesetting does.
NO_BREAK = re.compile(
    r"[พค]\.ศ\.[ \u00a0]?[๐-๙0-9]+"
    rf"|(?:{_ABBREVIATIONS})[๐-๙0-9]+"
    r"|[+\-]?[๐-๙0-9]+(?:[.,/:\-][๐-๙0-9]+)+"
    r"|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+"
)
# A number whose only separators are "." "," ":" "-" ("๙๘.๒๕", "+๑.๔๕", "๓,๐๒๖", "๐๕-๐๑๑"):
# Pango, like every line breaker following Unicode's rules, finds no break inside it, so it
# needs no span. Each span costs WeasyPrint an inline box more to lay out: leaving out the
# ones that change nothing makes the PDF quicker to render.
UNBROKEN_NUMBER = re.compile(r"[+\-]?[๐-๙0-9]+(?:[.,:\-][๐-๙0-9]+)+")
# Markup and URLs are never wrapped: a span inside "&#x27;" or a link would break it.
_KEEP = re.compile(f"({HTML_MARKUP}|{URL})")


def _nobreak_span(match):
    if UNBROKEN_NUMBER.fullmatch(match[0]):
        return match[0]
    return f'<span class="nobreak">{match[0]}</span>'


def no_break(html):
    """Wrap each sequence of NO_BREAK that Pango could break in a nowrap span (report.css)."""
    pieces = _KEEP.split(html)
    pieces[::2] = [NO_BREAK.sub(_nobreak_span, piece) for piece in pieces[::2]]
    return "".join(pieces)


# Printed for a character the font lacks (an emoji stored before the register refused them):
# visible, and it keeps the text layer of the rest of the document intact.
PLACEHOLDER = "[?]"


@register.filter
def printable(value):
    """The text with every character the report's font cannot print replaced by PLACEHOLDER."""
    text = str(value if value is not None else "")
    found = characters.unprintable(text)
    if not found:
        return text
    pieces = list(text)
    for position, _character in found:
        pieces[position - 1] = PLACEHOLDER
    return "".join(pieces)


@register.filter
def report_text(value):
    """A stored text as report HTML: escaped except for bold, Thai digits outside URLs,
    "ๆ" glued to its word, line breaks kept, unprintable characters replaced."""
    if value is None:
        return ""
    text = ESCAPED_BOLD.sub(r"<\1\2>", escape(printable(value)))
    # nh3 closes a <b> left open, so one cell's bold cannot run into the next cell.
    text = nh3.clean(text, tags={"b", "strong"}, attributes={})
    text = SPACE_BEFORE_MAI_YAMOK.sub("\u00a0ๆ", text)
    text = no_break(to_thai_digits_in_html(text, also_keep=URL))
    return mark_safe("<br>".join(text.splitlines()))


# "๑ ต.ค.๖๗": a short date, which belongs on one line of the narrow period column. Pango's
# Thai word breaking ignores a no-break space there, so the date is kept whole by CSS.
SHORT_DATE = re.compile(
    rf"[๐-๙]{{1,2}} (?:{'|'.join(re.escape(m) for m in MONTH_ABBREVIATIONS)})[๐-๙]{{2}}"
)

ERA_YEAR = re.compile(r"พ\.ศ\. ?[๐-๙]+")


@register.filter
def unbroken_dates(value):
    text = escape(str(value or ""))
    text = ERA_YEAR.sub(r'<span class="nobreak">\g<0></span>', text)
    text = SHORT_DATE.sub(r'<span class="date">\g<0></span>', text)
    # A hyphen before a digit is no break opportunity (it reads as a minus sign).
    return mark_safe(text.replace("</span>-<span", "</span>-<wbr><span"))


@register.filter
def web_url(value):
    """The URL if it is a web address, else "": evidence links are checked when typed in
    the admin, but a link in the page must never run a "javascript:" URL however it got in."""
    value = str(value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


@register.simple_tag
def page_margin():
    """The PDF's page margins from settings.REPORT_PAGE_MARGIN (checked there to be lengths)."""
    return settings.REPORT_PAGE_MARGIN.strip()
