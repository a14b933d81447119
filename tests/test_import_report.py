"""`manage.py import_report FILE`: the Rangsit 2568 report into the register, and bad files."""

from datetime import date
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from measures import report_import
from measures.models import Agency, ClosedYear, Division, Measure, Result, Step

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


def import_report(path, *args):
    out = StringIO()
    call_command("import_report", str(path), *args, stdout=out)
    return out.getvalue()


def seed_lines():
    return SEED.read_text(encoding="utf-8").split("\n")


def write_lines(tmp_path, lines, name="report.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def seed_with(tmp_path, line_number, old, new):
    """The seed with one replacement on one line (numbered from 1, as an editor shows it)."""
    lines = seed_lines()
    assert old in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new)
    return write_lines(tmp_path, lines)


def measure(number):
    return Measure.objects.get(agency__slug="rangsit", fiscal_year=2568, number=number)


def steps_of(number):
    return list(measure(number).steps.values_list("position", "text"))


def results_of(number):
    return list(measure(number).results.values_list("position", "text", "done_on"))


def divisions_of(number):
    return sorted(measure(number).responsible_divisions.values_list("name", flat=True))


def snapshot():
    """Every row the importer may write, to show that a failed import changed nothing."""
    return {
        "agencies": list(Agency.objects.values_list("name", "slug")),
        "divisions": list(Division.objects.values_list("name", "short_name")),
        "measures": list(
            Measure.objects.values_list("number", "titles", "outcome", "status", "started_on")
        ),
        "steps": list(Step.objects.values_list("measure__number", "position", "text")),
        "results": list(Result.objects.values_list("measure__number", "position", "text")),
    }


@pytest.fixture
def imported(db):
    import_report(SEED)


def test_it_creates_the_agency_from_the_title_block(imported):
    agency = Agency.objects.get()
    assert agency.name == "เทศบาลนครรังสิต"
    assert agency.slug == "rangsit"
    assert agency.district == "ธัญบุรี"
    assert agency.province == "ปทุมธานี"


def test_it_uses_an_agency_already_in_the_register(agency):
    import_report(SEED)
    assert list(Agency.objects.all()) == [agency]
    agency.refresh_from_db()
    assert agency.head_name == "นายทดสอบ ผู้บริหาร"
    assert Measure.objects.filter(agency=agency).count() == 5


def test_it_imports_five_measures_of_fiscal_year_2568(imported):
    assert list(Measure.objects.values_list("fiscal_year", "number")) == [
        (2568, 1),
        (2568, 2),
        (2568, 3),
        (2568, 4),
        (2568, 5),
    ]


def test_it_prints_a_thai_summary(db):
    output = import_report(SEED)
    assert output.splitlines()[0] == (
        "นำเข้าเทศบาลนครรังสิต ปีงบประมาณ พ.ศ. 2568: สร้างใหม่ 5 มาตรการ ปรับปรุง 0 มาตรการ"
    )
    assert "สร้างใหม่: ลำดับที่ 1, 2, 3, 4, 5" in output


def test_it_imports_measure_one_with_plain_cells(imported):
    one = measure(1)
    assert one.title_lines == [
        "ยกระดับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๘"
    ]
    assert steps_of(1) == [
        (
            1,
            "แต่งตั้งคณะทำงานการจัดทำแบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data integrity and "
            "Transparency Assessment : OIT) ประจำปีงบประมาณ พ.ศ.๒๕๖๘",
        )
    ]
    assert one.steps_style == "numbered"
    assert (one.started_on, one.ended_on) == (date(2025, 1, 1), date(2025, 8, 30))
    assert divisions_of(1) == ["กองยุทธศาสตร์และงบประมาณ"]
    assert one.is_every_division is False
    assert one.results_intro == ""
    assert results_of(1) == [
        (
            1,
            "มีการแต่งตั้งคณะทำงานการจัดทำแบบวัดการเปิดเผยข้อมูลสาธารณะ (Open Data integrity "
            "and Transparency Assessment : OIT) ประจำปีงบประมาณ พ.ศ.๒๕๖๘ "
            "ตามคำสั่งเทศบาลนครรังสิต เลขที่ ๒๗๒๒/๒๕๖๗ ลงวันที่ ๑๒ ธันวาคม พ.ศ.๒๕๖๗",
            date(2024, 12, 12),
        )
    ]
    assert one.outcome == (
        "ผลการประเมิน ITA พ.ศ.๒๕๖๗ ได้คะแนน ๙๘.๒๕ เปรียบเทียบปีที่ผ่านมา พ.ศ. ๒๕๖๘ "
        "มีคะแนนสูงขึ้น +๑.๔๕ ได้คะแนน ๙๙.๗๐ ระดับผลการประเมิน “ผ่านดีเยี่ยม”"
    )
    assert (one.status, one.progress) == ("done", 100)


def test_it_imports_measure_two_with_two_titles_and_numbered_lists(imported):
    two = measure(2)
    assert two.titles == (
        "การเพิ่มประสิทธิภาพการปฏิบัติงานของเจ้าหน้าที่ท้องถิ่น\nการสร้างความเชื่อมั่นให้กับผู้มาติดต่อหรือมารับบริการ"
    )
    assert steps_of(2) == [
        (1, "จัดฝึกอบรมเพิ่มประสิทธิภาพการปฏิบัติงานของเจ้าหน้าที่ท้องถิ่น"),
        (2, "ปรับปรุงขั้นตอนการปฏิบัติงานให้มีความชัดเจนและประชาสัมพันธ์ให้ประชาชนทราบ ณ จุดให้บริการ"),
        (3, "สร้างความเชื่อมั่นให้กับประชาชนที่มีติดต่อขอรับบริการให้เกิดความพึงพอใจสูงสุด"),
        (4, "สสำรวจความพึงพอใจในการให้บริการเพื่อนำไปพัฒนาการให้บริการให้ดีขึ้น"),
    ]
    assert two.steps_style == "numbered"
    assert (two.started_on, two.ended_on) == (date(2024, 10, 1), date(2025, 9, 30))
    assert divisions_of(2) == ["กองการเจ้าหน้าที่", "กองยุทธศาสตร์และงบประมาณ"]
    assert two.results_intro == ""
    assert two.results_style == "numbered"
    assert results_of(2) == [
        (
            1,
            "จัดฝึกอบรมเพิ่มประสิทธิภาพการปฏิบัติงานของเจ้าหน้าที่ท้องถิ่น <b>เมื่อวันที่ ๒๔ ธ.ค.๖๗</b>",
            date(2024, 12, 24),
        ),
        (
            2,
            "เผยแพร่คู่มือการปฏิบัติงานของเจ้าหน้าที่ผ่านเว็บไซต์เทศบาลนครรังสิต <b>ตั้งแต่วันที่ ๑ ต.ค.๖๗ เป็นต้นไป</b>",
            date(2024, 10, 1),
        ),
        (
            3,
            "ประกาศเทศบาลนครรังสิต เรื่องนโยบายการไม่รับของขวัญและของกำนัลทุกชนิด"
            "จากการปฏิบัติหน้าที่ (No Gift Policy) ของเทศบาลนครรังสิต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
            "<b>ลงวันที่ ๑๙ ธ.ค.๖๗</b>",
            date(2024, 12, 19),
        ),
        (
            4,
            "สรุปการประเมินความพึงพอใจของประชาชนต่อการให้บริการของเทศบาลนครรังสิต"
            "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ เมื่อวันที่ ๙ ตุลาคม ๒๕๖๘",
            date(2025, 10, 9),
        ),
    ]
    assert two.outcome == (
        "ผลการประเมิน ITA ตัวชี้วัดด้านการบริหารและทรัพยากรบุคคล ข้อ ๐๑๔ -๐๑๖ "
        "มีผลคะแนนข้อละ ๑๐๐ คะแนน/ด้านการบริหารงานและงบประมาณ ข้อ ๐๕-๐๑๑ มีผลคะแนน "
        "ข้อละ ๑๐๐ คะแนน /ด้านการดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน ข้อ ๐๒๓ มีผลคะแนน ๑๐๐"
    )
    assert (two.status, two.progress) == ("done", 100)


def test_it_imports_measure_three_for_every_division_with_a_results_intro(imported):
    three = measure(3)
    assert three.titles == "การให้บริการในรูปแบบ ออนไลน์ หรือ E-Service"
    assert steps_of(3) == [
        (1, "เพิ่มช่องทางการให้บริการในรูปแบบ ออนไลน์ หรือ E-Service"),
        (2, "พัฒนาระบบการให้บริการออนไลน์ (E-Service) ให้หลากหลายและ ครอบคลุม ภารกิจแต่ละด้าน"),
    ]
    assert three.steps_style == "bulleted"
    assert (three.started_on, three.ended_on) == (date(2024, 10, 1), date(2025, 9, 30))
    assert three.is_every_division is True
    assert divisions_of(3) == []
    assert three.results_intro == "<b>ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ.๒๕๖๗ เป็นต้นไป</b>"
    assert three.results_style == "bulleted"
    # Neither result has a date of its own; both take the intro's.
    assert results_of(3) == [
        (
            1,
            "จัดทำช่องทางให้บริการในรูปแบบ ออนไลน์ เช่น ยืมเดินท์/โต๊ะ/เก้าอี้ , ดูด สิ่งปฏิกูล , "
            "จอควิทำบัตรประจำตัว ประชาชน",
            date(2024, 10, 1),
        ),
        (
            2,
            "พัฒนาระบบการให้บริการออนไลน์ (E-Service) ให้หลากหลายและ ครอบคลุมทุกภารกิจ "
            "โดยการเพิ่มงาน ในระบบและประชาสัมพันธ์เชิญชวนให้ ประชาชนเข้าใช้บริการ",
            date(2024, 10, 1),
        ),
    ]
    assert three.outcome == (
        "ประชาชนได้รับความสะดวก ในการเข้าถึงบริการของ หน่วยงานผ่านทางรูปแบบ "
        "ออนไลน์และยังช่วยประหยัด ค่าใช้จ่ายในการติดต่อกับ หน่วยงาน  ผลการประเมิน ITA ๐๑๑ "
        "ข้อมูลสถิติการให้บริการ ปี ๒๕๖๗ จำนวน ๓,๐๒๖ คน ปี ๒๕๖๘ จำนวน ๑,๑๘๐ คน "
        "เปรียบเทียบปีที่ผ่านมามีคน เข้ามาใช้บริการลดลง(-) จำนวน ๑,๘๔๖ คน "
        "เนื่องจากประชาชนไม่มั่นใจ การดำเนินการซึ่งอาจล่าช้า ทำให้รู้สึกว่าการมาติดต่อ "
        "เจ้าหน้าที่โดยตรงให้ความรู้สึก มั่นใจและอุ่นใจกว่า"
    )


def test_it_imports_measure_four_with_bulleted_steps_and_one_result(imported):
    four = measure(4)
    assert four.titles == "ปรับปรุงการทำงานด้านการใช้ ทรัพย์สินของทางราชการ"
    assert steps_of(4) == [
        (1, "จัดทำคู่มือมาตรฐานการปฏิบัติงาน การขอยืมทรัพย์สินของราชการตาม ประเภทงานด้านต่าง ๆ"),
        (2, "เผยแพร่เอกสารคู่มือให้ทุกสำนัก/กอง ได้ทราบ"),
    ]
    assert four.steps_style == "bulleted"
    assert (four.started_on, four.ended_on) == (date(2024, 10, 1), date(2025, 9, 30))
    assert divisions_of(4) == ["กองยุทธศาสตร์และงบประมาณ", "สำนักคลัง"]
    assert results_of(4) == [
        (
            1,
            "มีการจัดทำแบบฟอร์มการ ให้บริการยืมทรัพย์สินของ ทางราชการ และสมุดคุม "
            "การให้ยืม - คืน ทรัพย์สิน ของทางราชการ ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๗",
            date(2024, 10, 1),
        )
    ]
    assert four.outcome == (
        "เจ้าหน้าที่ผู้รับผิดชอบสามารถตรวจสอบ และควบคุม ติดตามการใช้ทรัพย์สินของ "
        "ทางราชการได้อย่างถูกต้อง รวดเร็ว และ เจ้าหน้าที่ทุกคนในหน่วยงานสามารถนำ "
        "แบบฟอร์มไปใช้ตั้งแต่วันที่ ๑ ตุลาคม ๒๕๖๗ เป็นต้นไป ได้ ๑๐๐ %  ผลการประเมิน ITA "
        "ข้อ i๑๐ การขอยืม ทรัพย์สินของราชการไปใช้อย่างถูกต้อง <b>ได้คะแนน ๑๐๐ คะแนน</b>"
    )


def test_it_imports_measure_five_whose_division_name_wraps(imported):
    five = measure(5)
    assert five.titles == "การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร"
    assert steps_of(5) == [
        (
            1,
            "ปรับปรุงเว็บไซต์ของเทศบาลนครรังสิต ให้มีความทันสมัย และเพิ่มช่องทางการ "
            "ติดต่อสื่อสารกับบุคคลภายนอกได้ หลากหลายช่องทาง เช่น สื่อ Social Media",
        )
    ]
    assert five.steps_style == "numbered"
    assert divisions_of(5) == ["กองยุทธศาสตร์และงบประมาณ"]
    assert results_of(5) == [
        (
            1,
            "เจ้าหน้าที่ผู้รับผิดชอบได้ ดำเนินการลงประกาศ ข้อมูลข่าวสารที่สำคัญ "
            "ต่างๆเผยแพร่ผ่านเว็บไซต์ เทศบาลนครรังสิต หรือ ผ่านทางเสียงตามสาย "
            "รวมถึงช่องทางสื่อ Social Media ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗",
            date(2024, 10, 1),
        )
    ]
    assert five.outcome == (
        "ช่องทางการรับรู้ข้อมูลข่าวสารของ ประชาชนมีเพิ่มมากขึ้น และประชาชน "
        "สามารถเข้าถึงข้อมูลได้ง่าย และสามารถ ตรวจสอบ ติดตามผลการดำเนินงานของ "
        "เทศบาลนครรังสิตได้  ผลการประเมิน ITA ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร "
        "<b>ได้ ๙๙.๙๑ คะแนน</b>"
    )


def test_it_creates_each_division_once_with_the_short_form_of_the_report(imported):
    # Ordered so that row ๒ ("กองการเจ้าหน้าที่ กองยุทธศาสตร์ฯ") and row ๔
    # ("สำนักคลัง กองยุทธศาสตร์ฯ") both print as the file has them.
    assert list(Division.objects.values_list("name", "short_name", "position")) == [
        ("กองการเจ้าหน้าที่", "", 1),
        ("สำนักคลัง", "", 2),
        ("กองยุทธศาสตร์และงบประมาณ", "กองยุทธศาสตร์ฯ", 3),
    ]


def test_it_keeps_each_rows_order_of_divisions(imported):
    assert [d.report_name for d in measure(2).responsible_divisions.all()] == [
        "กองการเจ้าหน้าที่",
        "กองยุทธศาสตร์ฯ",
    ]
    assert [d.report_name for d in measure(4).responsible_divisions.all()] == [
        "สำนักคลัง",
        "กองยุทธศาสตร์ฯ",
    ]


def test_it_links_the_divisions_already_in_the_register(strategy_division, finance_division):
    import_report(SEED)
    assert Division.objects.count() == 3
    assert list(measure(4).responsible_divisions.all()) == [strategy_division, finance_division]
    assert list(measure(5).responsible_divisions.all()) == [strategy_division]


def test_it_finds_a_short_form_the_file_never_spells_out_in_the_register(
    tmp_path, strategy_division
):
    lines = seed_lines()
    lines[15] = lines[15].replace("\tกองยุทธศาสตร์และงบประมาณ\t", "\tกองยุทธศาสตร์ฯ\t")
    lines[31] = lines[31].replace("\tกองยุทธศาสตร์และ งบประมาณ\t", "\tกองยุทธศาสตร์ฯ\t")
    import_report(write_lines(tmp_path, lines))
    assert list(measure(1).responsible_divisions.all()) == [strategy_division]
    assert Division.objects.filter(name__startswith="กองยุทธศาสตร์").count() == 1


def test_it_keeps_the_typos_of_the_original(imported):
    assert Step.objects.filter(text__startswith="สสำรวจความพึงพอใจ").count() == 1
    assert Result.objects.filter(text__contains="ยืมเดินท์/โต๊ะ/เก้าอี้").count() == 1
    assert Result.objects.filter(text__contains="จอควิทำบัตรประจำตัว").count() == 1


def test_reimporting_the_same_file_creates_no_duplicates(imported):
    before = snapshot()
    output = import_report(SEED)
    assert output.splitlines()[0] == (
        "นำเข้าเทศบาลนครรังสิต ปีงบประมาณ พ.ศ. 2568: "
        "สร้างใหม่ 0 มาตรการ ปรับปรุง 0 มาตรการ ไม่เปลี่ยน 5 มาตรการ"
    )
    assert "ไม่เปลี่ยน: ลำดับที่ 1, 2, 3, 4, 5" in output
    assert snapshot() == before
    assert (Measure.objects.count(), Step.objects.count(), Result.objects.count()) == (5, 10, 9)


def test_reimporting_keeps_the_evidence_staff_attached_to_a_result(imported):
    first = measure(2).results.get(position=1)
    first.evidence_links = "https://www.rangsit.go.th/training-2567.pdf"
    first.save()

    import_report(SEED)

    again = measure(2).results.get(position=1)
    assert again.text == first.text
    assert again.evidence_links == "https://www.rangsit.go.th/training-2567.pdf"
    assert measure(2).results.exclude(evidence_links="").count() == 1


def test_reimporting_the_same_file_keeps_what_staff_edited(finance_division, imported):
    # Until the re-import rules of issue 7 this put the file's measure back over the edits.
    two = measure(2)
    two.titles = "ชื่อที่แก้ไขแล้ว"
    two.status = Measure.Status.IN_PROGRESS
    two.progress = 40
    two.save()
    two.steps.filter(position=4).delete()
    two.results.update(text="แก้ไข", done_on=None)
    Result.objects.create(measure=two, text="ผลเพิ่มเติม")
    two.responsible_divisions.set([finance_division])

    import_report(SEED)

    two = measure(2)
    assert two.title_lines == ["ชื่อที่แก้ไขแล้ว"]
    assert (two.status, two.progress) == ("in_progress", 40)
    assert len(steps_of(2)) == 3
    assert [text for _, text, _ in results_of(2)] == ["แก้ไข"] * 4 + ["ผลเพิ่มเติม"]
    assert divisions_of(2) == ["สำนักคลัง"]
    assert Measure.objects.count() == 5


def test_a_measure_without_results_is_not_started(tmp_path, db):
    path = seed_with(tmp_path, 32, "ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗\t", "\t")
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[31].split("\t")
    cells[5] = ""
    lines[31] = "\t".join(cells)
    import_report(write_lines(tmp_path, lines))
    five = measure(5)
    assert (five.status, five.progress) == ("not_started", 0)
    assert five.results.count() == 0


def test_it_refuses_a_script_in_a_cell_naming_the_tag(tmp_path, db):
    # The report would print the tag as typed; the admin refuses it too (test_admin_input_texts).
    path = seed_with(
        tmp_path, 32, "การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร", "<script>alert(1)</script>"
    )
    with pytest.raises(CommandError, match="บรรทัดที่ 32: มาตรการ/โครงการ/กิจกรรม: ไม่รับแท็ก <script>"):
        import_report(path)
    assert not Measure.objects.exists()


def test_it_makes_a_slug_for_an_agency_it_does_not_know(tmp_path, db):
    path = write_lines(
        tmp_path,
        [
            line.replace("เทศบาลนครรังสิต อำเภอธัญบุรี", "เทศบาลเมืองใหม่ อำเภอคลองหลวง")
            for line in seed_lines()
        ],
    )
    output = import_report(path)
    agency = Agency.objects.get()
    assert (agency.name, agency.slug, agency.district) == ("เทศบาลเมืองใหม่", "agency-1", "คลองหลวง")
    assert "agency-1" in output


def test_it_takes_the_slug_of_a_new_agency_from_the_slug_option(tmp_path, db):
    path = write_lines(
        tmp_path,
        [line.replace("เทศบาลนครรังสิต อำเภอ", "เทศบาลเมืองใหม่ อำเภอ") for line in seed_lines()],
    )
    import_report(path, "--slug", "mueang-mai")
    assert Agency.objects.get().slug == "mueang-mai"


def test_it_refuses_a_slug_another_agency_has(tmp_path, agency):
    path = write_lines(
        tmp_path,
        [line.replace("เทศบาลนครรังสิต อำเภอ", "เทศบาลเมืองใหม่ อำเภอ") for line in seed_lines()],
    )
    with pytest.raises(CommandError, match='ชื่อย่อ "rangsit" เป็นของหน่วยงานอื่นแล้ว'):
        import_report(path, "--slug", "rangsit")
    assert Measure.objects.count() == 0


def test_it_refuses_a_slug_that_is_not_ascii(db):
    with pytest.raises(CommandError, match="--slug"):
        import_report(SEED, "--slug", "รังสิต")


def bad_title_only(tmp_path):
    return write_lines(tmp_path, seed_lines()[:7])


def bad_without_title(tmp_path):
    return write_lines(tmp_path, seed_lines()[14:17])


def bad_without_fiscal_year(tmp_path):
    return write_lines(
        tmp_path, [line.replace("ประจำปีงบประมาณ พ.ศ.๒๕๖๘", "") for line in seed_lines()]
    )


def bad_with_another_year_on_page_three(tmp_path):
    return seed_with(tmp_path, 27, "พ.ศ.๒๕๖๘", "พ.ศ.๒๕๖๗")


MALFORMED = [
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 17, "\tกองการเจ้าหน้าที่ กองยุทธศาสตร์ฯ", ""),
        "บรรทัดที่ 17: แถวข้อมูลมี 6 ช่อง ต้องมี 7 ช่องคั่นด้วยแท็บ",
        id="six-cells",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 32, "\tกองยุทธศาสตร์และ งบประมาณ", "\tกอง\tเกิน"),
        "บรรทัดที่ 32: แถวข้อมูลมี 8 ช่อง",
        id="eight-cells",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 31, "๔\t", "สี่\t"),
        'บรรทัดที่ 31: ลำดับที่ "สี่" ไม่ใช่ตัวเลข',
        id="number-in-words",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 24, "๑ ต.ค.๖๗-๓๐ ก.ย.๖๘", "ตลอดปี"),
        'บรรทัดที่ 24: อ่านระยะเวลาดำเนินการ "ปีงบประมาณ พ.ศ.๒๕๖๘ ตลอดปี" ไม่ได้',
        id="period-in-words",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 16, "๓๐ ส.ค.๖๘", "๓๑ ก.พ.๖๘"),
        "บรรทัดที่ 16: อ่านระยะเวลาดำเนินการ",
        id="period-not-in-calendar",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 16, "๑ ม.ค.๖๘-๓๐ ส.ค.๖๘", "๓๐ ส.ค.๖๘-๑ ม.ค.๖๘"),
        "บรรทัดที่ 16: ระยะเวลาดำเนินการ",
        id="period-backwards",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 16, "๑ ม.ค.๖๘-๓๐ ส.ค.๖๘", "๑ ม.ค.๖๙-๓๐ ส.ค.๖๙"),
        "บรรทัดที่ 16: ระยะเวลาดำเนินการ",
        id="period-outside-fiscal-year",
    ),
    pytest.param(
        lambda tmp_path: seed_with(tmp_path, 32, "๕\t", "๔\t"),
        "บรรทัดที่ 32: ลำดับที่ 4 ซ้ำกับแถวบรรทัดที่ 31",
        id="number-twice",
    ),
    pytest.param(bad_title_only, "บรรทัดที่ 7: ไม่พบแถวข้อมูลมาตรการ", id="no-rows"),
    pytest.param(bad_without_title, "บรรทัดที่ 1: ไม่พบหัวรายงาน", id="no-title-block"),
    pytest.param(bad_without_fiscal_year, "บรรทัดที่ 5: หัวรายงานไม่มีปีงบประมาณ", id="no-fiscal-year"),
    pytest.param(
        bad_with_another_year_on_page_three,
        "บรรทัดที่ 26: หัวรายงานหน้านี้",
        id="another-year-on-a-page",
    ),
    pytest.param(lambda tmp_path: write_lines(tmp_path, []), "บรรทัดที่ 1: ไฟล์ว่าง", id="empty-file"),
    pytest.param(
        lambda tmp_path: write_lines(tmp_path, ["", "   ", ""]),
        "บรรทัดที่ 1: ไฟล์ว่าง",
        id="blank-file",
    ),
]


@pytest.mark.parametrize(("make_file", "message"), MALFORMED)
def test_a_malformed_file_names_the_line_and_changes_nothing(
    tmp_path, imported, make_file, message
):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        import_report(make_file(tmp_path))
    assert message in str(error.value)
    assert snapshot() == before


def test_a_file_that_is_not_utf8_names_the_first_bad_line(tmp_path, imported):
    before = snapshot()
    path = tmp_path / "tis620.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("cp874", errors="replace"))
    with pytest.raises(CommandError, match="บรรทัดที่ 5: ไฟล์ไม่ใช่ข้อความ UTF-8"):
        import_report(path)
    assert snapshot() == before


def test_a_missing_file_is_named(tmp_path, db):
    with pytest.raises(CommandError, match="ไม่พบไฟล์ .*no-such-report.txt"):
        import_report(tmp_path / "no-such-report.txt")


def test_a_failure_while_writing_leaves_nothing_half_written(db, monkeypatch):
    real_save_measure = report_import.save_measure

    def fail_on_the_third(agency, fiscal_year, parsed, divisions):
        if parsed.number == 3:
            raise report_import.ReportFileError(parsed.line_number, "ล้มเหลวโดยตั้งใจ")
        return real_save_measure(agency, fiscal_year, parsed, divisions)

    monkeypatch.setattr(report_import, "save_measure", fail_on_the_third)
    with pytest.raises(CommandError, match="บรรทัดที่ 24: ล้มเหลวโดยตั้งใจ"):
        import_report(SEED)
    assert snapshot() == {
        "agencies": [],
        "divisions": [],
        "measures": [],
        "steps": [],
        "results": [],
    }


def test_a_published_year_refuses_an_import_that_would_change_it(tmp_path, imported):
    agency = Agency.objects.get(slug="rangsit")
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    before = snapshot()
    changed = seed_with(tmp_path, 32, "ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗\t", "\t")
    for options in [[], ["--dry-run"]]:
        with pytest.raises(CommandError) as error:
            import_report(changed, *options)
        assert "รายงานปีงบประมาณ พ.ศ. 2568 ของเทศบาลนครรังสิต เผยแพร่แล้ว" in str(error.value)
        assert "ลำดับที่ 5" in str(error.value)
        assert snapshot() == before
    # The same file again changes nothing, so it still passes (load_demo runs it every time).
    assert "ไม่เปลี่ยน 5 มาตรการ" in import_report(SEED)
    assert snapshot() == before


def test_reopening_the_year_lets_the_import_change_it_again(tmp_path, imported):
    agency = Agency.objects.get(slug="rangsit")
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    ClosedYear.objects.filter(agency=agency).delete()
    before = snapshot()
    output = import_report(seed_with(tmp_path, 32, "ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗\t", "\t"))
    assert "ปรับปรุง 1 มาตรการ" in output
    assert snapshot() != before
