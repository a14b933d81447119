"""The database itself refuses data that would break the register or the report, and the
admin turns each refusal into a Thai message on the form it came from, never a 500.

Rules: BE years in range, measure numbers above 0, status agreeing with progress, a measure's
divisions and a user's division in the same agency, an item score on its score's year."""

import html
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import pre_save

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.database_refusals import UNKNOWN_RULE, thai_message
from measures.models import Division, Measure, Profile
from reports.models import ReportSignature
from tests.test_measure_admin import ADD_URL, inline_management, measure_form

THAI_LETTER = "\u0e00-\u0e7f"


def refused(action):
    """Run `action` bypassing every form; return the database's message."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    return str(error.value)


def page_of(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def foreign_division(other_agency):
    return Division.objects.create(agency=other_agency, name="กองคลังของหน่วยงานอื่น")


@pytest.fixture
def measure(agency, strategy_division):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
    measure.responsible_divisions.set([strategy_division])
    return measure


# The register, bypassing forms.


@pytest.mark.parametrize("year", [2025, 2499, 2701])
def test_the_database_refuses_a_measure_year_outside_the_buddhist_era(measure, year):
    refused(lambda: Measure.objects.filter(pk=measure.pk).update(fiscal_year=year))
    measure.refresh_from_db()
    assert measure.fiscal_year == 2568


def test_the_database_refuses_measure_number_zero(measure):
    refused(lambda: Measure.objects.filter(pk=measure.pk).update(number=0))


@pytest.mark.parametrize(
    "status, progress",
    [("done", 40), ("done", 0), ("in_progress", 100), ("not_started", 100), ("not_started", 30)],
)
def test_the_database_refuses_a_status_that_disagrees_with_progress(measure, status, progress):
    refused(lambda: Measure.objects.filter(pk=measure.pk).update(status=status, progress=progress))


@pytest.mark.parametrize(
    "status, progress", [("done", 100), ("in_progress", 0), ("in_progress", 99), ("not_started", 0)]
)
def test_the_database_accepts_a_status_that_agrees_with_progress(measure, status, progress):
    Measure.objects.filter(pk=measure.pk).update(status=status, progress=progress)
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (status, progress)


def test_the_database_refuses_a_division_of_another_agency_on_a_measure(measure, foreign_division):
    message = refused(lambda: measure.responsible_divisions.add(foreign_division))
    assert "ไม่ได้อยู่ในหน่วยงานของมาตรการนี้" in message
    assert list(measure.responsible_divisions.all()) != [foreign_division]


def test_the_database_refuses_moving_a_measure_away_from_its_divisions(measure, other_agency):
    message = refused(lambda: Measure.objects.filter(pk=measure.pk).update(agency=other_agency))
    assert "ย้ายมาตรการไปหน่วยงานอื่นไม่ได้" in message


def test_moving_a_measure_through_the_model_lets_go_of_the_old_agencys_divisions(
    measure, other_agency, foreign_division
):
    measure.agency = other_agency
    measure.save()
    measure.responsible_divisions.add(foreign_division)

    measure.refresh_from_db()
    assert measure.agency == other_agency
    assert list(measure.responsible_divisions.all()) == [foreign_division]


def test_the_database_refuses_moving_a_division_its_measures_still_name(
    measure, strategy_division, other_agency
):
    message = refused(
        lambda: Division.objects.filter(pk=strategy_division.pk).update(agency=other_agency)
    )
    assert "ย้ายสำนัก/กองไปหน่วยงานอื่นไม่ได้" in message


def test_the_database_refuses_a_user_in_a_division_of_another_agency(
    officer, foreign_division, finance_division, other_agency
):
    profile = officer.profile
    message = refused(
        lambda: Profile.objects.filter(pk=profile.pk).update(division=foreign_division)
    )
    assert "สำนัก/กองของผู้ใช้ต้องอยู่ในหน่วยงานของผู้ใช้" in message
    refused(lambda: Profile.objects.filter(pk=profile.pk).update(agency=other_agency))
    profile.refresh_from_db()
    assert (profile.agency_id, profile.division) == (officer.profile.agency_id, finance_division)


def test_a_user_may_have_no_division(officer):
    Profile.objects.filter(pk=officer.profile.pk).update(division=None)
    officer.profile.refresh_from_db()
    assert officer.profile.division is None


def test_the_database_refuses_a_report_signature_year_outside_the_buddhist_era(agency):
    refused(
        lambda: ReportSignature.objects.create(
            agency=agency, fiscal_year=2025, reporter_name="ก", reporter_position="ข"
        )
    )


def test_the_database_refuses_an_assessment_year_outside_the_buddhist_era(db):
    refused(lambda: AssessmentYear.objects.create(year_be=2025))


def test_the_database_messages_are_thai(measure, foreign_division):
    message = refused(lambda: measure.responsible_divisions.add(foreign_division))
    first_line = message.splitlines()[0]
    assert any("\u0e00" <= letter <= "\u0e7f" for letter in first_line)
    if connection.vendor == "postgresql":
        assert foreign_division.name in first_line


def database_error(action):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        action()
    return error.value


def test_the_admin_reads_a_refused_constraint_as_its_thai_message(agency, measure):
    second = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการที่สอง")

    duplicate = database_error(
        lambda: Measure.objects.filter(pk=second.pk).update(number=measure.number)
    )
    done_at_40 = database_error(
        lambda: Measure.objects.filter(pk=second.pk).update(status="done", progress=40)
    )

    assert thai_message(duplicate) == "ปีงบประมาณนี้มีมาตรการลำดับที่นี้แล้ว"
    assert thai_message(done_at_40).startswith('สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100')


def test_the_admin_never_shows_the_databases_english(agency):
    # A NOT NULL column no constraint of ours names: the general Thai message.
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
    error = database_error(lambda: Measure.objects.filter(agency=agency).update(titles=None))

    assert thai_message(error) == UNKNOWN_RULE


# ITA item scores, bypassing forms.


def year(year_be):
    return AssessmentYear.objects.get(year_be=year_be)


def indicator(year_be, code):
    return Indicator.objects.get(assessment_year__year_be=year_be, code=code)


@pytest.fixture
def score_2568(agency):
    score = AgencyScore.objects.create(agency=agency, assessment_year=year(2568), overall="99.70")
    IndicatorScore.objects.create(agency_score=score, indicator=indicator(2568, "o14"), score=100)
    IndicatorScore.objects.create(agency_score=score, indicator=indicator(2568, "IND7"), score=90)
    return score


def test_the_database_refuses_an_item_score_of_another_year(score_2568):
    message = refused(
        lambda: IndicatorScore.objects.create(
            agency_score=score_2568, indicator=indicator(2567, "o1"), score=50
        )
    )
    assert "ปีที่ประเมินอื่น" in message


def test_moving_a_score_to_another_year_moves_its_item_scores_to_the_same_codes(score_2568):
    AgencyScore.objects.filter(pk=score_2568.pk).update(assessment_year=year(2567))

    moved = IndicatorScore.objects.filter(agency_score=score_2568).select_related("indicator")
    assert {(item.indicator.assessment_year.year_be, item.indicator.code) for item in moved} == {
        (2567, "o14"),
        (2567, "IND7"),
    }
    assert {item.score for item in moved} == {Decimal("100"), Decimal("90")}


def test_moving_a_score_to_a_year_without_one_of_its_codes_is_refused(score_2568):
    # 2567 has no i10: the item cannot follow its score, so the score stays where it was.
    IndicatorScore.objects.create(
        agency_score=score_2568, indicator=indicator(2568, "i10"), score="93.21"
    )
    message = refused(
        lambda: AgencyScore.objects.filter(pk=score_2568.pk).update(assessment_year=year(2567))
    )
    if connection.vendor == "postgresql":
        assert "i10" in message
    score_2568.refresh_from_db()
    assert score_2568.assessment_year.year_be == 2568
    assert score_2568.indicator_scores.filter(indicator__assessment_year__year_be=2568).count() == 3


def test_saving_a_moved_score_records_where_its_items_went(score_2568):
    score_2568.assessment_year = year(2567)
    score_2568.save()

    item = score_2568.indicator_scores.get(indicator__code="o14")
    assert item.history.first().indicator == indicator(2567, "o14")


@pytest.fixture
def scored_i10(score_2568):
    """i10 exists in 2568 only, so moving it to 2567 breaks no other rule than this one."""
    i10 = indicator(2568, "i10")
    IndicatorScore.objects.create(agency_score=score_2568, indicator=i10, score="93.21")
    return i10


def test_the_database_refuses_moving_an_indicator_that_has_scores(scored_i10):
    message = refused(
        lambda: Indicator.objects.filter(pk=scored_i10.pk).update(assessment_year=year(2567))
    )
    assert "ย้ายตัวชี้วัด/ข้อไปปีที่ประเมินอื่นไม่ได้" in message


# The admin: a Thai message on the re-shown form, nothing stored, never a 500.


def test_an_administrator_cannot_forge_a_division_of_another_agency_onto_a_measure(
    admin_client, agency, foreign_division
):
    response = admin_client.post(ADD_URL, measure_form(agency, [foreign_division]))

    assert response.status_code == 200
    # The add page offers only the posted agency's divisions, so the choice itself is refused.
    refusal = f"เลือกสำนัก/กองรหัส {foreign_division.pk} ไม่ได้: ไม่ได้อยู่ในหน่วยงานของมาตรการ"
    assert refusal in page_of(response)
    assert not Measure.objects.exists()


def test_a_coordinator_cannot_forge_a_division_of_another_agency_onto_a_measure(
    client, coordinator, agency, foreign_division
):
    client.force_login(coordinator)
    response = client.post(ADD_URL, measure_form(agency, [foreign_division]))

    assert response.status_code == 200
    assert f"เลือกสำนัก/กองรหัส {foreign_division.pk} ไม่ได้" in response.content.decode()
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    "status, progress, message",
    [
        ("done", "40", 'สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น'),
        ("in_progress", "100", 'สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น'),
        ("not_started", "20", 'สถานะ "ยังไม่เริ่ม" ต้องมีความก้าวหน้าร้อยละ 0'),
    ],
)
def test_the_measure_form_explains_a_status_that_disagrees_with_progress(
    client, coordinator, agency, strategy_division, status, progress, message
):
    client.force_login(coordinator)
    data = measure_form(agency, [strategy_division], status=status, progress=progress)

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert message in page_of(response)
    assert not Measure.objects.exists()


def test_the_measure_form_explains_number_zero(client, coordinator, agency, strategy_division):
    client.force_login(coordinator)
    response = client.post(ADD_URL, measure_form(agency, [strategy_division], number="0"))

    assert response.status_code == 200
    assert "ลำดับที่ต้องมากกว่า 0" in page_of(response)
    assert not Measure.objects.exists()


def test_a_division_moved_while_the_form_was_saving_gives_a_thai_message_not_a_500(
    client, coordinator, agency, other_agency
):
    # Another administrator moves the division to another agency between the form's checks
    # and the save: only the database sees it, and the person keeps what they typed.
    works = Division.objects.create(agency=agency, name="กองช่าง")

    def move_the_division(sender, instance, **kwargs):
        Division.objects.filter(pk=works.pk).update(agency=other_agency)

    client.force_login(coordinator)
    pre_save.connect(move_the_division, sender=Measure)
    try:
        response = client.post(ADD_URL, measure_form(agency, [works]))
    finally:
        pre_save.disconnect(move_the_division, sender=Measure)

    assert response.status_code == 200
    page = page_of(response)
    assert "ไม่ได้อยู่ในหน่วยงานของมาตรการนี้" in page
    assert "ประชาชนเข้าถึงข้อมูลได้ง่าย" in page  # the typed outcome is still on the form
    assert not Measure.objects.exists()
    works.refresh_from_db()
    assert works.agency == agency


def test_an_administrator_moves_a_measure_to_another_agency_with_its_new_divisions(
    admin_client, measure, other_agency, foreign_division
):
    data = measure_form(
        other_agency,
        [foreign_division],
        number=str(measure.number),
        **inline_management("steps", 0),
        **inline_management("results", 0),
    )

    response = admin_client.post(f"/admin/measures/measure/{measure.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"]
    measure.refresh_from_db()
    assert measure.agency == other_agency
    assert list(measure.responsible_divisions.all()) == [foreign_division]


def test_an_administrator_cannot_move_a_division_its_measures_still_name(
    admin_client, measure, strategy_division, other_agency
):
    response = admin_client.post(
        f"/admin/measures/division/{strategy_division.pk}/change/",
        {"agency": other_agency.pk, "name": strategy_division.name, "position": 0},
    )

    assert response.status_code == 200
    assert "ย้ายสำนัก/กองไปหน่วยงานอื่นไม่ได้" in page_of(response)
    strategy_division.refresh_from_db()
    assert strategy_division.agency_id == measure.agency_id


def test_an_administrator_cannot_put_a_user_in_a_division_of_another_agency(
    admin_client, officer, agency, foreign_division
):
    profile = officer.profile
    data = {
        "username": officer.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [group.pk for group in officer.groups.all()],
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "1",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-id": str(profile.pk),
        "profile-0-user": str(officer.pk),
        "profile-0-agency": str(agency.pk),
        "profile-0-division": str(foreign_division.pk),
    }

    response = admin_client.post(f"/admin/auth/user/{officer.pk}/change/", data)

    assert response.status_code == 200
    assert "สำนัก/กองที่เลือกไม่ได้อยู่ในหน่วยงานนี้" in page_of(response)
    profile.refresh_from_db()
    assert profile.division != foreign_division


def test_copying_past_the_last_accepted_year_is_refused_with_a_thai_message(
    client, coordinator, agency
):
    last = Measure.objects.create(agency=agency, fiscal_year=2700, titles="มาตรการปีสุดท้าย")
    client.force_login(coordinator)

    response = client.post(
        "/admin/measures/measure/",
        {"action": "copy_to_next_year", "_selected_action": [last.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "ปีต้องเป็นปีพุทธศักราช เช่น 2568" in page_of(response)
    assert Measure.objects.count() == 1


def score_form(score, year_be, rows):
    """The agency score's change form as posted: the score and its item rows (id, code, score)."""
    data = {
        "agency": str(score.agency_id),
        "assessment_year": str(year(year_be).pk),
        "overall": str(score.overall),
        "iit": "",
        "eit": "",
        "oit": "",
        **inline_management("indicator_scores", len(rows), initial=len(rows)),
    }
    for index, (pk, code, value) in enumerate(rows):
        data[f"indicator_scores-{index}-id"] = str(pk)
        data[f"indicator_scores-{index}-agency_score"] = str(score.pk)
        data[f"indicator_scores-{index}-code"] = code
        data[f"indicator_scores-{index}-score"] = str(value)
    return data


def item_rows(score):
    return [(i.pk, i.indicator.code, i.score) for i in score.indicator_scores.all()]


def test_a_coordinator_moves_a_score_to_another_year_with_its_item_scores(
    client, coordinator, score_2568
):
    client.force_login(coordinator)
    url = f"/admin/ita/agencyscore/{score_2568.pk}/change/"

    response = client.post(url, score_form(score_2568, 2567, item_rows(score_2568)))

    assert response.status_code == 302, response.context["errors"]
    years = score_2568.indicator_scores.values_list(
        "indicator__assessment_year__year_be", flat=True
    )
    assert set(years) == {2567}


def test_moving_a_score_to_a_year_without_its_codes_names_them_and_moves_nothing(
    client, coordinator, score_2568
):
    IndicatorScore.objects.create(
        agency_score=score_2568, indicator=indicator(2568, "i10"), score="93.21"
    )
    client.force_login(coordinator)
    url = f"/admin/ita/agencyscore/{score_2568.pk}/change/"

    response = client.post(url, score_form(score_2568, 2567, item_rows(score_2568)))

    assert response.status_code == 200
    assert "เพราะปีนั้นไม่มีรหัส i10 ของคะแนนรายข้อ" in page_of(response)
    score_2568.refresh_from_db()
    assert score_2568.assessment_year.year_be == 2568
    assert not score_2568.indicator_scores.exclude(indicator__assessment_year__year_be=2568)


def test_an_administrator_cannot_move_an_indicator_that_has_scores(admin_client, scored_i10):
    response = admin_client.post(
        f"/admin/ita/indicator/{scored_i10.pk}/change/",
        {
            "assessment_year": year(2567).pk,
            "instrument": scored_i10.instrument,
            "code": "i10",
            "title_th": scored_i10.title_th,
            "title_en": scored_i10.title_en,
            "certainty": scored_i10.certainty,
        },
    )

    assert response.status_code == 200
    assert "ย้ายตัวชี้วัด/ข้อไปปีที่ประเมินอื่นไม่ได้" in page_of(response)
    scored_i10.refresh_from_db()
    assert scored_i10.assessment_year.year_be == 2568


def test_a_measure_loaded_without_its_agency_still_saves(measure):
    partial = Measure.objects.only("pk", "titles").get(pk=measure.pk)
    partial.titles = "ชื่อใหม่"
    partial.save()

    measure.refresh_from_db()
    assert measure.titles == "ชื่อใหม่"
    assert measure.responsible_divisions.count() == 1
