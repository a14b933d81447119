"""{{ value|thai_datetime }}: a moment in Bangkok time, with a BE year and Thai digits."""

from datetime import UTC, date, datetime

from thai.templatetags.thai import thai_datetime


def test_it_writes_bangkok_time_with_a_be_year_and_thai_digits():
    # 23:05 UTC on 29 November is 06:05 on 30 November in Bangkok.
    moment = datetime(2026, 11, 29, 23, 5, tzinfo=UTC)
    assert thai_datetime(moment) == "๓๐ พฤศจิกายน ๒๕๖๙ เวลา ๐๖:๐๕ น."


def test_it_writes_nothing_for_what_is_not_a_moment():
    assert thai_datetime(None) == ""
    assert thai_datetime(date(2025, 1, 1)) == ""
