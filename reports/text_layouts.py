"""Fewer Pango layouts per report PDF, with the same PDF to the byte.

WeasyPrint breaks a paragraph into lines by laying its text out with Pango, one line at a
time. For each line it lays out a short stretch of the text with the column's width; then,
when the stretch ran onto a second line, it lays out the first line's text alone, to measure
it; it frees that layout, and to draw the line it makes a new layout of the same text and lays
it out once more. Pango's layout is a fifth of a report's render time, and these are over
half of them.

Here a layout is kept from measuring to drawing, and a first line that ends where Pango broke
it (not at a space, which WeasyPrint takes off) is measured and drawn as it stands in the
stretch. Pango keeps a layout's lines until its text or settings change, and draws a line
broken inside a stretch with the same glyphs as alone (tests/test_report_print.py compares the
PDFs). Only plain text takes this way: left to right, white space collapsed, no paragraph
separator, no letter or word spacing, no ellipsis, and breaks that Pango adds no hyphen to
(overflow-wrap: anywhere, as in the report's cells). Everything else goes WeasyPrint's way.
"""

from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango

# False: WeasyPrint's own way for every line (the test compares the two).
ENABLED = True

PARAGRAPH_SEPARATORS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_set_text = line_break.Layout.set_text
_deactivate = line_break.Layout.deactivate
_reactivate = line_break.Layout.reactivate
_first_line_metrics = line_break.first_line_metrics


def _plain(style, text):
    return (
        style["white_space"] in ("normal", "nowrap")
        and style["direction"] == "ltr"
        and style["letter_spacing"] in ("normal", 0)
        and not style["word_spacing"]
        and style["text_overflow"] == "clip"
        and style["block_ellipsis"] == "none"
        and not any(separator in text for separator in PARAGRAPH_SEPARATORS)
    )


def set_text(layout, text, justify=False):
    _set_text(layout, text, justify)
    layout.keepable = ENABLED and _plain(layout.style, layout.text)
    layout.whole_lines = False
    if layout.keepable:
        # Drawing sets this mode, and setting it then would make Pango lay the text out
        # again. Without a paragraph separator in the text it changes nothing else.
        pango.pango_layout_set_single_paragraph_mode(layout.layout, True)


def first_line_metrics(first_line, text, layout, resume_at, space_collapse, style, *args):
    hyphenated = args[0] if args else False
    if (
        resume_at
        and not hyphenated
        and getattr(layout, "keepable", False)
        and style["overflow_wrap"] in ("anywhere", "break-word")
    ):
        line_text = text.encode()[: first_line.length].decode()
        if not line_text.endswith((" ", "\u00ad")):
            width, height = line_break.line_size(first_line, style)
            baseline = pango.pango_layout_get_baseline(layout.layout) * line_break.FROM_UNITS
            # Drawing takes the first line only; the text WeasyPrint would have laid out again
            # is kept for a drawing that cannot use this layout.
            layout.whole_lines, layout.line_text = True, line_text
            layout.deactivate()
            return layout, first_line.length, resume_at, width, height, baseline
    return _first_line_metrics(first_line, text, layout, resume_at, space_collapse, style, *args)


def deactivate(layout):
    """Keep a layout whose first line is the line to draw, until it has been drawn."""
    layout.kept = (
        getattr(layout, "keepable", False)
        and not getattr(layout, "drawn", False)
        and (
            layout.whole_lines or pango.pango_layout_get_line_readonly(layout.layout, 1) == ffi.NULL
        )
    )
    if not layout.kept:
        _deactivate(layout)


def reactivate(layout, style):
    kept = getattr(layout, "kept", False) and style is layout.style
    if kept and not layout.justification_spacing:
        layout.drawn = True
        return
    layout.kept = False
    if getattr(layout, "whole_lines", False):
        layout.text = layout.line_text
    _reactivate(layout, style)


line_break.Layout.set_text = set_text
line_break.Layout.deactivate = deactivate
line_break.Layout.reactivate = reactivate
# split_first_line calls it by its module name.
line_break.first_line_metrics = first_line_metrics
