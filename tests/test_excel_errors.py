"""A file with errors writes nothing, and says in Thai where each error is: sheet, row, column."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from measures import excel, excel_import
from measures.models import Agency, ClosedYear, Measure
from tests.excel_files import edited, history_count, load_seed

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@pytest.fixture
def seed(db):
    load_seed()
    return Agency.objects.get(slug="rangsit")


@pytest.fixture
def export(seed):
    return excel.export_workbook(seed, 2568)


def problems(data, user=None):
    return [str(problem) for problem in excel_import.import_workbook(data, user).problems]


def test_a_file_with_one_bad_row_writes_none_of_its_good_rows(seed, export):
    data = edited(
        export,
        {
            ("มาตรการ", "B2"): "ชื่อที่แก้แล้ว",  # good
            ("มาตรการ", "D3"): "31/02/2568",  # bad
        },
    )
    before = history_count()
    found = problems(data)
    assert found == [
        'แผ่นงาน "มาตรการ" แถวที่ 3 คอลัมน์ D (วันเริ่มต้น (วว/ดด/ปปปป)): วันที่ 31/02/2568 ไม่มีในปฏิทิน'
    ]
    assert history_count() == before
    assert Measure.objects.get(agency=seed, number=1).titles != "ชื่อที่แก้แล้ว"


def test_every_error_is_named_by_sheet_row_and_column(seed, export):
    data = edited(
        export,
        {
            ("มาตรการ", "L6"): "สิบ",
            ("มาตรการ", "K3"): "เสร็จ",
            ("มาตรการ", "F4"): "กองที่ไม่มี",
            ("มาตรการ", "M5"): "o999 (2568)",
            ("ขั้นตอน", "B3"): "x",
            ("ผลการดำเนินการ", "E2"): "ftp://example.com/file",
        },
    )
    found = problems(data)
    assert 'แผ่นงาน "มาตรการ" แถวที่ 6 คอลัมน์ L (ความก้าวหน้า (ร้อยละ)): "สิบ" ไม่ใช่ตัวเลขจำนวนเต็ม' in found
    assert any(p.startswith('แผ่นงาน "มาตรการ" แถวที่ 3 คอลัมน์ K (สถานะ): "เสร็จ"') for p in found)
    assert any(
        p.startswith('แผ่นงาน "มาตรการ" แถวที่ 4 คอลัมน์ F (ผู้รับผิดชอบ') and "กองที่ไม่มี" in p for p in found
    )
    assert any(p.startswith('แผ่นงาน "มาตรการ" แถวที่ 5 คอลัมน์ M (ตัวชี้วัด ITA') for p in found)
    assert any(p.startswith('แผ่นงาน "ขั้นตอน" แถวที่ 3 คอลัมน์ B (ลำดับขั้นตอน)') for p in found)
    assert any(p.startswith('แผ่นงาน "ผลการดำเนินการ" แถวที่ 2 คอลัมน์ E (ลิงก์หลักฐาน)') for p in found)


def test_the_models_own_rules_are_placed_on_their_cells(seed, export):
    # "Done" needs 100 per cent; a start date outside the fiscal year is refused.
    data = edited(export, {("มาตรการ", "K2"): "ดำเนินการแล้ว", ("มาตรการ", "L2"): 50})
    data = edited(data, {("มาตรการ", "D3"): "01/01/2560"})
    found = problems(data)
    assert any(p.startswith('แผ่นงาน "มาตรการ" แถวที่ 2 คอลัมน์ K (สถานะ): สถานะ') for p in found)
    assert any(p.startswith('แผ่นงาน "มาตรการ" แถวที่ 3 คอลัมน์ D') for p in found)


def test_a_formula_typed_into_a_cell_is_refused(seed, export):
    data = edited(export, {("มาตรการ", "B2"): "=1+1"})
    assert problems(data) == [
        'แผ่นงาน "มาตรการ" แถวที่ 2 คอลัมน์ B (มาตรการ/โครงการ/กิจกรรม): '
        "ช่องนี้เป็นสูตรคำนวณ กรุณาพิมพ์เป็นข้อความหรือตัวเลข"
    ]


def test_duplicate_numbers_and_steps_of_unknown_measures_are_refused(seed, export):
    data = edited(export, {("มาตรการ", "A3"): 1, ("ขั้นตอน", "A2"): 99})
    found = problems(data)
    assert 'แผ่นงาน "มาตรการ" แถวที่ 3 คอลัมน์ A (ลำดับที่): มาตรการลำดับที่ 1 ซ้ำกับแถวก่อนหน้า' in found
    assert any(p.startswith('แผ่นงาน "ขั้นตอน" แถวที่ 2 คอลัมน์ A') and "99" in p for p in found)


def test_a_file_that_is_not_a_register_is_refused_in_thai(seed):
    assert problems(b"not a zip") == [
        'แผ่นงาน "ไฟล์": ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ กรุณาใช้ไฟล์ที่ส่งออกจากระบบ'
    ]
    output = io.BytesIO()
    Workbook().save(output)
    assert 'แผ่นงาน "มาตรการ": ไม่พบแผ่นงานนี้ในไฟล์' in problems(output.getvalue())


def test_a_closed_year_refuses_changes(seed, export):
    ClosedYear.objects.create(agency=seed, fiscal_year=2568)
    found = problems(edited(export, {("มาตรการ", "B2"): "ชื่อใหม่"}))
    assert found == [
        'แผ่นงาน "มาตรการ" แถวที่ 2: รายงานปีงบประมาณ พ.ศ. 2568 เผยแพร่แล้ว '
        "จึงเพิ่มหรือแก้มาตรการไม่ได้ จนกว่าผู้ประสานงานจะเปิดแก้ไขปีนี้อีกครั้ง"
    ]


def test_the_command_exits_with_the_errors_and_writes_nothing(seed, export, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(edited(export, {("มาตรการ", "L2"): "สิบ"}))
    before = history_count()
    with pytest.raises(CommandError, match="แถวที่ 2 คอลัมน์ L"):
        call_command("import_register", str(path))
    assert history_count() == before


def test_an_empty_number_is_asked_for(seed, export):
    found = problems(edited(export, {("มาตรการ", "A2"): None}))
    assert 'แผ่นงาน "มาตรการ" แถวที่ 2 คอลัมน์ A (ลำดับที่): ต้องกรอกตัวเลข' in found
