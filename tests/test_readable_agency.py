"""Agency.objects.readable_by, the one query every report view asks, in plain SQL: it must
find exactly what the ORM rule finds (the user's own agency, only with a role; any agency
for an administrator), for every kind of account and agency."""

import pytest
from django.contrib.auth.models import Group, User

from measures import roles
from measures.models import Agency, Profile
from tests.conftest import make_staff


def by_the_orm_rule(user, slug):
    if not roles.has_role(user):
        return None
    return Agency.objects.for_user(user).filter(slug=slug).first()


@pytest.fixture
def accounts(agency, other_agency, coordinator, officer, executive, admin_user, other_coordinator):
    no_role = User.objects.create_user("no-role", is_staff=True)
    Profile.objects.create(user=no_role, agency=agency)
    other_group = User.objects.create_user("other-group", is_staff=True)
    other_group.groups.add(Group.objects.create(name="กลุ่มอื่น"))
    Profile.objects.create(user=other_group, agency=agency)
    no_profile = User.objects.create_user("no-profile", is_staff=True)
    no_profile.groups.add(Group.objects.get(name=roles.COORDINATOR))
    # Roles in one agency do not reach another: a second coordinator of the other agency.
    make_staff("other-executive", other_agency, roles.EXECUTIVE)
    return list(User.objects.order_by("username"))


def test_it_finds_what_the_orm_rule_finds_for_every_account_and_agency(
    accounts, agency, other_agency, django_assert_num_queries
):
    found = {}
    for user in accounts:
        for slug in [agency.slug, other_agency.slug, "missing", "", "x' OR '1'='1"]:
            with django_assert_num_queries(1):
                agency_found = Agency.objects.readable_by(user, slug)
            assert agency_found == by_the_orm_rule(user, slug), (user.username, slug)
            found[user.username, slug] = agency_found
    # The rule is not empty: each kind of account reads what it should, and no more.
    assert found["coordinator", agency.slug] == agency
    assert found["officer", agency.slug] == agency
    assert found["executive", agency.slug] == agency
    assert found["coordinator", other_agency.slug] is None
    assert found["other-executive", other_agency.slug] == other_agency
    assert found["other-executive", agency.slug] is None
    assert found["admin", agency.slug] == agency
    assert found["admin", other_agency.slug] == other_agency
    for account in ["no-role", "other-group", "no-profile"]:
        assert found[account, agency.slug] is None
    assert found["admin", "missing"] is None


def test_the_agency_comes_back_whole(coordinator, agency):
    agency.head_name = "นายทดสอบ ระบบ"
    agency.save()
    found = Agency.objects.readable_by(coordinator, agency.slug)
    assert [getattr(found, field.attname) for field in Agency._meta.concrete_fields] == [
        getattr(agency, field.attname) for field in Agency._meta.concrete_fields
    ]
