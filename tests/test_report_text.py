"""The report's text filters: bold kept, everything else escaped, Thai digits outside URLs."""

from reports.templatetags.report import report_text, unbroken_dates, web_url


def test_it_keeps_bold_and_turns_digits_thai():
    assert report_text("ได้ <b>100 คะแนน</b>") == "ได้ <b>๑๐๐ คะแนน</b>"


def test_it_keeps_strong_too():
    assert report_text("<strong>1</strong>") == "<strong>๑</strong>"


def test_it_turns_digits_inside_codes_thai():
    assert report_text("ข้อ i10") == "ข้อ i๑๐"


def test_it_escapes_every_other_tag():
    assert report_text('<a href="x">1</a>') == '&lt;a href="x"&gt;๑&lt;/a&gt;'


def test_it_closes_a_bold_left_open():
    assert report_text("<b>ตัวหนา") == "<b>ตัวหนา</b>"


def test_it_keeps_the_digits_of_a_url():
    text = report_text("ดูที่ https://www.rangsit.go.th/news/2568 ข้อ 1")
    assert text == "ดูที่ https://www.rangsit.go.th/news/2568 ข้อ ๑"


def test_it_keeps_mai_yamok_on_the_line_of_its_word():
    assert report_text("ต่าง ๆ") == "ต่าง\u00a0ๆ"


def test_it_keeps_line_breaks():
    assert report_text("บรรทัดแรก\nบรรทัดสอง") == "บรรทัดแรก<br>บรรทัดสอง"


def test_it_prints_nothing_for_none():
    assert report_text(None) == ""


def test_it_keeps_a_day_with_its_month():
    assert unbroken_dates("พ.ศ.๒๕๖๘ ๑ ต.ค.๖๗-๓๐ มี.ค.๖๘") == (
        '<span class="nobreak">พ.ศ.๒๕๖๘</span> <span class="date">๑ ต.ค.๖๗</span>-<wbr>'
        '<span class="date">๓๐ มี.ค.๖๘</span>'
    )


def test_it_links_only_web_addresses():
    assert web_url("https://example.org/1") == "https://example.org/1"
    assert web_url("javascript:alert(1)") == ""
