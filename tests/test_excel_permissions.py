"""Who may import what: a coordinator their agency's measures, a division officer only their
own division's, an executive nothing, and nobody another agency's."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from measures import excel, excel_import
from measures.models import Measure
from tests.excel_files import edited

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@pytest.fixture
def register(agency, strategy_division, finance_division, other_agency, other_division):
    strategy = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของกองยุทธศาสตร์")
    strategy.responsible_divisions.set([strategy_division])
    finance = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของสำนักคลัง")
    finance.responsible_divisions.set([finance_division])
    other = Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="ของหน่วยงานอื่น")
    other.responsible_divisions.set([other_division])
    return excel.export_workbook(agency, 2568)


def both_renamed(data):
    return edited(data, {("มาตรการ", "B2"): "ชื่อใหม่ ๑", ("มาตรการ", "B3"): "ชื่อใหม่ ๒"})


def titles(agency):
    return list(agency.measures.order_by("number").values_list("titles", flat=True))


def with_new_row(data, divisions):
    book = load_workbook(io.BytesIO(data))
    sheet = book["มาตรการ"]
    values = [cell.value for cell in sheet[3]]
    values[0], values[1], values[5] = 3, "มาตรการใหม่", divisions
    sheet.append(values)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_coordinator_changes_every_measure_of_their_agency(register, agency, coordinator):
    result = excel_import.import_workbook(both_renamed(register), coordinator)
    assert result.problems == []
    assert titles(agency) == ["ชื่อใหม่ ๑", "ชื่อใหม่ ๒"]


def test_an_administrator_changes_any_agency(register, agency, admin_user):
    assert excel_import.import_workbook(both_renamed(register), admin_user).problems == []
    assert titles(agency) == ["ชื่อใหม่ ๑", "ชื่อใหม่ ๒"]


def test_an_officer_may_not_change_another_divisions_measure(register, agency, officer):
    result = excel_import.import_workbook(both_renamed(register), officer)
    assert [str(p) for p in result.problems] == [
        'แผ่นงาน "มาตรการ" แถวที่ 2: เจ้าหน้าที่สำนัก/กองแก้ได้เฉพาะมาตรการของสำนัก/กองตนเอง'
    ]
    assert [o.action for o in result.outcomes] == [excel_import.REFUSED, excel_import.CHANGE]
    assert titles(agency) == ["ของกองยุทธศาสตร์", "ของสำนักคลัง"]


def test_an_officer_changes_their_own_divisions_measure(register, agency, officer):
    data = edited(register, {("มาตรการ", "B3"): "ชื่อใหม่ ๒"})
    result = excel_import.import_workbook(data, officer)
    assert result.problems == []
    assert titles(agency) == ["ของกองยุทธศาสตร์", "ชื่อใหม่ ๒"]
    record = agency.measures.get(number=2).history.first()
    assert record.history_user == officer


def test_the_other_divisions_officer_has_the_mirror_rights(register, agency, strategy_officer):
    data = edited(register, {("มาตรการ", "B2"): "ชื่อใหม่ ๑"})
    assert excel_import.import_workbook(data, strategy_officer).problems == []
    data = edited(register, {("มาตรการ", "B3"): "ชื่อใหม่ ๒"})
    assert excel_import.import_workbook(data, strategy_officer).problems != []


def test_an_officer_adds_a_measure_only_for_their_own_division(register, agency, officer):
    refused = excel_import.import_workbook(
        with_new_row(register, "กองยุทธศาสตร์และงบประมาณ"), officer
    )
    assert [str(p) for p in refused.problems] == [
        'แผ่นงาน "มาตรการ" แถวที่ 4 คอลัมน์ F (ผู้รับผิดชอบ (สำนัก/กอง บรรทัดละหนึ่ง)): '
        "เจ้าหน้าที่สำนัก/กองเพิ่มหรือเอาออกได้เฉพาะสำนัก/กองของตนเอง และต้องคงสำนัก/กองของตนไว้"
    ]
    accepted = excel_import.import_workbook(with_new_row(register, "สำนักคลัง"), officer)
    assert accepted.problems == []
    assert agency.measures.get(number=3).responsible_divisions.get().name == "สำนักคลัง"


def test_an_officer_may_not_hand_their_measure_to_another_division(register, officer):
    data = edited(register, {("มาตรการ", "F3"): "กองยุทธศาสตร์และงบประมาณ"})
    assert excel_import.import_workbook(data, officer).problems != []


def test_an_executive_changes_nothing(register, agency, executive):
    result = excel_import.import_workbook(both_renamed(register), executive)
    assert len(result.problems) == 2
    assert titles(agency) == ["ของกองยุทธศาสตร์", "ของสำนักคลัง"]


def test_an_unchanged_file_is_no_refusal_for_anyone_of_the_agency(register, executive, officer):
    assert excel_import.import_workbook(register, executive).problems == []
    assert excel_import.import_workbook(register, officer).problems == []


def test_another_agencys_staff_cannot_import_into_it(register, agency, other_coordinator):
    result = excel_import.import_workbook(both_renamed(register), other_coordinator)
    assert [str(p) for p in result.problems] == [
        'แผ่นงาน "ข้อมูลไฟล์" คอลัมน์ B: ไม่พบหน่วยงานชื่อย่อ "rangsit" ที่ท่านมีสิทธิ์นำเข้า'
    ]
    assert titles(agency) == ["ของกองยุทธศาสตร์", "ของสำนักคลัง"]


def test_the_command_imports_with_a_users_rights_and_name(register, agency, officer, tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(both_renamed(register))
    with pytest.raises(CommandError, match="เจ้าหน้าที่สำนัก/กองแก้ได้เฉพาะมาตรการของสำนัก/กองตนเอง"):
        call_command("import_register", str(path), "--user", "officer")
    path.write_bytes(edited(register, {("มาตรการ", "B3"): "ชื่อใหม่ ๒"}))
    call_command("import_register", str(path), "--user", "officer", stdout=io.StringIO())
    assert agency.measures.get(number=2).history.first().history_user == officer
