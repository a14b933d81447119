from datetime import date

from django.template import Context, Template
from django.utils.safestring import mark_safe


def render(source, **context):
    return Template("{% load thai %}" + source).render(Context(context))


def test_thai_digits_converts_a_number():
    assert render("{{ score|thai_digits }}", score=98.2) == "๙๘.๒"


def test_thai_digits_still_escapes_plain_text():
    html = render("{{ note|thai_digits }}", note="<script>alert(1)</script>")
    assert html == "&lt;script&gt;alert(๑)&lt;/script&gt;"


def test_thai_digits_leaves_digits_inside_tags_and_attributes_of_safe_html():
    note = mark_safe('<a href="x/2" data-row="10">ข้อ 2</a>')
    html = render("{{ note|thai_digits }}", note=note)
    assert html == '<a href="x/2" data-row="10">ข้อ ๒</a>'


def test_thai_digits_leaves_character_references_in_safe_html_working():
    note = mark_safe("ข้อ 1 &#39;ก&#39; &amp; 2")
    assert render("{{ note|thai_digits }}", note=note) == "ข้อ ๑ &#39;ก&#39; &amp; ๒"


def test_thai_digits_turns_none_into_nothing():
    assert render("[{{ missing|thai_digits }}]", missing=None) == "[]"


def test_thai_date_writes_the_long_form():
    assert render("{{ day|thai_date }}", day=date(2024, 12, 12)) == "๑๒ ธันวาคม ๒๕๖๗"


def test_thai_date_short_writes_the_short_form():
    assert render("{{ day|thai_date_short }}", day=date(2024, 12, 24)) == "๒๔ ธ.ค.๖๗"


def test_be_date_writes_the_numeric_form():
    assert render("{{ day|be_date }}", day=date(2024, 12, 24)) == "24/12/2567"


def test_date_filters_write_nothing_for_a_missing_date():
    source = "[{{ day|thai_date }}|{{ day|thai_date_short }}|{{ day|be_date }}]"
    assert render(source, day=None) == "[||]"


def test_fiscal_period_takes_the_end_date_as_its_argument():
    html = render(
        "{{ started_on|fiscal_period:ended_on }}",
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 8, 30),
    )
    assert html == "ปีงบประมาณ พ.ศ.๒๕๖๘ ๑ ม.ค.๖๘-๓๐ ส.ค.๖๘"


def test_fiscal_period_with_a_missing_end_says_from_when():
    html = render(
        "{{ started_on|fiscal_period:ended_on }}", started_on=date(2024, 10, 1), ended_on=None
    )
    assert html == "ปีงบประมาณ พ.ศ.๒๕๖๘ ตั้งแต่ ๑ ต.ค.๖๗"
