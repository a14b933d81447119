"""Expected values here were worked out by hand (BE = CE + 543), never by the code under test."""

from datetime import date

import pytest

from thai.calendar import (
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    be_year,
    ce_year,
    find_thai_dates,
    fiscal_period,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_start,
    long_date,
    numeric_date,
    parse_numeric_be_date,
    parse_thai_date,
    short_date,
    to_arabic_digits,
    to_thai_digits,
    to_thai_digits_in_html,
)

# Digits


def test_it_turns_every_arabic_digit_into_a_thai_digit():
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"


def test_it_turns_numbers_into_thai_digits():
    assert to_thai_digits(2567) == "๒๕๖๗"
    assert to_thai_digits(98.2) == "๙๘.๒"


def test_it_leaves_text_around_the_digits_alone():
    assert to_thai_digits("เลขที่ 2722/2567") == "เลขที่ ๒๗๒๒/๒๕๖๗"


def test_it_turns_none_into_an_empty_string():
    assert to_thai_digits(None) == ""
    assert to_arabic_digits(None) == ""


def test_it_turns_thai_digits_back_into_arabic_digits():
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_arabic_digits("เลขที่ ๒๗๒๒/๒๕๖๗") == "เลขที่ 2722/2567"


# Years


def test_the_buddhist_era_is_543_years_ahead():
    assert be_year(2024) == 2567
    assert be_year(2025) == 2568
    assert ce_year(2568) == 2025
    assert ce_year(2600) == 2057


def test_it_has_twelve_month_names_from_january():
    assert len(MONTH_NAMES) == 12
    assert MONTH_NAMES[0] == "มกราคม"
    assert MONTH_NAMES[1] == "กุมภาพันธ์"
    assert MONTH_NAMES[9] == "ตุลาคม"
    assert MONTH_NAMES[11] == "ธันวาคม"


def test_it_has_twelve_month_abbreviations_from_january():
    assert MONTH_ABBREVIATIONS == (
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    )


# Fiscal years


def test_30_september_is_the_last_day_of_a_fiscal_year():
    assert fiscal_year(date(2024, 9, 30)) == 2567
    assert fiscal_year(date(2025, 9, 30)) == 2568


def test_1_october_is_the_first_day_of_the_next_fiscal_year():
    assert fiscal_year(date(2024, 10, 1)) == 2568
    assert fiscal_year(date(2025, 10, 1)) == 2569


def test_january_belongs_to_the_fiscal_year_of_its_own_be_year():
    assert fiscal_year(date(2025, 1, 1)) == 2568
    assert fiscal_year(date(2024, 12, 31)) == 2568


def test_fiscal_year_2568_runs_from_1_october_2024_to_30_september_2025():
    assert fiscal_year_start(2568) == date(2024, 10, 1)
    assert fiscal_year_end(2568) == date(2025, 9, 30)


def test_the_days_either_side_of_a_fiscal_year_belong_to_its_neighbours():
    assert fiscal_year(date(2024, 9, 30)) == 2567
    assert fiscal_year(date(2024, 10, 1)) == 2568
    assert fiscal_year(date(2025, 9, 30)) == 2568
    assert fiscal_year(date(2025, 10, 1)) == 2569


# Writing dates


def test_it_writes_a_long_date_with_the_full_month_and_be_year():
    assert long_date(date(2024, 12, 12)) == "๑๒ ธันวาคม ๒๕๖๗"
    assert long_date(date(2025, 10, 9)) == "๙ ตุลาคม ๒๕๖๘"
    assert long_date(date(2024, 2, 29)) == "๒๙ กุมภาพันธ์ ๒๕๖๗"


def test_it_writes_a_short_date_with_no_space_between_month_and_year():
    assert short_date(date(2024, 12, 24)) == "๒๔ ธ.ค.๖๗"
    assert short_date(date(2024, 10, 1)) == "๑ ต.ค.๖๗"
    assert short_date(date(2025, 9, 30)) == "๓๐ ก.ย.๖๘"
    assert short_date(date(2025, 3, 1)) == "๑ มี.ค.๖๘"


def test_it_writes_a_numeric_date_in_arabic_digits_with_the_be_year():
    assert numeric_date(date(2024, 12, 24)) == "24/12/2567"
    assert numeric_date(date(2024, 10, 1)) == "01/10/2567"


def test_it_writes_nothing_for_a_missing_date():
    assert long_date(None) == ""
    assert short_date(None) == ""
    assert numeric_date(None) == ""


# The turn of the BE century: 2599 BE is 2056 CE, 2600 BE is 2057 CE.


def test_the_short_year_turns_from_99_to_00_at_be_2600():
    assert short_date(date(2056, 12, 31)) == "๓๑ ธ.ค.๙๙"
    assert short_date(date(2057, 1, 1)) == "๑ ม.ค.๐๐"
    assert short_date(date(2058, 1, 1)) == "๑ ม.ค.๐๑"


def test_the_long_date_writes_the_whole_be_year_at_the_turn_of_the_century():
    assert long_date(date(2056, 12, 31)) == "๓๑ ธันวาคม ๒๕๙๙"
    assert long_date(date(2057, 1, 1)) == "๑ มกราคม ๒๖๐๐"


def test_fiscal_year_2600_starts_on_1_october_2599_be():
    assert fiscal_year_start(2600) == date(2056, 10, 1)
    assert fiscal_year_end(2600) == date(2057, 9, 30)
    assert fiscal_year(date(2056, 9, 30)) == 2599
    assert fiscal_year(date(2056, 10, 1)) == 2600


# The report's period column


def test_a_whole_fiscal_year_period_reads_like_the_report():
    period = fiscal_period(date(2024, 10, 1), date(2025, 9, 30))
    assert period == "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ต.ค.๖๗-๓๐ ก.ย.๖๘"


def test_a_part_of_a_fiscal_year_reads_like_the_report():
    period = fiscal_period(date(2025, 1, 1), date(2025, 8, 30))
    assert period == "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ม.ค.๖๘-๓๐ ส.ค.๖๘"


def test_a_period_over_two_fiscal_years_names_both_years():
    period = fiscal_period(date(2024, 10, 1), date(2026, 9, 30))
    assert period == "ปีงบประมาณ พ.ศ.๒๕๖๘-๒๕๖๙ ๑ ต.ค.๖๗-๓๐ ก.ย.๖๙"


def test_a_period_with_only_a_start_says_from_when():
    assert fiscal_period(date(2024, 10, 1), None) == "ปีงบประมาณ พ.ศ.๒๕๖๘ ตั้งแต่ ๑ ต.ค.๖๗"


def test_a_period_with_only_an_end_says_until_when():
    assert fiscal_period(None, date(2025, 9, 30)) == "ปีงบประมาณ พ.ศ.๒๕๖๘ ถึง ๓๐ ก.ย.๖๘"


def test_a_period_with_no_dates_is_empty():
    assert fiscal_period(None, None) == ""


# Leap years follow the CE year.


def test_29_february_2567_exists_because_2024_is_a_leap_year():
    assert parse_numeric_be_date("29/02/2567") == date(2024, 2, 29)
    assert parse_thai_date("๒๙ ก.พ.๖๗") == date(2024, 2, 29)


def test_29_february_2568_does_not_exist_because_2025_is_not_a_leap_year():
    with pytest.raises(ValueError, match="^วันที่ 29/02/2568 ไม่มีในปฏิทิน$"):
        parse_numeric_be_date("29/02/2568")
    with pytest.raises(ValueError):
        parse_thai_date("๒๙ ก.พ.๖๘")


def test_29_february_2543_exists_because_2000_is_a_leap_year():
    assert parse_numeric_be_date("29/02/2543") == date(2000, 2, 29)


def test_29_february_2643_does_not_exist_because_2100_is_not_a_leap_year():
    with pytest.raises(ValueError, match="^วันที่ 29/02/2643 ไม่มีในปฏิทิน$"):
        parse_numeric_be_date("29/02/2643")


@pytest.mark.parametrize("typed", ["24/12/2467", "24/12/2767"])
def test_a_be_year_outside_the_registers_range_is_refused(typed):
    with pytest.raises(ValueError, match="อยู่นอกช่วงที่ระบบรับ \\(2500-2700\\)"):
        parse_numeric_be_date(typed)


# Reading the report's written dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๒๔ ธ.ค.๖๗", date(2024, 12, 24)),
        ("๑๙ ธ.ค.๖๗", date(2024, 12, 19)),
        ("๑ ต.ค.๖๗", date(2024, 10, 1)),
        ("๓๐ ก.ย.๖๘", date(2025, 9, 30)),
        ("๑ ม.ค.๖๘", date(2025, 1, 1)),
        ("๓๐ ส.ค.๖๘", date(2025, 8, 30)),
        ("๒๔ ธ.ค. ๖๗", date(2024, 12, 24)),
        ("๑ ตุลาคม ๒๕๖๗", date(2024, 10, 1)),
        ("๙ ตุลาคม ๒๕๖๘", date(2025, 10, 9)),
        ("๑๒ ธันวาคม พ.ศ.๒๕๖๗", date(2024, 12, 12)),
        ("๑ ตุลาคม พ.ศ.๒๕๖๗", date(2024, 10, 1)),
        ("๑ ตุลาคม พ.ศ. ๒๕๖๗", date(2024, 10, 1)),
        ("24 ธ.ค.67", date(2024, 12, 24)),
        ("1 ตุลาคม 2567", date(2024, 10, 1)),
        ("๑ มี.ค.๖๘", date(2025, 3, 1)),
        ("๑ ม.ค.๖๘", date(2025, 1, 1)),
        ("๑ เม.ย.๖๘", date(2025, 4, 1)),
        ("๑ มิ.ย.๖๘", date(2025, 6, 1)),
    ],
)
def test_it_reads_every_date_form_in_the_report(text, expected):
    assert parse_thai_date(text) == expected


def test_it_names_the_text_it_cannot_read_as_a_date():
    with pytest.raises(ValueError, match='^อ่านวันที่ "๒๔ ธันวา ๖๗" ไม่ได้$'):
        parse_thai_date("๒๔ ธันวา ๖๗")


def test_it_refuses_a_written_date_with_other_text_around_it():
    with pytest.raises(ValueError, match="อ่านวันที่"):
        parse_thai_date("เมื่อวันที่ ๒๔ ธ.ค.๖๗")


def test_it_refuses_a_written_date_that_is_not_in_the_calendar():
    with pytest.raises(ValueError, match="^วันที่ 31/02/2567 ไม่มีในปฏิทิน$"):
        parse_thai_date("๓๑ ก.พ.๖๗")


# Finding dates in free text


def test_it_finds_a_result_date_inside_a_sentence_from_the_report():
    text = "๑. จัดฝึกอบรมเพิ่มประสิทธิภาพการปฏิบัติงานของเจ้าหน้าที่ท้องถิ่น เมื่อวันที่ ๒๔ ธ.ค.๖๗"
    assert find_thai_dates(text) == [date(2024, 12, 24)]


def test_it_finds_several_dates_in_the_order_they_appear():
    text = "ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗ ... ลงวันที่ ๑๙ ธ.ค.๖๗ ... เมื่อวันที่ ๙ ตุลาคม ๒๕๖๘"
    assert find_thai_dates(text) == [date(2024, 10, 1), date(2024, 12, 19), date(2025, 10, 9)]


def test_it_finds_both_dates_of_a_period_column():
    text = "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ต.ค.๖๗-๓๐ ก.ย.๖๘"
    assert find_thai_dates(text) == [date(2024, 10, 1), date(2025, 9, 30)]


def test_it_does_not_mistake_an_order_number_or_a_lone_year_for_a_date():
    text = "ตามคำสั่งเทศบาลนครรังสิต เลขที่ ๒๗๒๒/๒๕๖๗ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ได้คะแนน ๙๘.๒"
    assert find_thai_dates(text) == []


def test_it_does_not_read_the_end_of_a_longer_number_as_a_day():
    assert find_thai_dates("ข้อ ๑๒๓ ธ.ค.๖๗") == []


def test_it_skips_a_date_that_is_not_in_the_calendar():
    assert find_thai_dates("๓๑ ก.พ.๖๗ และ ๑ มี.ค.๖๗") == [date(2024, 3, 1)]


# Reading dates typed in the admin


@pytest.mark.parametrize(
    "text",
    ["24/12/2567", "๒๔/๑๒/๒๕๖๗", "24-12-2567", "2567-12-24", "๒๕๖๗-๑๒-๒๔", " 24/12/2567 "],
)
def test_it_reads_a_typed_be_date_in_every_accepted_form(text):
    assert parse_numeric_be_date(text) == date(2024, 12, 24)


def test_it_reads_a_typed_date_without_leading_zeros():
    assert parse_numeric_be_date("1/10/2567") == date(2024, 10, 1)


def test_it_refuses_a_ce_year_and_suggests_the_be_year():
    message = "^ปี 2024 เป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช เช่น 2567$"
    with pytest.raises(ValueError, match=message):
        parse_numeric_be_date("24/12/2024")
    with pytest.raises(ValueError, match=message):
        parse_numeric_be_date("2024-12-24")


def test_it_refuses_29_february_2000_as_a_ce_year_before_checking_the_calendar():
    with pytest.raises(ValueError, match="^ปี 2000 เป็นปีคริสต์ศักราช"):
        parse_numeric_be_date("29/02/2000")


def test_it_refuses_a_written_date_with_a_ce_year():
    with pytest.raises(ValueError, match="^ปี 2024 เป็นปีคริสต์ศักราช"):
        parse_thai_date("24 ธันวาคม 2024")


def test_it_refuses_a_month_that_does_not_exist():
    with pytest.raises(ValueError, match="^วันที่ 01/13/2567 ไม่มีในปฏิทิน$"):
        parse_numeric_be_date("01/13/2567")


@pytest.mark.parametrize("text", ["abc", "", "24/12/67", "24/12-2567", "24.12.2567", "2567/12/24"])
def test_it_explains_the_expected_form_when_it_cannot_read_a_typed_date(text):
    expected = f'อ่านวันที่ "{text}" ไม่ได้ กรุณากรอกในรูปแบบ วว/ดด/ปปปป เช่น 24/12/2567'
    with pytest.raises(ValueError) as raised:
        parse_numeric_be_date(text)
    assert str(raised.value) == expected


def test_thai_digits_in_html_leave_tags_references_and_kept_patterns_alone():
    html = '<a href="/r/2568">ปี 2568</a> &#39;i10&#39; https://x.go.th/a1 ข้อ 5'

    assert (
        to_thai_digits_in_html(html, also_keep=r"https?://\S+")
        == '<a href="/r/2568">ปี ๒๕๖๘</a> &#39;i๑๐&#39; https://x.go.th/a1 ข้อ ๕'
    )


def test_thai_digits_in_html_convert_each_text_even_one_holding_a_nul():
    html = "<p>1</p>\x002<br>3"

    assert to_thai_digits_in_html(html) == "<p>๑</p>\x00๒<br>๓"
