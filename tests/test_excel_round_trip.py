"""The register exported to Excel and read back: unchanged, it changes nothing; edited, it
writes exactly the edits, recorded in the audit trail under the importing user."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from openpyxl import load_workbook

from measures import excel, excel_import
from measures.models import Agency, Measure, Result, Step
from tests.excel_files import edited, history_count, load_seed

pytestmark = pytest.mark.usefixtures("fast_password_hashing")


@pytest.fixture
def seed(db):
    load_seed()
    return Agency.objects.get(slug="rangsit")


def test_exporting_and_importing_the_seed_unchanged_changes_nothing(seed):
    data = excel.export_workbook(seed, 2568)
    before = history_count()
    result = excel_import.import_workbook(data, source="register.xlsx")
    assert result.problems == []
    assert [o.action for o in result.outcomes] == [excel_import.SAME] * 5
    assert not result.has_changes
    assert history_count() == before


def test_the_commands_round_trip_the_seed_without_a_change(seed, tmp_path):
    path = tmp_path / "register.xlsx"
    call_command("export_register", "rangsit", "2568", str(path))
    before = history_count()
    out = io.StringIO()
    call_command("import_register", str(path), stdout=out)
    assert "ไม่เปลี่ยน 5" in out.getvalue()
    assert "ไม่มีอะไรเปลี่ยน" in out.getvalue()
    assert history_count() == before


def test_the_workbook_has_thai_headers_and_be_dates(seed):
    book = load_workbook(io.BytesIO(excel.export_workbook(seed, 2568)))
    assert book.sheetnames == ["ข้อมูลไฟล์", "มาตรการ", "ขั้นตอน", "ผลการดำเนินการ"]
    measures = book["มาตรการ"]
    assert measures["A1"].value == "ลำดับที่"
    assert measures["B1"].value == "มาตรการ/โครงการ/กิจกรรม"
    first = Measure.objects.get(agency=seed, fiscal_year=2568, number=1)
    assert measures["D2"].value == first.started_on.strftime("%d/%m/") + str(
        first.started_on.year + 543
    )
    assert measures["D2"].value.endswith("/2568")
    lists = {
        str(v.sqref).split(":")[0]: v.formula1 for v in measures.data_validations.dataValidation
    }
    assert lists["K2"] == '"ยังไม่เริ่ม,กำลังดำเนินการ,ดำเนินการแล้ว"'
    assert book["ขั้นตอน"].max_row - 1 == Step.objects.filter(measure__agency=seed).count()
    assert book["ผลการดำเนินการ"].max_row - 1 == Result.objects.filter(measure__agency=seed).count()


def test_an_edited_file_writes_exactly_the_edits_under_the_users_name(seed):
    coordinator = User.objects.get(username="coordinator")  # the demo's
    data = excel.export_workbook(seed, 2568)
    changed = edited(
        data,
        {
            ("มาตรการ", "B3"): "ชื่อใหม่ของมาตรการที่สอง",
            ("มาตรการ", "K3"): "กำลังดำเนินการ",
            ("มาตรการ", "L3"): 40,
            ("ขั้นตอน", "C2"): "-ขั้นตอนแรกที่แก้แล้ว",
        },
    )
    second = Measure.objects.get(agency=seed, fiscal_year=2568, number=2)
    steps_before = list(Step.objects.filter(measure__agency=seed).values_list("pk", "text"))
    result = excel_import.import_workbook(changed, coordinator, source="edited.xlsx")
    assert result.problems == []
    assert [o.action for o in result.outcomes] == [
        excel_import.CHANGE,
        excel_import.CHANGE,
        excel_import.SAME,
        excel_import.SAME,
        excel_import.SAME,
    ]
    second.refresh_from_db()
    assert second.titles == "ชื่อใหม่ของมาตรการที่สอง"
    assert (second.status, second.progress) == ("in_progress", 40)
    record = second.history.first()
    assert record.history_user == coordinator
    assert record.history_change_reason == "นำเข้าจากไฟล์ Excel edited.xlsx"
    first_step = Step.objects.get(pk=steps_before[0][0])
    assert first_step.text == "-ขั้นตอนแรกที่แก้แล้ว"
    # Only the one step was rewritten; the others keep their rows and texts.
    after = dict(Step.objects.filter(measure__agency=seed).values_list("pk", "text"))
    assert [pk for pk, text in steps_before if after[pk] != text] == [first_step.pk]


def test_a_dry_run_writes_nothing(seed):
    data = edited(excel.export_workbook(seed, 2568), {("มาตรการ", "B2"): "ชื่อใหม่"})
    before = history_count()
    result = excel_import.import_workbook(data, dry_run=True)
    assert result.outcomes[0].action == excel_import.CHANGE
    assert not result.applied
    assert history_count() == before
    assert Measure.objects.get(agency=seed, number=1).titles != "ชื่อใหม่"


def test_a_file_for_another_year_creates_the_measures_with_their_steps_and_results(seed):
    data = edited(excel.export_workbook(seed, 2568), {("ข้อมูลไฟล์", "B3"): 2569})
    # The seed's dates lie in 2568: empty them so the new year accepts the rows,
    # and the ITA items too, which belong to the 2568 assessment.
    data = edited(data, {("มาตรการ", f"{c}{r}"): None for c in "DEM" for r in range(2, 7)})
    book = load_workbook(io.BytesIO(data))
    for row in book["ผลการดำเนินการ"].iter_rows(min_row=2):
        row[3].value = None
    output = io.BytesIO()
    book.save(output)
    result = excel_import.import_workbook(output.getvalue())
    assert result.problems == []
    assert [o.action for o in result.outcomes] == [excel_import.CREATE] * 5
    new = Measure.objects.filter(agency=seed, fiscal_year=2569)
    old = Measure.objects.filter(agency=seed, fiscal_year=2568)
    assert new.count() == 5
    assert (
        Step.objects.filter(measure__in=new).count() == Step.objects.filter(measure__in=old).count()
    )
    assert [list(m.responsible_divisions.all()) for m in new.order_by("number")] == [
        list(m.responsible_divisions.all()) for m in old.order_by("number")
    ]
