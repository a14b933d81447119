"""Scores and changes as the dashboard prints them: Thai digits, two decimals, a real sign."""

from decimal import Decimal

from django.template import Context, Template

from thai import numbers


def test_a_score_has_two_decimals_in_thai_digits():
    assert numbers.score(Decimal("99.7")) == "๙๙.๗๐"
    assert numbers.score(Decimal("100")) == "๑๐๐.๐๐"
    assert numbers.score(87) == "๘๗.๐๐"


def test_an_unknown_score_is_a_dash():
    assert numbers.score(None) == "—"
    assert numbers.signed_change(None) == "—"
    assert numbers.score("abc") == "—"


def test_the_float_sqlite_leaves_is_rounded_to_two_decimals_with_a_minus_sign():
    change = 96.50 - 99.70
    assert str(change).startswith("-3.2000000")
    assert numbers.signed_change(change) == "−๓.๒๐"


def test_a_gain_carries_a_plus_sign():
    assert numbers.signed_change(Decimal("1.45")) == "+๑.๔๕"


def test_no_change_has_no_sign_and_never_reads_minus_zero():
    assert numbers.signed_change(Decimal("0")) == "๐.๐๐"
    assert numbers.signed_change(-0.001) == "๐.๐๐"


def test_half_a_hundredth_rounds_up_as_people_round():
    assert numbers.score(Decimal("98.125")) == "๙๘.๑๓"
    assert numbers.signed_change(Decimal("-1.005")) == "−๑.๐๑"


def test_a_count_is_thai_digits():
    assert numbers.count(12) == "๑๒"
    assert numbers.count(None) == "—"


def test_the_template_filters_format_the_same_way():
    rendered = Template("{% load thai %}{{ a|thai_score }} {{ b|thai_change }}").render(
        Context({"a": 96.5, "b": 96.50 - 99.70})
    )
    assert rendered == "๙๖.๕๐ −๓.๒๐"
