"""A large report's PDF rendered in parts by several processes at once.

WeasyPrint lays out and draws in Python, on one core. A report with many rows is cut between
rows into parts of about equal length, one per process (REPORT_RENDER_PROCESSES); each part is
the whole page (title, header, stylesheet) with its own rows, the last also with the
signatures, and a forked copy of this process renders it. Each part starts on a new page; the
pages within a part break exactly as they would in one render. Once a part's pages are laid
out, it tells this process how many it has and waits for its first page number and the total,
so every page reads "หน้า x / y" of the whole report. archive.join makes the parts one PDF.
"""

import os
import pickle
import select
import signal
import threading
import time
import traceback

from weasyprint import layout

# Below this many characters of rows per part, one render is quicker than forking and
# joining. For scale: 200 measures of the seed report make about 260,000 characters.
PART_CHARACTERS = 60_000

TBODY, TBODY_END = "<tbody>", "</tbody>"


def processes(setting):
    """How many processes may render at once here: forking a process that runs other
    threads (runserver, a threaded server) could copy a lock another thread holds."""
    return setting if threading.active_count() == 1 else 1


def parts(html, count):
    """The HTML of each part: at most `count`, each with PART_CHARACTERS of rows or more; the
    report whole when it is too small to share. User text never holds a raw "<tr>": the
    template escapes everything but <b>."""
    start, end = html.find(TBODY), html.find(TBODY_END)
    if count < 2 or start < 0 or end < start:
        return [html]
    start += len(TBODY)
    leading, *rows = html[start:end].split("<tr>")
    rows = ["<tr>" + row for row in rows]
    count = min(count, (end - start) // PART_CHARACTERS, len(rows))
    if count < 2:
        return [html]
    head = html[:start] + leading
    table_end = html.index("</table>", end) + len("</table>")
    # Parts before the last end with the table; only the last has the signatures.
    tail_without_signatures = html[end:table_end] + html[html.rindex("</body>") :]
    groups = balanced(rows, count)
    return [
        head + "".join(group) + (html[end:] if group is groups[-1] else tail_without_signatures)
        for group in groups
    ]


def balanced(rows, count):
    """`rows` in `count` runs of about the same number of characters, in order."""
    total = sum(map(len, rows))
    groups, group, length = [], [], 0
    for row in rows:
        if group and length >= total * (len(groups) + 1) / count and len(groups) < count - 1:
            groups.append(group)
            group = []
        group.append(row)
        length += len(row)
    groups.append(group)
    return groups


# The part this process renders, when it is one: asked once its pages are laid out, it answers
# with the part's first page number in the report and the report's page count.
_part = {"numbering": None, "first": 1}


def first_page():
    """The number in the report of the first page this process renders: 1 unless it renders a
    later part (known once its pages are laid out)."""
    return _part["first"]


_weasyprint_margin_boxes = layout.make_margin_boxes


def _margin_boxes(context, page, state):
    numbering = _part["numbering"]
    if numbering is not None:
        quote_depth, counters, scopes, groups = state
        first, total = numbering(counters["pages"][-1])
        page_number = counters["page"][-1] + first - 1
        counters = {**counters, "page": [page_number], "pages": [total]}
        state = (quote_depth, counters, scopes, groups)
    return _weasyprint_margin_boxes(context, page, state)


# WeasyPrint makes the margin boxes (the page number) after laying out every page, in
# layout_document, which calls this name.
layout.make_margin_boxes = _margin_boxes


class Part:
    """A forked process rendering one part, and the pipes to talk to it."""

    def __init__(self, html, render, earlier):
        from_child, to_parent = os.pipe()
        from_parent, to_child = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(from_child)
            os.close(to_child)
            # The earlier parts' pipes stay the parent's alone, so that each part sees its
            # pipe close when the parent ends.
            for part in earlier:
                part.reader.close()
                part.writer.close()
            _child(html, render, os.fdopen(from_parent, "rb"), os.fdopen(to_parent, "wb"))
        os.close(to_parent)
        os.close(from_parent)
        self.reader = os.fdopen(from_child, "rb")
        self.writer = os.fdopen(to_child, "wb")

    def receive(self, deadline):
        """The part's next answer, or its error raised here."""
        if not select.select([self.reader], [], [], max(0, deadline - time.monotonic()))[0]:
            raise TimeoutError
        try:
            kind, value = pickle.load(self.reader)
        except EOFError:
            raise RuntimeError(
                f"The process rendering a part of the report ended ({self.pid})"
            ) from None
        if kind == "error":
            raise value
        return value

    def send(self, message):
        pickle.dump(message, self.writer)
        self.writer.flush()

    def end(self):
        self.reader.close()
        self.writer.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


def _child(html, render, reader, writer):
    """Render one part and send its PDF; never return (os._exit: the parent's database
    connection, temporary files and exit handlers are the parent's alone)."""

    answer = []

    def numbering(pages):
        # Asked for every page; the parent answers the first time.
        if not answer:
            pickle.dump(("pages", pages), writer)
            writer.flush()
            answer.append(pickle.load(reader))
            _part["first"] = answer[0][0]
        return answer[0]

    _part["numbering"] = numbering
    try:
        message = ("pdf", render(html))
    except BaseException as error:  # noqa: BLE001 (any failure is the parent's to raise)
        error.add_note(traceback.format_exc())
        try:
            pickle.dumps(error)
        except Exception:
            error = RuntimeError(traceback.format_exc())
        message = ("error", error)
    try:
        pickle.dump(message, writer)
        writer.flush()
    finally:
        os._exit(0)


def render(parts_html, render_part, deadline, check_pages):
    """The PDF of each part, rendered at once by one process each. `render_part(html)` gives a
    part's PDF; `check_pages(total)` may refuse the report's page count; TimeoutError past
    `deadline` (time.monotonic())."""
    running = []
    try:
        for html in parts_html:
            running.append(Part(html, render_part, running))
        pages = [part.receive(deadline) for part in running]
        check_pages(sum(pages))
        first = 1
        for part, count in zip(running, pages, strict=True):
            part.send((first, sum(pages)))
            first += count
        return [part.receive(deadline) for part in running]
    finally:
        for part in running:
            part.end()
