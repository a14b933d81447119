"""Levels and changes are computed from the assessment year's own thresholds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from ita.models import AgencyScore, AssessmentYear, Level


@pytest.fixture
def current_year(db):
    # Loaded by the data migration with ผ่านดีเยี่ยม ≥ 95, ผ่าน ≥ 85, ไม่ผ่าน below.
    return AssessmentYear.objects.get(year_be=2568)


@pytest.fixture
def letter_year(db):
    year = AssessmentYear.objects.create(year_be=2561)
    bands = [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]
    Level.objects.bulk_create(
        Level(assessment_year=year, name=name, minimum_score=minimum) for name, minimum in bands
    )
    return year


@pytest.mark.parametrize(
    "score, level",
    [
        ("84.99", "ไม่ผ่าน"),
        ("85.00", "ผ่าน"),
        ("94.99", "ผ่าน"),
        ("95.00", "ผ่านดีเยี่ยม"),
        ("100.00", "ผ่านดีเยี่ยม"),
        ("0.00", "ไม่ผ่าน"),
    ],
)
def test_the_current_levels_start_at_85_and_95(current_year, score, level):
    assert current_year.level_for(Decimal(score)).name == level


@pytest.mark.parametrize(
    "score, level",
    [
        ("84.99", "B"),
        ("85.00", "A"),
        ("94.99", "A"),
        ("95.00", "AA"),
        ("49.99", "F"),
        ("50.00", "E"),
    ],
)
def test_an_older_year_uses_its_letter_bands(letter_year, score, level):
    assert letter_year.level_for(Decimal(score)).name == level


def test_a_year_without_levels_gives_no_level(db):
    year = AssessmentYear.objects.create(year_be=2570)
    assert year.level_for(Decimal("99")) is None


def test_the_change_is_against_the_previous_assessment_on_record(agency, current_year):
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2567), overall="98.25"
    )
    AgencyScore.objects.create(agency=agency, assessment_year=current_year, overall="99.70")
    latest = AgencyScore.objects.with_previous().get(assessment_year=current_year)
    assert latest.change == Decimal("1.45")
    assert latest.previous_year_be == 2567
    assert latest.level.name == "ผ่านดีเยี่ยม"


@pytest.mark.parametrize("previous, change", [("85.00", "-0.01"), ("84.99", "0.00")])
def test_a_fall_or_no_change_is_computed_too(agency, current_year, previous, change):
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2567), overall=previous
    )
    AgencyScore.objects.create(agency=agency, assessment_year=current_year, overall="84.99")
    latest = AgencyScore.objects.with_previous().get(assessment_year=current_year)
    assert latest.change == Decimal(change)
    assert latest.level.name == "ไม่ผ่าน"


def test_the_first_assessment_has_no_change(agency, current_year):
    AgencyScore.objects.create(agency=agency, assessment_year=current_year, overall="90")
    assert AgencyScore.objects.with_previous().get().change is None


def test_a_score_above_100_is_refused_with_a_thai_message(agency, current_year):
    score = AgencyScore(agency=agency, assessment_year=current_year, overall="120")
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert error.value.message_dict["overall"] == ["คะแนนต้องอยู่ระหว่าง 0 ถึง 100"]


def test_the_database_refuses_a_score_above_100_too(agency, current_year):
    with pytest.raises(IntegrityError):
        AgencyScore.objects.create(agency=agency, assessment_year=current_year, overall="120")


def test_weights_must_add_up_to_100(db):
    year = AssessmentYear(year_be=2571, iit_weight=30, eit_weight=30, oit_weight=30)
    with pytest.raises(ValidationError, match="ต้องรวมกันได้ 100"):
        year.full_clean()
