"""A box's margins, paddings and sizes worked out once per set of lengths, with the same PDF to
the byte.

Before laying a box out, WeasyPrint turns its style's lengths (margins, paddings, width,
height and their limits) into the box's used values, resolving percentages against the
containing block: some 15,000 boxes for half of a 200-measure report, about 6% of its render.
The report's stylesheet sets its lengths in millimetres and points (only the table and its
columns are as wide as a percentage), so most boxes share a handful of sets of lengths, and a
set with no percentage and no calc() gives the same used values whatever the containing
block. Such a set's values are worked out once and
kept. A set with a percentage or calc(), collapsed borders (a collapsed table's borders are
its cells') or a box-sizing other than content-box goes WeasyPrint's way.
"""

from weasyprint.css.properties import Dimension
from weasyprint.layout import (
    absolute,
    block,
    column,
    grid,
    inline,
    page,
    percent,
    table,
)
from weasyprint.layout import float as floats

# False: WeasyPrint's own way for every box (the test compares the two).
ENABLED = True

LENGTHS = (
    "margin_left",
    "margin_right",
    "margin_top",
    "margin_bottom",
    "padding_left",
    "padding_right",
    "padding_top",
    "padding_bottom",
    "width",
    "min_width",
    "max_width",
    "height",
    "min_height",
    "max_height",
)
BORDERS = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")
# The used values are the lengths above, then the borders as they are.
USED = LENGTHS + BORDERS
# The box's style properties the used values depend on.
PROPERTIES = USED + ("border_collapse", "box_sizing")
# A stylesheet has few sets of lengths; the bound only keeps an odd one from growing this.
MOST_KEPT = 10_000

_resolve_percentages = percent.resolve_percentages
_used = {}


def _used_value(name, value):
    if name in BORDERS:
        return value
    if value == "auto":
        return 0 if name in ("min_width", "min_height") else value
    return value.value


def _independent(properties):
    """Whether the used values of these properties are the same in any containing block
    and for any box: no percentage or calc(), borders not collapsed (a collapsed table's
    borders are its cells'), sizes not adjusted for the borders (box-sizing)."""
    *lengths, collapse, sizing = properties
    return (
        collapse == "separate"
        and sizing == "content-box"
        and all(
            value == "auto" or (type(value) is Dimension and value.unit == "px")
            for value in lengths[: len(LENGTHS)]
        )
    )


def resolve_percentages(box, containing_block):
    if not ENABLED:
        return _resolve_percentages(box, containing_block)
    properties = tuple(map(box.style.__getitem__, PROPERTIES))
    used = _used.get(properties)
    if used is None:
        if not _independent(properties):
            return _resolve_percentages(box, containing_block)
        if len(_used) >= MOST_KEPT:
            _used.clear()
        used = _used[properties] = tuple(map(_used_value, USED, properties))
    box.__dict__.update(zip(USED, used, strict=True))


# Each layout module calls it by the name it imported; flex calls percent.resolve_percentages.
for module in (absolute, block, column, floats, grid, inline, page, percent, table):
    module.resolve_percentages = resolve_percentages
