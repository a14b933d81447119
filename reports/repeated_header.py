"""The report's table header laid out once, not once per page, with the same PDF to the byte.

WeasyPrint repeats a table's header (and footer) on every page the table runs onto, and lays
its cells out anew on each page: for the report, the three title lines and the seven column
names, some 13 lines of text on each of its 120 pages at 200 measures. A header cell placed
at the same spot, as wide, with the same room below, lays out the same every time; here the
first layout of such a cell is kept on the cell and each later page gets a copy of it
(WeasyPrint moves and trims the boxes it is given, so never the kept boxes themselves).

Only cells of a repeated header or footer take this way, and only when their content stays
in the normal flow (no float, no positioned or footnote box, which their layout would also
have to register elsewhere); the report's header is plain text. A cell split over pages or
laid out with another width or position is laid out as WeasyPrint does.
"""

from weasyprint.layout import block, table

# False: WeasyPrint lays the header out on every page (the test compares the two).
ENABLED = True

_block_container_layout = block.block_container_layout
_table_layout = table.table_layout


def table_layout(context, box, *args, **kwargs):
    if box.children:
        for group in (box.children[0], box.children[-1]):
            if group.is_header or group.is_footer:
                for row in group.children:
                    for cell in row.children:
                        cell.repeated = True
    return _table_layout(context, box, *args, **kwargs)


def block_container_layout(
    context,
    box,
    bottom_space,
    skip_stack,
    page_is_empty,
    absolute_boxes,
    fixed_boxes,
    adjoining_margins,
    first_letter_style,
    first_line_style,
    discard,
    max_lines,
):
    # The parameters are WeasyPrint's own names, so they pass on as they came.
    arguments = dict(locals())
    if not (ENABLED and getattr(box, "repeated", False) and skip_stack is None):
        return _block_container_layout(**arguments)
    # Everything table_layout sets on the cell before laying it out, and how it asks.
    key = (
        box.position_x,
        box.position_y,
        box.width,
        box.height,
        bottom_space,
        page_is_empty,
        tuple(adjoining_margins or ()),
        id(first_letter_style),
        id(first_line_style),
        discard,
        max_lines,
    )
    kept = getattr(box, "kept_layouts", {})
    if key in kept:
        new_box, resume_at, next_page, margins, *others = kept[key]
        return (new_box.deepcopy(), resume_at, dict(next_page), list(margins), *others)
    result = _block_container_layout(**arguments)
    new_box, resume_at = result[0], result[1]
    if new_box is not None and resume_at is None and _in_flow(new_box):
        box.kept_layouts = {**kept, key: (new_box.deepcopy(), *result[1:])}
    return result


def _in_flow(box):
    return all(descendant.is_in_normal_flow() for descendant in box.descendants())


# table_layout imports block_container_layout from the block module each time it runs;
# block_level_layout calls table_layout by the name the block module imported.
block.block_container_layout = block_container_layout
block.table_layout = table_layout
table.table_layout = table_layout
