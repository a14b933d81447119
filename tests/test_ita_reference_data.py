"""The reference data ships with the app; the coordinator keeps it and the scores in the admin."""

import pytest
from django.urls import reverse

from ita.models import AgencyScore, AssessmentYear, Indicator


def test_the_migration_loads_both_years_with_their_levels_and_indicators(db):
    years = AssessmentYear.objects.prefetch_related("levels")
    assert [year.year_be for year in years] == [2567, 2568]
    for year in years:
        assert [(lv.name, int(lv.minimum_score)) for lv in year.levels.all()] == [
            ("ผ่านดีเยี่ยม", 95),
            ("ผ่าน", 85),
            ("ไม่ผ่าน", 0),
        ]
        assert (year.iit_weight, year.eit_weight, year.oit_weight) == (30, 30, 40)
    assert Indicator.objects.filter(assessment_year__year_be=2567).count() == 53
    assert Indicator.objects.filter(assessment_year__year_be=2568).count() == 37


def test_each_row_keeps_its_certainty_and_parent(db):
    i10 = Indicator.objects.get(assessment_year__year_be=2568, code="i10")
    assert i10.parent.code == "IND4"
    assert i10.certainty == Indicator.Certainty.PROBABLE
    assert i10.instrument == Indicator.Instrument.IIT
    assert (
        Indicator.objects.get(assessment_year__year_be=2567, code="IND7").certainty == "confirmed"
    )


def test_items_are_listed_in_manual_order(db):
    codes = list(
        Indicator.objects.filter(assessment_year__year_be=2568, code__startswith="o").values_list(
            "code", flat=True
        )
    )
    assert codes[:12] == [f"o{n}" for n in range(1, 13)]


def test_a_code_saved_in_staff_spelling_is_stored_canonically(db):
    year = AssessmentYear.objects.create(year_be=2569)
    indicator = Indicator(assessment_year=year, instrument="OIT", code="๐๑๔", title_th="ทดสอบ")
    indicator.full_clean()
    indicator.save()
    assert indicator.code == "o14"


def test_the_coordinator_sees_certainty_in_the_indicator_list(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:ita_indicator_changelist"), {"assessment_year": 2})
    assert response.status_code == 200
    assert "ความแน่นอนของข้อมูล" in response.text
    assert "ยังไม่แน่ชัด" in response.text


def test_the_indicator_search_finds_a_code_typed_as_the_report_types_it(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:ita_indicator_changelist"), {"q": "๐๑๔"})
    assert "แผนการบริหารและพัฒนาทรัพยากรบุคคล" in response.text  # o14 of 2568


def score_form(year, overall, *rows):
    data = {
        "assessment_year": year.pk,
        "overall": overall,
        "indicator_scores-TOTAL_FORMS": len(rows),
        "indicator_scores-INITIAL_FORMS": 0,
        "indicator_scores-MIN_NUM_FORMS": 0,
        "indicator_scores-MAX_NUM_FORMS": 1000,
    }
    for index, (code, score) in enumerate(rows):
        data[f"indicator_scores-{index}-code"] = code
        data[f"indicator_scores-{index}-score"] = score
    return data


@pytest.fixture
def year_2568(db):
    return AssessmentYear.objects.get(year_be=2568)


def test_the_coordinator_enters_item_scores_by_the_codes_the_report_uses(
    client, coordinator, agency, year_2568
):
    client.force_login(coordinator)
    data = score_form(year_2568, "99.70", ("๐๑๔", "100"), ("i๑๐", "100"), ("IND7", "99.91"))
    data["agency"] = agency.pk
    response = client.post(reverse("admin:ita_agencyscore_add"), data)
    assert response.status_code == 302, response.context["errors"]
    score = AgencyScore.objects.get()
    stored = {row.indicator.code: str(row.score) for row in score.indicator_scores.all()}
    assert stored == {"o14": "100.00", "i10": "100.00", "IND7": "99.91"}


def test_an_unknown_code_is_refused_with_a_thai_message(client, coordinator, agency, year_2568):
    client.force_login(coordinator)
    data = score_form(year_2568, "99.70", ("x14", "100"), ("o99", "100"))
    data["agency"] = agency.pk
    response = client.post(reverse("admin:ita_agencyscore_add"), data)
    assert response.status_code == 200
    assert "ไม่รู้จักรหัส &quot;x14&quot;" in response.text
    assert "ไม่พบรหัส o99 ใน ITA พ.ศ. 2568" in response.text
    assert not AgencyScore.objects.exists()


def test_a_score_of_120_is_refused_in_the_admin(client, coordinator, agency, year_2568):
    client.force_login(coordinator)
    data = score_form(year_2568, "120")
    data["agency"] = agency.pk
    response = client.post(reverse("admin:ita_agencyscore_add"), data)
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in response.text


def test_the_same_code_twice_is_refused(client, coordinator, agency, year_2568):
    client.force_login(coordinator)
    data = score_form(year_2568, "99", ("o14", "100"), ("๐๑๔", "90"))
    data["agency"] = agency.pk
    response = client.post(reverse("admin:ita_agencyscore_add"), data)
    assert "กรอกคะแนนข้อ o14 ซ้ำ" in response.text


def test_the_score_list_shows_the_computed_level_and_change(
    client, executive, agency, year_2568, other_agency
):
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2567), overall="98.25"
    )
    AgencyScore.objects.create(agency=agency, assessment_year=year_2568, overall="99.70")
    AgencyScore.objects.create(agency=other_agency, assessment_year=year_2568, overall="77.77")
    client.force_login(executive)
    response = client.get(reverse("admin:ita_agencyscore_changelist"))
    assert "+1.45 (จาก พ.ศ. 2567)" in response.text
    assert "ผ่านดีเยี่ยม" in response.text
    assert "77.77" not in response.text  # another agency's scores stay hidden


def test_an_executive_may_look_but_not_edit(client, executive, year_2568):
    client.force_login(executive)
    assert client.get(reverse("admin:ita_indicator_changelist")).status_code == 200
    assert client.get(reverse("admin:ita_agencyscore_add")).status_code == 403
