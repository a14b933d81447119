"""Changes made outside the admin's forms are recorded too: by the importer, the copy action
and the shell, each with who (when known) and why."""

from io import StringIO

from django.conf import settings
from django.core.management import call_command

from measures.attribution import recorded_as
from measures.models import Agency, Division, Measure, Result, Step
from tests.conftest import PASSWORD
from tests.test_copy_to_next_year import copy, make_measure

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
IMPORT_REASON = "นำเข้าจากไฟล์ rangsit-2568-integrity-report.txt"


def test_the_importer_records_every_row_it_writes_with_the_file_as_reason(db):
    call_command("import_report", str(SEED), stdout=StringIO())

    for model in (Agency, Division, Measure, Step, Result):
        reasons = set(model.history.values_list("history_change_reason", flat=True))
        assert reasons == {IMPORT_REASON}, model
    assert Measure.history.filter(history_type="+").count() == Measure.objects.count() > 0
    assert Step.history.count() >= Step.objects.count() > 0


def test_an_import_shows_in_the_measures_history(client, admin_user):
    call_command("import_report", str(SEED), stdout=StringIO())
    measure = Measure.objects.order_by("number").first()
    client.login(username=admin_user.username, password=PASSWORD)

    page = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()

    assert IMPORT_REASON in page
    assert "ระบบ (ไม่ระบุผู้ใช้)" in page
    assert "ขั้นตอนที่ 1: เพิ่ม" in page


def test_the_copy_action_records_the_user_and_the_original(
    client, coordinator, agency, strategy_division
):
    original = make_measure(agency, strategy_division)

    copy(client, coordinator, original)

    copied = Measure.objects.get(fiscal_year=2568)
    reason = "คัดลอกจากมาตรการลำดับที่ 1 ปีงบประมาณ 2567"
    created = copied.history.get(history_type="+")
    assert created.history_user == coordinator
    assert created.history_change_reason == reason
    steps = Step.history.filter(measure_id=copied.pk)
    assert steps.count() == 2
    assert {(s.history_user, s.history_change_reason) for s in steps} == {(coordinator, reason)}


def test_a_change_in_the_shell_is_recorded_and_can_carry_a_reason(agency):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="จากเชลล์")

    with recorded_as("แก้คำผิดตามบันทึกที่ ๑๒"):
        measure.titles = "จากเชลล์ (แก้แล้ว)"
        measure.save()

    latest, first = measure.history.all()[:2]
    assert (latest.titles, latest.history_change_reason) == ("จากเชลล์ (แก้แล้ว)", "แก้คำผิดตามบันทึกที่ ๑๒")
    assert (first.titles, first.history_change_reason) == ("จากเชลล์", None)


def test_a_reason_longer_than_the_column_is_shortened_not_refused(agency):
    with recorded_as("นำเข้าจากไฟล์ " + "ก" * 300):
        Measure.objects.create(agency=agency, fiscal_year=2568, titles="ชื่อ")

    assert len(Measure.history.get().history_change_reason) == 100
