"""A division officer enters their own division's measures, and forged requests change
nothing else: another division in the form, the "every division" switch, another measure's
rows in the inlines."""

import pytest

from measures import roles
from measures.models import Division, Measure, Step
from tests.conftest import make_staff
from tests.test_measure_admin import ADD_URL, inline_management, measure_form
from tests.test_permission_matrix import change_form


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Hashing the cast's passwords with PBKDF2 would cost seconds in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def own_measure(agency, finance_division):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของสำนักคลัง")
    measure.responsible_divisions.add(finance_division)
    measure.steps.create(text="ขั้นตอนเดิม")
    return measure


@pytest.fixture
def strategy_measure(agency, strategy_division):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ของกองยุทธ")
    measure.responsible_divisions.add(strategy_division)
    measure.steps.create(text="ขั้นตอนของกองยุทธ")
    return measure


def change_url(measure):
    return f"/admin/measures/measure/{measure.pk}/change/"


def test_the_add_form_preselects_the_officers_division_and_offers_no_other(
    officer_client, finance_division, strategy_division
):
    page = officer_client.get(ADD_URL).content.decode()

    picker = page[page.index('id="id_responsible_divisions"') :].split("</select>")[0]
    assert f'value="{finance_division.pk}" selected' in picker
    assert strategy_division.name not in picker


def test_an_officer_cannot_file_a_measure_for_another_division(
    officer_client, agency, finance_division, strategy_division
):
    response = officer_client.post(
        ADD_URL, measure_form(agency, [finance_division, strategy_division])
    )

    assert response.status_code == 200
    assert "เลือกได้เฉพาะสำนัก/กองของท่านเอง" in response.content.decode()
    assert not Measure.objects.exists()


def test_an_officer_cannot_file_a_measure_for_no_division(officer_client, agency):
    response = officer_client.post(ADD_URL, measure_form(agency, []))

    assert response.status_code == 200
    assert "ต้องเลือก สำนักคลัง เป็นผู้รับผิดชอบ" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_forged_every_division_switch_is_ignored(officer_client, agency, finance_division):
    data = measure_form(agency, [finance_division], is_every_division="on")

    response = officer_client.post(ADD_URL, data)

    assert response.status_code == 302
    assert Measure.objects.get().is_every_division is False


def test_an_officer_cannot_move_their_measure_to_another_division(
    officer_client, own_measure, strategy_division
):
    data = change_form(own_measure) | {"responsible_divisions": [str(strategy_division.pk)]}

    response = officer_client.post(change_url(own_measure), data)

    assert "เลือกได้เฉพาะสำนัก/กองของท่านเอง" in response.content.decode()
    own_measure.refresh_from_db()
    assert own_measure.outcome == ""
    assert [d.name for d in own_measure.responsible_divisions.all()] == ["สำนักคลัง"]


def test_an_officer_cannot_drop_their_own_division_from_their_measure(officer_client, own_measure):
    data = change_form(own_measure) | {"responsible_divisions": []}

    response = officer_client.post(change_url(own_measure), data)

    assert "ต้องเลือก สำนักคลัง เป็นผู้รับผิดชอบ" in response.content.decode()
    assert own_measure.responsible_divisions.count() == 1


def test_saving_a_shared_measure_keeps_the_other_division(
    officer_client, own_measure, strategy_division
):
    own_measure.responsible_divisions.add(strategy_division)
    page = officer_client.get(change_url(own_measure)).content.decode()
    assert "สำนัก/กองอื่นที่รับผิดชอบร่วมจะคงไว้ตามเดิม: กองยุทธศาสตร์และงบประมาณ" in page

    data = change_form(own_measure)
    data["responsible_divisions"] = [
        pk for pk in data["responsible_divisions"] if pk != str(strategy_division.pk)
    ]
    response = officer_client.post(change_url(own_measure), data)

    assert response.status_code == 302
    assert {d.name for d in own_measure.responsible_divisions.all()} == {
        "สำนักคลัง",
        "กองยุทธศาสตร์และงบประมาณ",
    }


def steps_rows(measure, step, text):
    """The change form with one existing step row; step may be another measure's."""
    return change_form(measure) | {
        **inline_management("steps", 1, initial=1),
        "steps-0-id": str(step.pk),
        "steps-0-measure": str(measure.pk),
        "steps-0-position": "1",
        "steps-0-text": text,
    }


def test_an_officer_changes_the_steps_of_their_measure(officer_client, own_measure):
    step = own_measure.steps.get()

    response = officer_client.post(change_url(own_measure), steps_rows(own_measure, step, "ใหม่"))

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.text == "ใหม่"


def test_another_measures_step_in_the_inline_rows_is_refused(
    officer_client, own_measure, strategy_measure
):
    foreign_step = strategy_measure.steps.get()
    data = steps_rows(own_measure, foreign_step, "แก้ขั้นตอนของกองอื่น")

    response = officer_client.post(change_url(own_measure), data)

    assert response.status_code == 200
    assert "ขั้นตอน/วิธีการปฏิบัติ แถวที่ 1 ไม่ใช่ข้อมูลของมาตรการนี้" in response.content.decode()
    foreign_step.refresh_from_db()
    assert foreign_step.text == "ขั้นตอนของกองยุทธ"
    assert foreign_step.measure == strategy_measure
    own_measure.refresh_from_db()
    assert own_measure.outcome == ""


def test_a_step_row_pointing_at_another_measure_is_refused(
    officer_client, own_measure, strategy_measure
):
    step = own_measure.steps.get()
    data = steps_rows(own_measure, step, "ย้ายไปมาตรการอื่น")
    data["steps-0-measure"] = str(strategy_measure.pk)

    response = officer_client.post(change_url(own_measure), data)

    assert response.status_code == 200
    step.refresh_from_db()
    assert (step.measure, step.text) == (own_measure, "ขั้นตอนเดิม")


def test_an_officer_cannot_add_steps_to_another_divisions_measure(officer_client, strategy_measure):
    data = change_form(strategy_measure) | {
        **inline_management("steps", 1),
        "steps-0-text": "ขั้นตอนที่แอบเพิ่ม",
    }

    response = officer_client.post(change_url(strategy_measure), data)

    assert response.status_code == 403
    assert not Step.objects.filter(text="ขั้นตอนที่แอบเพิ่ม").exists()


def test_another_divisions_measure_shows_its_steps_read_only(officer_client, strategy_measure):
    page = officer_client.get(change_url(strategy_measure)).content.decode()

    assert "ขั้นตอนของกองยุทธ" in page
    assert 'name="steps-0-text"' not in page
    assert 'name="_save"' not in page


def test_an_officer_edits_a_measure_of_every_division(officer_client, agency):
    every = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="ทุกกอง", is_every_division=True
    )

    response = officer_client.post(change_url(every), change_form(every))

    assert response.status_code == 302
    every.refresh_from_db()
    assert (every.outcome, every.is_every_division) == ("ผลลัพธ์ที่แก้ไขแล้ว", True)


def test_an_officer_without_a_division_cannot_add_measures(client, agency):
    loner = make_staff("loner", agency, roles.DIVISION_OFFICER)
    client.force_login(loner)

    assert client.get(ADD_URL).status_code == 403


def test_an_officer_of_another_agency_cannot_name_our_division(
    client, other_officer, other_agency, finance_division
):
    client.force_login(other_officer)

    response = client.post(ADD_URL, measure_form(other_agency, [finance_division]))

    assert "เลือกได้เฉพาะสำนัก/กองของท่านเอง" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_coordinator_cannot_name_another_agencys_division(
    client, coordinator, agency, other_division
):
    client.force_login(coordinator)

    response = client.post(ADD_URL, measure_form(agency, [other_division]))

    assert f"เลือกสำนัก/กองรหัส {other_division.pk} ไม่ได้" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_coordinator_names_any_division_of_the_agency(
    client, coordinator, agency, finance_division, strategy_division
):
    client.force_login(coordinator)

    response = client.post(ADD_URL, measure_form(agency, [finance_division, strategy_division]))

    assert response.status_code == 302
    assert set(Measure.objects.get().responsible_divisions.all()) == set(
        Division.objects.filter(agency=agency)
    )
