"""Filters and tags of the annual report: {% load report %}."""

import re

import nh3
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from thai.calendar import MONTH_ABBREVIATIONS, to_thai_digits_in_html

register = template.Library()

# Staff may type <b>…</b> (the import keeps the original's bold); every other "<" is text.
ESCAPED_BOLD = re.compile(r"&lt;(/?)(b|strong)&gt;", re.IGNORECASE)

# URLs in a text keep their Arabic digits, or they would stop working.
URL = r"https?://[^\s<]+"

# "ๆ" must never start a line; a no-break space before it keeps it with the word it repeats.
SPACE_BEFORE_MAI_YAMOK = re.compile(r"[ \t]+ๆ")


@register.filter
def report_text(value):
    """A stored text as report HTML: escaped except for bold, Thai digits outside URLs,
    "ๆ" glued to its word, line breaks kept."""
    if value is None:
        return ""
    text = ESCAPED_BOLD.sub(r"<\1\2>", escape(str(value)))
    # nh3 closes a <b> left open, so one cell's bold cannot run into the next cell.
    text = nh3.clean(text, tags={"b", "strong"}, attributes={})
    text = SPACE_BEFORE_MAI_YAMOK.sub("\u00a0ๆ", text)
    text = to_thai_digits_in_html(text, also_keep=URL)
    return mark_safe("<br>".join(text.splitlines()))


# "๑ ต.ค.๖๗": a short date, which belongs on one line of the narrow period column. Pango's
# Thai word breaking ignores a no-break space there, so the date is kept whole by CSS.
SHORT_DATE = re.compile(
    rf"[๐-๙]{{1,2}} (?:{'|'.join(re.escape(m) for m in MONTH_ABBREVIATIONS)})[๐-๙]{{2}}"
)


@register.filter
def unbroken_dates(value):
    text = escape(str(value or ""))
    text = SHORT_DATE.sub(r'<span class="date">\g<0></span>', text)
    # A hyphen before a digit is no break opportunity (it reads as a minus sign).
    return mark_safe(text.replace("</span>-<span", "</span>-<wbr><span"))


@register.filter
def web_url(value):
    """The URL if it is a web address, else "": evidence links are checked when typed in
    the admin, but a link in the page must never run a "javascript:" URL however it got in."""
    value = str(value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""
