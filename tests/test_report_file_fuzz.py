"""Whatever text an import file holds, the parser answers with a report or a ReportFileError
naming what is wrong, never another exception (which the command would print as a
traceback)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from measures.report_file import ReportFileError, parse_report
from tests.test_import_report import seed_lines

SEED_LINES = seed_lines()
# Pieces of the layout, so that the fuzz reaches past the title block into the rows.
PIECES = st.sampled_from(
    ["\t", "\n", "\r\n", "ที่", "๑.", "●", "<li>", "</li>", "<b>", "ฯ", "-", "พ.ศ.", "๒๕๖๘", "ต.ค.๖๗"]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), PIECES), max_size=30).map("".join)


def parses_or_names_the_problem(text):
    try:
        parse_report(text)
    except ReportFileError as error:
        assert str(error)


@settings(max_examples=200, deadline=None, database=None)
@given(text=TEXT)
def test_any_text_parses_or_gets_a_report_file_error(text):
    parses_or_names_the_problem(text)


@settings(max_examples=200, deadline=None, database=None)
@given(line=st.integers(0, len(SEED_LINES) - 1), at=st.integers(0, 200), insert=TEXT)
def test_the_seed_with_anything_inserted_parses_or_gets_a_report_file_error(line, at, insert):
    lines = list(SEED_LINES)
    lines[line] = lines[line][:at] + insert + lines[line][at:]
    parses_or_names_the_problem("\n".join(lines))


@settings(max_examples=100, deadline=None, database=None)
@given(line=st.integers(0, len(SEED_LINES) - 1), cell=st.integers(0, 6), value=TEXT)
def test_the_seed_with_any_cell_replaced_parses_or_gets_a_report_file_error(line, cell, value):
    lines = list(SEED_LINES)
    cells = lines[line].split("\t")
    cells[min(cell, len(cells) - 1)] = value
    lines[line] = "\t".join(cells)
    parses_or_names_the_problem("\n".join(lines))
