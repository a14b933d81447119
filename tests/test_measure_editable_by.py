"""Who may change a measure is one rule on the model, asked one row at a time
(Measure.is_editable_by) or for many rows (Measure.objects.editable_by)."""

import pytest

from measures import roles
from measures.models import Measure
from tests.conftest import make_staff

# Which of the four measures each user may change.
EDITABLE = {
    "admin_user": {"finance", "strategy", "every", "foreign"},
    "coordinator": {"finance", "strategy", "every"},
    "officer": {"finance", "every"},
    "strategy_officer": {"strategy", "every"},
    "executive": set(),
    "roleless": set(),
    "other_officer": {"foreign"},
}


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Hashing the cast's passwords with PBKDF2 would cost seconds in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def measures(agency, other_agency, finance_division, strategy_division, other_division):
    finance = Measure.objects.create(agency=agency, fiscal_year=2568, titles="finance")
    finance.responsible_divisions.add(finance_division)
    strategy = Measure.objects.create(agency=agency, fiscal_year=2568, titles="strategy")
    strategy.responsible_divisions.add(strategy_division)
    every = Measure.objects.create(
        agency=agency, fiscal_year=2568, titles="every", is_every_division=True
    )
    foreign = Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="foreign")
    foreign.responsible_divisions.add(other_division)
    return [finance, strategy, every, foreign]


@pytest.mark.parametrize("name", EDITABLE)
def test_both_forms_of_the_rule_agree_on_every_measure(request, measures, name):
    user = request.getfixturevalue(name)
    expected = EDITABLE[name]

    one_by_one = {m.titles for m in Measure.objects.all() if m.is_editable_by(user)}
    in_bulk = set(Measure.objects.editable_by(user).values_list("titles", flat=True))

    assert one_by_one == in_bulk == expected


def test_a_measure_shared_by_two_divisions_is_editable_by_both_officers(
    measures, officer, strategy_officer, finance_division
):
    strategy = measures[1]
    strategy.responsible_divisions.add(finance_division)

    assert strategy.is_editable_by(officer) and strategy.is_editable_by(strategy_officer)
    assert Measure.objects.editable_by(officer).filter(pk=strategy.pk).count() == 1


def test_an_officer_without_a_division_may_change_only_measures_of_every_division(agency, measures):
    loner = make_staff("loner", agency, roles.DIVISION_OFFICER)

    assert set(Measure.objects.editable_by(loner).values_list("titles", flat=True)) == {"every"}
    assert [m.titles for m in measures if m.is_editable_by(loner)] == ["every"]


def test_an_inactive_officer_may_change_nothing(officer, measures):
    officer.is_active = False
    officer.save()

    assert not Measure.objects.editable_by(officer).exists()
    assert not any(m.is_editable_by(officer) for m in measures)
