"""The report parser on its own: cells, periods, divisions and page layout, without a database."""

from datetime import date

import pytest

from measures.report_file import (
    ReportFileError,
    parse_report,
    read_divisions,
    read_list_cell,
    read_period,
)
from measures.report_import import division_order

TITLE = [
    "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน  ",
    "ประจำปีงบประมาณ พ.ศ.๒๕๖๘  ",
    "เทศบาลนครรังสิต อำเภอธัญบุรี จังหวัดปทุมธานี",
]
HEADER = "ที่\tมาตรการ\tขั้นตอน\tระยะเวลา\tผู้รับผิดชอบ\tผลการดำเนินการ\tผลลัพธ์"
PERIOD = "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ต.ค.๖๗-๓๐ ก.ย.๖๘"


def row(number, divisions="กองคลัง", results="ทำแล้ว"):
    return "\t".join([number, "มาตรการ", "ขั้นตอน", PERIOD, divisions, results, "ผลลัพธ์"])


def test_it_reads_bullets_in_list_items_with_or_without_a_space():
    cell = '<ul style="list-style-type: none"><li>● หนึ่ง</li> <li>●สอง  สาม</li></ul>'
    assert read_list_cell(cell).items == ["หนึ่ง", "สอง  สาม"]
    assert read_list_cell(cell).style == "bulleted"


def test_it_reads_numbered_paragraphs():
    cell = "<p>๑. หนึ่ง <b>ตัวหนา</b></p> <p>๒. สอง</p>"
    parsed = read_list_cell(cell)
    assert (parsed.intro, parsed.items, parsed.style) == (
        "",
        ["หนึ่ง <b>ตัวหนา</b>", "สอง"],
        "numbered",
    )


def test_it_keeps_a_leading_part_that_is_not_a_list_item_as_the_intro():
    cell = "<b>ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ.๒๕๖๗</b> <ul><li>●หนึ่ง</li><li>●สอง</li></ul>"
    parsed = read_list_cell(cell)
    assert parsed.intro == "<b>ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ.๒๕๖๗</b>"
    assert parsed.items == ["หนึ่ง", "สอง"]


def test_it_reads_an_unmarked_paragraph_before_numbered_ones_as_the_intro():
    parsed = read_list_cell("<p>นำ</p><p>๑. หนึ่ง</p><p>๒. สอง</p>")
    assert (parsed.intro, parsed.items) == ("นำ", ["หนึ่ง", "สอง"])


def test_it_splits_bullets_without_tags():
    parsed = read_list_cell("นำ ●หนึ่ง ● สอง")
    assert (parsed.intro, parsed.items, parsed.style) == ("นำ", ["หนึ่ง", "สอง"], "bulleted")


def test_it_splits_numbers_without_tags_only_in_sequence():
    parsed = read_list_cell("๑. หนึ่ง ข้อ ๓. ไม่ใช่ ๒. สอง")
    assert parsed.items == ["หนึ่ง ข้อ ๓. ไม่ใช่", "สอง"]


def test_it_reads_plain_text_as_one_numbered_item():
    parsed = read_list_cell("ได้คะแนน ๙๘.๒๕ ข้อ ๑. ทั้งหมด")
    assert (parsed.items, parsed.style) == (["ได้คะแนน ๙๘.๒๕ ข้อ ๑. ทั้งหมด"], "numbered")


def test_a_decimal_at_the_start_is_not_a_number_marker():
    assert read_list_cell("๙๘.๒๕ คะแนน").items == ["๙๘.๒๕ คะแนน"]


def test_an_empty_cell_has_no_items():
    assert read_list_cell("").items == []


def test_it_reads_a_period_of_thai_short_dates():
    assert read_period(9, "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ม.ค.๖๘-๓๐ ส.ค.๖๘", 2568) == (
        date(2025, 1, 1),
        date(2025, 8, 30),
    )


def test_it_reads_a_period_with_only_a_start_or_only_an_end():
    assert read_period(9, "ปีงบประมาณ พ.ศ.๒๕๖๘ ตั้งแต่ ๑ ต.ค.๖๗", 2568) == (date(2024, 10, 1), None)
    assert read_period(9, "ปีงบประมาณ พ.ศ.๒๕๖๘ ถึง ๓๐ ก.ย.๖๘", 2568) == (None, date(2025, 9, 30))
    assert read_period(9, "", 2568) == (None, None)


def test_an_unreadable_period_names_its_line():
    with pytest.raises(ReportFileError) as error:
        read_period(9, "ตลอดปีงบประมาณ", 2568)
    assert error.value.line_number == 9
    assert str(error.value).startswith('บรรทัดที่ 9: อ่านระยะเวลาดำเนินการ "ตลอดปีงบประมาณ" ไม่ได้')


def test_a_division_name_continues_until_a_word_starts_with_samnak_or_kong():
    assert read_divisions(1, "กองยุทธศาสตร์และ งบประมาณ สำนักคลัง กองช่าง") == (
        False,
        ["กองยุทธศาสตร์และงบประมาณ", "สำนักคลัง", "กองช่าง"],
    )


def test_every_division_of_the_agency_is_a_flag_not_a_division():
    assert read_divisions(1, "เทศบาลนครรังสิต ทุกสำนัก/กอง") == (True, [])


def test_it_skips_the_stray_title_block_and_repeated_headers():
    lines = ["", *TITLE, "", *TITLE, "", HEADER, row("๑"), "", *TITLE, "", HEADER, row("๒")]
    report = parse_report("\n".join(lines))
    assert (report.fiscal_year, report.agency_name, report.district, report.province) == (
        2568,
        "เทศบาลนครรังสิต",
        "ธัญบุรี",
        "ปทุมธานี",
    )
    assert report.title == "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert [measure.number for measure in report.measures] == [1, 2]
    assert [measure.line_number for measure in report.measures] == [11, 18]


def test_it_reads_windows_line_endings():
    report = parse_report("\r\n".join([*TITLE, HEADER, row("๑")]))
    assert report.measures[0].outcome == "ผลลัพธ์"


def test_a_short_form_finds_a_full_name_given_later_in_the_file():
    lines = [*TITLE, row("๑", "กองยุทธศาสตร์ฯ"), row("๒", "กองยุทธศาสตร์และ งบประมาณ")]
    report = parse_report("\n".join(lines))
    assert report.measures[0].division_names == ["กองยุทธศาสตร์และงบประมาณ"]
    assert report.short_names == {"กองยุทธศาสตร์และงบประมาณ": "กองยุทธศาสตร์ฯ"}


def test_a_short_form_matching_two_full_names_is_an_error():
    lines = [*TITLE, row("๑", "กองช่างฯ"), row("๒", "กองช่างสุขาภิบาล กองช่างโยธา")]
    with pytest.raises(ReportFileError, match='บรรทัดที่ 4: ชื่อย่อ "กองช่างฯ" ตรงกับหลายสำนัก/กอง'):
        parse_report("\n".join(lines))


def test_a_result_without_a_date_has_none():
    report = parse_report("\n".join([*TITLE, row("๑", results="ทำแล้วเสร็จ")]))
    assert report.measures[0].results[0].done_on is None


def test_a_line_without_tabs_among_the_rows_is_an_error():
    lines = [*TITLE, "", HEADER, row("๑"), "๒ มาตรการที่ไม่มีแท็บ"]
    with pytest.raises(ReportFileError, match="บรรทัดที่ 7: .*ไม่มีแท็บ"):
        parse_report("\n".join(lines))


def test_a_christian_era_fiscal_year_is_an_error():
    lines = [TITLE[0], "ประจำปีงบประมาณ พ.ศ.2025", TITLE[2], row("๑")]
    with pytest.raises(ReportFileError, match="บรรทัดที่ 2: ปีงบประมาณ 2025"):
        parse_report("\n".join(lines))


def test_division_order_agrees_with_every_row():
    rows = [["ยุทธ"], ["เจ้าหน้าที่", "ยุทธ"], ["ยุทธ"], ["คลัง", "ยุทธ"]]

    assert division_order(rows) == ["เจ้าหน้าที่", "คลัง", "ยุทธ"]


def test_division_order_falls_back_to_first_appearance_when_rows_disagree():
    assert division_order([["ก", "ข"], ["ข", "ก"]]) == ["ก", "ข"]
