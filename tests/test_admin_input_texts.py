"""Texts the report prints have a length limit and take no tag but <b>, in the admin and in
the import: a 5,000-character title filled ten pages, and "<i>" printed as typed."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError

from measures.models import Measure, Step
from tests.test_import_report import import_report, seed_lines, seed_with, write_lines
from tests.test_measure_admin import ADD_URL, measure_form
from thai.texts import MaxLength, refused_tags, validate_bold_only


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def post(client, agency, division, **fields):
    return client.post(ADD_URL, measure_form(agency, [division], **fields))


def test_a_5000_character_title_is_refused_with_the_limit_and_its_length(
    coordinator_client, agency, strategy_division
):
    response = post(coordinator_client, agency, strategy_division, titles="ก" * 5000)
    assert response.status_code == 200
    assert not Measure.objects.exists()
    assert (
        "มาตรการ/โครงการ/กิจกรรม: ข้อความนี้ยาวได้ไม่เกิน 500 ตัวอักษร แต่พิมพ์ไว้ 5,000 ตัวอักษร กรุณาย่อให้สั้นลง"
    ) in response.text
    # What was typed comes back whole, never cut at the limit.
    assert response.context["adminform"].form["titles"].value() == "ก" * 5000


def test_a_title_of_the_longest_seed_length_times_four_is_accepted(
    coordinator_client, agency, strategy_division
):
    response = post(coordinator_client, agency, strategy_division, titles="ก" * 450)
    assert response.status_code == 302, response.context["errors"]


def test_a_long_step_and_outcome_are_refused_naming_the_row(
    coordinator_client, agency, strategy_division
):
    response = post(
        coordinator_client,
        agency,
        strategy_division,
        outcome="ข" * 2001,
        **{"steps-1-text": "ค" * 1001},
    )
    page = response.text
    assert "ข้อความนี้ยาวได้ไม่เกิน 2,000 ตัวอักษร แต่พิมพ์ไว้ 2,001 ตัวอักษร" in page
    assert "แถวที่ 2 รายละเอียด: ข้อความนี้ยาวได้ไม่เกิน 1,000 ตัวอักษร แต่พิมพ์ไว้ 1,001" in page
    assert not Measure.objects.exists()


def test_the_text_boxes_set_no_maxlength_that_would_cut_a_paste_short(coordinator_client):
    page = coordinator_client.get(ADD_URL).text
    boxes = re.findall(r"<textarea[^>]*>", page)
    assert any('name="titles"' in box for box in boxes)
    assert not [box for box in boxes if "maxlength" in box]


@pytest.mark.parametrize(
    "field, typed, tag",
    [
        ("titles", "มาตรการ <i>เอียง</i>", "&lt;i&gt;, &lt;/i&gt;"),
        ("outcome", "ผลลัพธ์ <u>ขีดเส้นใต้</u>", "&lt;u&gt;, &lt;/u&gt;"),
        ("results_intro", "<script>alert(1)</script>", "&lt;script&gt;"),
        ("steps-0-text", "ขั้นตอน <b class=&quot;x&quot;>หนา</b>", "&lt;b class="),
        ("results-0-text", 'ผล <img src=x onerror="alert(2)">', "&lt;img src=x onerror="),
    ],
)
def test_a_tag_other_than_bold_is_refused_naming_it(
    coordinator_client, agency, strategy_division, field, typed, tag
):
    typed = typed.replace("&quot;", '"')
    response = post(coordinator_client, agency, strategy_division, **{field: typed})
    assert response.status_code == 200
    assert not Measure.objects.exists()
    assert f"ไม่รับแท็ก {tag}" in response.text
    assert "ใช้ได้เฉพาะ &lt;b&gt; ตัวหนา" in response.text


def test_bold_and_a_plain_less_than_sign_are_accepted(
    coordinator_client, agency, strategy_division
):
    response = post(
        coordinator_client,
        agency,
        strategy_division,
        titles="มาตรการ <b>สำคัญ</b> <STRONG>มาก</STRONG>",
        outcome="ร้องเรียนน้อยกว่า < 5 เรื่อง และ 3<4, a <= b, <๕ ครั้ง",
    )
    assert response.status_code == 302, response.context["errors"]
    measure = Measure.objects.get()
    assert measure.outcome == "ร้องเรียนน้อยกว่า < 5 เรื่อง และ 3<4, a <= b, <๕ ครั้ง"


@pytest.mark.parametrize(
    "text, tags",
    [
        ("<b>หนา</b>", []),
        ("น้อยกว่า < 5", []),
        ("x<y", []),
        ("<i>เอียง</i>", ["<i>", "</i>"]),
        ("<p>ย่อหน้า</p><p>อีก</p>", ["<p>", "</p>"]),
        ("<!-- หมายเหตุ -->", ["<!-- หมายเหตุ -->"]),
        ("<br/>", ["<br/>"]),
    ],
)
def test_it_finds_each_tag_the_report_would_print_as_typed(text, tags):
    assert refused_tags(text) == tags


def test_a_long_tag_is_named_by_its_beginning():
    with pytest.raises(ValidationError) as raised:
        validate_bold_only('<img src="https://example.com/' + "a" * 100 + '">')
    assert '<img src="https://example.com/aaaaaaaaa…' in raised.value.messages[0]


def test_the_length_is_counted_in_characters():
    MaxLength(3)("๒๕๖")
    with pytest.raises(ValidationError):
        MaxLength(3)("๒๕๖๘")


def test_the_import_refuses_an_italic_result_naming_the_line_and_the_tag(tmp_path, db):
    path = seed_with(tmp_path, 32, "ได้ ๙๙.๙๑ คะแนน", "<i>ได้ ๙๙.๙๑ คะแนน</i>")
    with pytest.raises(CommandError, match="บรรทัดที่ 32: .*ไม่รับแท็ก <i>, </i>"):
        import_report(path)
    assert not Measure.objects.exists()


def test_the_import_refuses_a_step_past_the_limit(tmp_path, db):
    lines = seed_lines()
    long_step = "ปรับปรุงเว็บไซต์" + "ก" * 1000
    lines[31] = lines[31].replace("ปรับปรุงเว็บไซต์", long_step, 1)
    with pytest.raises(CommandError, match="บรรทัดที่ 32: ข้อความนี้ยาวได้ไม่เกิน 1,000 ตัวอักษร"):
        import_report(write_lines(tmp_path, lines))
    assert not Step.objects.exists()


def test_the_seed_report_still_imports_whole(db):
    from tests.test_import_report import SEED

    import_report(SEED)
    assert Measure.objects.count() == 5
