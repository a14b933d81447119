"""Entering measures through the admin, as a division officer would."""

import re
from datetime import date

import pytest

from measures.models import Division, Measure
from tests.conftest import PASSWORD

ADD_URL = "/admin/measures/measure/add/"


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def measure_form(agency, divisions, **overrides):
    data = {
        "agency": str(agency.pk),
        "fiscal_year": "2568",
        "number": "",
        "titles": "การเปิดเผยข้อมูล และ ประชาสัมพันธ์ข้อมูลข่าวสาร",
        "started_on": "01/10/2567",
        "ended_on": "30/09/2568",
        "responsible_divisions": [str(d.pk) for d in divisions],
        "steps_style": "numbered",
        "results_intro": "",
        "results_style": "numbered",
        "outcome": "ประชาชนเข้าถึงข้อมูลได้ง่าย",
        "status": "in_progress",
        "progress": "40",
        **inline_management("steps", 2),
        "steps-0-position": "",
        "steps-0-text": "ปรับปรุงเว็บไซต์ให้ทันสมัย",
        "steps-1-position": "",
        "steps-1-text": "เพิ่มช่องทาง Social Media",
        **inline_management("results", 1),
        "results-0-position": "",
        "results-0-text": "ลงประกาศข่าวสาร <b>ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗</b>",
        "results-0-done_on": "๐๑/๑๐/๒๕๖๗",
        "results-0-evidence_links": "https://www.rangsit.go.th/news/1",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer_client(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


def test_an_officer_adds_a_measure_with_steps_and_a_result(
    officer_client, agency, finance_division
):
    response = officer_client.post(ADD_URL, measure_form(agency, [finance_division]))

    assert response.status_code == 302, response.context["errors"]
    measure = Measure.objects.get()
    assert measure.agency == agency
    assert measure.number == 1
    assert measure.started_on == date(2024, 10, 1)
    assert measure.ended_on == date(2025, 9, 30)
    assert [s.text for s in measure.steps.all()] == [
        "ปรับปรุงเว็บไซต์ให้ทันสมัย",
        "เพิ่มช่องทาง Social Media",
    ]
    assert [s.position for s in measure.steps.all()] == [1, 2]
    result = measure.results.get()
    assert result.done_on == date(2024, 10, 1)
    assert result.text == "ลงประกาศข่าวสาร <b>ตั้งแต่วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗</b>"
    assert list(measure.responsible_divisions.all()) == [finance_division]


def test_the_change_form_shows_dates_in_buddhist_era(officer_client, agency, finance_division):
    officer_client.post(ADD_URL, measure_form(agency, [finance_division]))
    measure = Measure.objects.get()

    page = officer_client.get(f"/admin/measures/measure/{measure.pk}/change/").content.decode()

    assert 'value="01/10/2567"' in page
    assert 'value="30/09/2568"' in page
    # Row ids in the markup may be any number (2024 too): only what the page says counts.
    shown = " ".join(re.sub(r"<[^>]*>", " ", page).split())
    assert "2024" not in shown
    assert "2025" not in shown


def test_an_officer_changes_a_measure_and_its_steps(officer_client, agency, finance_division):
    officer_client.post(ADD_URL, measure_form(agency, [finance_division]))
    measure = Measure.objects.get()
    steps = list(measure.steps.all())
    result = measure.results.get()
    data = measure_form(
        agency,
        [finance_division],
        number="1",
        progress="100",
        status="done",
        **inline_management("steps", 2, initial=2),
        **{
            "steps-0-id": str(steps[0].pk),
            "steps-0-measure": str(measure.pk),
            "steps-0-position": "1",
            "steps-0-text": "ปรับปรุงเว็บไซต์ให้ทันสมัยและปลอดภัย",
            "steps-1-id": str(steps[1].pk),
            "steps-1-measure": str(measure.pk),
            "steps-1-position": "2",
            "steps-1-DELETE": "on",
        },
        **inline_management("results", 1, initial=1),
        **{"results-0-id": str(result.pk), "results-0-measure": str(measure.pk)},
    )

    response = officer_client.post(f"/admin/measures/measure/{measure.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    measure.refresh_from_db()
    assert measure.status == "done"
    assert measure.progress == 100
    assert [s.text for s in measure.steps.all()] == ["ปรับปรุงเว็บไซต์ให้ทันสมัยและปลอดภัย"]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("started_on", "01/10/2024", "ปี 2024 เป็นปีคริสต์ศักราช"),
        ("started_on", "31/02/2568", "ไม่มีในปฏิทิน"),
        ("started_on", "เมื่อวาน", "อ่านวันที่"),
        ("ended_on", "30/09/2567", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"),
        ("started_on", "30/09/2567", "ไม่อยู่ในปีงบประมาณ พ.ศ. 2568"),
        ("progress", "120", "ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100"),
        ("fiscal_year", "2025", "ปีต้องเป็นปีพุทธศักราช เช่น 2568"),
        ("titles", "", "ฟิลด์นี้จำเป็น"),
        ("results-0-evidence_links", "ftp://x\nwww.example", "หลักฐานบรรทัดที่ 1 &quot;ftp://x&quot;"),
        ("results-0-done_on", "2024-10-01", "ปี 2024 เป็นปีคริสต์ศักราช"),
    ],
)
def test_bad_input_gets_a_thai_message_and_nothing_is_stored(
    officer_client, agency, finance_division, field, value, message
):
    data = measure_form(agency, [finance_division], **{field: value})

    response = officer_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measure.objects.exists()


def test_a_duplicate_number_in_the_same_year_is_refused_in_thai(
    officer_client, agency, finance_division
):
    officer_client.post(ADD_URL, measure_form(agency, [finance_division], number="3"))

    response = officer_client.post(ADD_URL, measure_form(agency, [finance_division], number="3"))

    assert "ปีงบประมาณนี้มีมาตรการลำดับที่นี้แล้ว" in response.content.decode()
    assert Measure.objects.count() == 1


def test_an_officer_cannot_file_a_measure_under_another_agency(
    officer_client, agency, other_agency, finance_division
):
    response = officer_client.post(ADD_URL, measure_form(other_agency, [finance_division]))

    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
    assert not Measure.objects.exists()


def test_an_officer_sees_only_the_measures_of_the_own_agency(officer_client, agency, other_agency):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของเรา")
    Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="ของหน่วยงานอื่น")

    page = officer_client.get("/admin/measures/measure/").content.decode()

    assert "ของเรา" in page
    assert "ของหน่วยงานอื่น" not in page


def test_the_measure_list_shows_periods_in_buddhist_era(officer_client, agency):
    Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="มาตรการ",
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 8, 30),
    )

    page = officer_client.get("/admin/measures/measure/").content.decode()

    assert "01/01/2568 - 30/08/2568" in page


def test_the_list_filters_by_fiscal_year(officer_client, agency):
    Measure.objects.create(agency=agency, fiscal_year=2567, titles="มาตรการปีก่อน")
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการปีนี้")

    page = officer_client.get("/admin/measures/measure/?fiscal_year__exact=2568").content.decode()

    assert "มาตรการปีนี้" in page
    assert "มาตรการปีก่อน" not in page


def test_the_list_searches_thai_text_in_steps(officer_client, agency):
    found = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการหนึ่ง")
    found.steps.create(text="สำรวจความพึงพอใจ")
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการสอง")

    page = officer_client.get("/admin/measures/measure/?q=พึงพอใจ").content.decode()

    assert "มาตรการหนึ่ง" in page
    assert "มาตรการสอง" not in page


def test_an_executive_reads_a_measure_without_ce_years(client, executive, agency):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="มาตรการ",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
    )
    measure.results.create(text="ผล", done_on=date(2024, 12, 24))
    client.login(username=executive.username, password=PASSWORD)

    page = client.get(f"/admin/measures/measure/{measure.pk}/change/").content.decode()

    assert "01/10/2567 - 30/09/2568" in page
    assert "24/12/2567" in page
    assert "2024" not in page
    assert "2025" not in page


def test_the_top_of_a_rejected_form_names_each_field_and_its_problem(
    officer_client, agency, finance_division
):
    data = measure_form(
        agency,
        [finance_division],
        started_on="01/10/2024",
        progress="120",
        **{"results-0-done_on": "31/02/2568"},
    )

    page = officer_client.post(ADD_URL, data).content.decode()

    summary = page[page.index("error-summary") : page.index("</ul>", page.index("error-summary"))]
    assert "วันเริ่มต้น: ปี 2024 เป็นปีคริสต์ศักราช" in summary
    assert "ความก้าวหน้า (ร้อยละ): ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100" in summary
    assert "ผลการดำเนินการ แถวที่ 1 วันที่ดำเนินการ: วันที่ 31/02/2568 ไม่มีในปฏิทิน" in summary


def test_an_administrator_sees_which_agency_each_measure_belongs_to(
    admin_client, agency, other_agency
):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของรังสิต")
    Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="ของหน่วยงานอื่น")

    page = admin_client.get("/admin/measures/measure/").content.decode()

    assert "เทศบาลเมืองตัวอย่าง" in page
    assert "ของหน่วยงานอื่น" in page
    assert "ของรังสิต" in page


def test_the_help_texts_show_their_example_markup_as_typed(officer_client):
    page = officer_client.get(ADD_URL).content.decode()

    assert "ใช้ &lt;b&gt;…&lt;/b&gt; สำหรับตัวหนา" in page
    assert "&quot;(ชื่อหน่วยงาน) ทุกสำนัก/กอง&quot;" in page


def test_an_executive_cannot_copy_measures_to_the_next_year(client, executive, agency):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
    client.login(username=executive.username, password=PASSWORD)

    client.post(
        "/admin/measures/measure/",
        {"action": "copy_to_next_year", "_selected_action": [measure.pk]},
    )

    assert not Measure.objects.filter(fiscal_year=2569).exists()


def test_staff_are_not_shown_other_agencies_in_the_division_filter(
    officer_client, strategy_division, other_agency
):
    page = officer_client.get("/admin/measures/division/").content.decode()

    assert "กองยุทธศาสตร์และงบประมาณ" in page
    assert "เทศบาลเมืองตัวอย่าง" not in page


def test_an_administrator_tells_same_named_divisions_apart(
    admin_client, agency, strategy_division, other_agency
):
    Division.objects.create(agency=other_agency, name="กองยุทธศาสตร์และงบประมาณ")
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")

    # Moving the measure to the other agency, with a field left wrong: both agencies' divisions.
    page = admin_client.post(
        f"/admin/measures/measure/{measure.pk}/change/",
        {"agency": other_agency.pk, "fiscal_year": "2568", "titles": ""},
    ).content.decode()

    assert "กองยุทธศาสตร์และงบประมาณ (เทศบาลนครรังสิต)" in page
    assert "กองยุทธศาสตร์และงบประมาณ (เทศบาลเมืองตัวอย่าง)" in page


def test_an_administrators_new_measure_offers_the_divisions_of_the_agency_its_link_names(
    admin_client, agency, strategy_division, other_agency, other_division
):
    page = admin_client.get(f"{ADD_URL}?agency={agency.pk}").content.decode()

    assert f'<option value="{strategy_division.pk}">' in page
    assert f'<option value="{other_division.pk}">' not in page


def test_an_administrators_new_measure_offers_no_division_until_an_agency_is_chosen(
    admin_client, strategy_division, other_division
):
    page = admin_client.get(ADD_URL).content.decode()

    assert f'<option value="{strategy_division.pk}">' not in page
    assert f'<option value="{other_division.pk}">' not in page
    assert "เลือกหน่วยงานแล้วกด “บันทึกและแก้ไขต่อ” จึงเลือกสำนัก/กองของหน่วยงานนั้นได้" in page
