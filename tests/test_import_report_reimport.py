"""Importing a report again: what staff entered in the admin survives, a part both the file and
the register changed is a conflict that leaves the measure alone, and --dry-run writes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from ita.models import AssessmentYear, Indicator
from measures.models import Measure, Result

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
REASON = "นำเข้าจากไฟล์ rangsit-2568-integrity-report.txt"

# Lines of the seed (numbered from 1 as an editor shows them) with the rows of measures 2 and 4.
ROW_TWO, ROW_FOUR = 17, 31


def import_report(path, *args):
    out = StringIO()
    call_command("import_report", str(path), *args, stdout=out)
    return out.getvalue()


def edited_seed(tmp_path, edits):
    """The seed with {line number: (old, new)} replaced, saved under the seed's own name."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for line_number, (old, new) in edits.items():
        assert old in lines[line_number - 1]
        lines[line_number - 1] = lines[line_number - 1].replace(old, new)
    path = tmp_path / SEED.name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def measure(number):
    return Measure.objects.get(agency__slug="rangsit", fiscal_year=2568, number=number)


def row_counts():
    """Rows of every table of the register, ITA and reports, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("measures", "ita", "reports")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    }


def stored(number):
    one = measure(number)
    return (
        Measure.objects.filter(pk=one.pk).values().get(),
        list(one.steps.values_list("position", "text")),
        list(one.results.values_list("position", "text", "done_on", "evidence_links")),
        list(one.responsible_divisions.values_list("pk", flat=True)),
        list(one.indicators.values_list("pk", flat=True)),
    )


# The file's outcome of measure 2 ends with "ข้อละ ๑๐๐ คะแนน ... ๐๒๓ มีผลคะแนน ๑๐๐".
NEW_OUTCOME_TWO = (ROW_TWO, ("ข้อ ๐๒๓ มีผลคะแนน ๑๐๐", "ข้อ ๐๒๓ มีผลคะแนน ๙๙"))
NEW_OUTCOME_FOUR = (ROW_FOUR, ("<b>ได้คะแนน ๑๐๐ คะแนน</b>", "<b>ได้คะแนน ๙๙ คะแนน</b>"))


@pytest.fixture
def imported(db):
    import_report(SEED)


@pytest.fixture
def indicator(db):
    year, _ = AssessmentYear.objects.get_or_create(year_be=2568)
    return Indicator.objects.create(assessment_year=year, instrument="OIT", code="o99")


def test_a_dry_run_on_an_empty_register_writes_nothing_and_prints_the_plan(db):
    before = row_counts()

    output = import_report(SEED, "--dry-run")

    assert row_counts() == before
    assert output.splitlines()[:2] == [
        "ทดลองนำเข้า (--dry-run): ยังไม่ได้บันทึกอะไร ถ้านำเข้าจริงจะเป็นดังนี้",
        "นำเข้าเทศบาลนครรังสิต ปีงบประมาณ พ.ศ. 2568: สร้างใหม่ 5 มาตรการ ปรับปรุง 0 มาตรการ",
    ]
    assert "สร้างใหม่: ลำดับที่ 1, 2, 3, 4, 5" in output
    assert "สร้างหน่วยงานใหม่ ชื่อย่อในลิงก์ rangsit" in output


def test_a_dry_run_prints_measure_by_measure_and_the_import_then_does_exactly_that(
    tmp_path, imported
):
    three = measure(3)
    three.status, three.progress = Measure.Status.IN_PROGRESS, 70
    three.save()
    four = measure(4)
    four.outcome = "ผลลัพธ์ที่เจ้าหน้าที่แก้"
    four.save()
    path = edited_seed(tmp_path, dict([NEW_OUTCOME_TWO, NEW_OUTCOME_FOUR]))
    before = row_counts()

    plan = import_report(path, "--dry-run")

    assert row_counts() == before
    assert measure(2).outcome.endswith("ข้อ ๐๒๓ มีผลคะแนน ๑๐๐")
    expected = [
        "นำเข้าเทศบาลนครรังสิต ปีงบประมาณ พ.ศ. 2568: "
        "สร้างใหม่ 0 มาตรการ ปรับปรุง 1 มาตรการ ไม่เปลี่ยน 3 มาตรการ ขัดกัน 1 มาตรการ",
        "ลำดับที่ 2: ปรับปรุง ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ",
        "ลำดับที่ 3: คงค่าที่แก้ในทะเบียน สถานะและความก้าวหน้า",
        "ลำดับที่ 4: ขัดกัน ไม่ได้นำเข้า คงไว้ตามทะเบียน เพราะทั้งทะเบียนและไฟล์เปลี่ยนไปจาก"
        "การนำเข้าครั้งก่อน: ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ (แก้ในหน้าผู้ดูแลให้ตรงกับที่ต้องการ)",
        "ไม่เปลี่ยน: ลำดับที่ 1, 3, 5",
    ]
    assert plan.splitlines()[1:] == expected

    assert import_report(path).splitlines() == expected
    assert measure(2).outcome.endswith("ข้อ ๐๒๓ มีผลคะแนน ๙๙")
    assert (measure(3).status, measure(3).progress) == ("in_progress", 70)
    assert measure(4).outcome == "ผลลัพธ์ที่เจ้าหน้าที่แก้"


def test_status_progress_ita_items_and_added_results_survive_a_changed_file(
    tmp_path, imported, indicator
):
    two = measure(2)
    two.status, two.progress, two.states_scores = Measure.Status.IN_PROGRESS, 80, True
    two.save()
    two.indicators.set([indicator])
    Result.objects.create(measure=two, text="ผลที่เพิ่มในหน้าผู้ดูแล", done_on=date(2025, 3, 1))
    first = two.results.get(position=1)
    first.evidence_links = "https://www.rangsit.go.th/training.pdf"
    first.save()

    output = import_report(edited_seed(tmp_path, dict([NEW_OUTCOME_TWO])))

    assert "ลำดับที่ 2: ปรับปรุง ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ" in output
    assert "ลำดับที่ 2: คงค่าที่แก้ในทะเบียน ผลการดำเนินการ, สถานะและความก้าวหน้า" in output
    two = measure(2)
    assert two.outcome.endswith("ข้อ ๐๒๓ มีผลคะแนน ๙๙")
    assert (two.status, two.progress, two.states_scores) == ("in_progress", 80, True)
    assert list(two.indicators.all()) == [indicator]
    assert two.results.count() == 5
    assert two.results.filter(text="ผลที่เพิ่มในหน้าผู้ดูแล").exists()
    assert two.results.get(position=1).evidence_links == "https://www.rangsit.go.th/training.pdf"


def test_a_part_both_changed_leaves_the_whole_measure_as_staff_have_it(tmp_path, imported):
    two = measure(2)
    two.outcome = "ผลลัพธ์ที่ผู้ประสานงานแก้"
    two.save()
    two.steps.filter(position=4).delete()
    before = stored(2)
    # The file changes the same outcome, and also the titles staff never touched.
    path = edited_seed(tmp_path, dict([NEW_OUTCOME_TWO]))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[ROW_TWO - 1] = lines[ROW_TWO - 1].replace("การสร้างความเชื่อมั่น", "การเสริมความเชื่อมั่น")
    path.write_text("\n".join(lines), encoding="utf-8")
    history_before = measure(2).history.count()

    output = import_report(path)

    assert (
        "ลำดับที่ 2: ขัดกัน ไม่ได้นำเข้า คงไว้ตามทะเบียน เพราะทั้งทะเบียนและไฟล์เปลี่ยนไปจาก"
        "การนำเข้าครั้งก่อน: ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ" in output
    )
    assert stored(2) == before
    assert measure(2).history.count() == history_before


def test_a_file_changed_where_staff_changed_nothing_is_applied(tmp_path, imported):
    path = edited_seed(tmp_path, {ROW_FOUR: ("เผยแพร่เอกสารคู่มือ", "ส่งเอกสารคู่มือ")})

    output = import_report(path)

    assert "ลำดับที่ 4: ปรับปรุง ขั้นตอน/วิธีการปฏิบัติ" in output
    assert list(measure(4).steps.values_list("text", flat=True))[1].startswith("ส่งเอกสารคู่มือ")


def test_the_import_is_recorded_in_the_history_with_the_files_name(tmp_path, db):
    import_report(SEED)
    two = measure(2)
    assert two.history.earliest().history_change_reason == REASON
    assert {s.history_change_reason for s in Measure.history.model.objects.all()} == {REASON}
    step_history = two.steps.model.history.filter(measure_id=two.pk)
    assert step_history.count() == 4
    assert {s.history_change_reason for s in step_history} == {REASON}

    import_report(edited_seed(tmp_path, dict([NEW_OUTCOME_TWO])))

    latest = measure(2).history.latest()
    assert latest.history_change_reason == REASON
    assert latest.outcome.endswith("ข้อ ๐๒๓ มีผลคะแนน ๙๙")
    assert latest.prev_record.outcome.endswith("ข้อ ๐๒๓ มีผลคะแนน ๑๐๐")


def test_a_register_imported_before_import_records_existed_conflicts_only_where_it_differs(
    tmp_path, imported
):
    Measure.objects.update(last_import=None)
    three = measure(3)
    three.outcome = "แก้ในหน้าผู้ดูแล"
    three.save()

    output = import_report(SEED)

    assert "ลำดับที่ 3: ขัดกัน ไม่ได้นำเข้า" in output
    assert "ไม่เปลี่ยน: ลำดับที่ 1, 2, 4, 5" in output
    assert measure(3).outcome == "แก้ในหน้าผู้ดูแล"
    assert measure(2).last_import is not None


def test_a_measure_no_import_wrote_takes_the_file_where_it_is_still_empty(imported):
    # As a measure copied from last year: no results, no outcome, not started.
    Measure.objects.update(last_import=None)
    five = measure(5)
    five.outcome, five.status, five.progress = "", Measure.Status.NOT_STARTED, 0
    five.save()
    five.results.all().delete()

    output = import_report(SEED)

    assert "ลำดับที่ 5: ปรับปรุง ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ, ผลการดำเนินการ, สถานะและความก้าวหน้า" in output
    five = measure(5)
    assert five.outcome.startswith("ช่องทางการรับรู้ข้อมูลข่าวสาร")
    assert (five.results.count(), five.status, five.progress) == (1, "done", 100)
