"""The coordinator keeps the agency's staff accounts, and can grant nothing beyond the three
roles: no administrator rights, no chosen permissions, no other agency, not their own role."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError

from measures import roles
from tests.conftest import PASSWORD

USERS_URL = "/admin/auth/user/"
ADD_URL = "/admin/auth/user/add/"
NEW_PASSWORD = "ม้าลาย-Zebra-2568!"


@pytest.fixture(autouse=True)
def quick_passwords(settings):
    # Hashing the cast's passwords with PBKDF2 would cost seconds in every test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def group(name):
    return Group.objects.get(name=name)


def new_account(division, role_name=roles.DIVISION_OFFICER, **overrides):
    return {
        "username": "newclerk",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "first_name": "สมหญิง",
        "last_name": "ใจดี",
        "email": "somying@example.org",
        "is_active": "on",
        "role": str(group(role_name).pk),
        "division": str(division.pk) if division else "",
        **overrides,
    }


def account_form(user, **overrides):
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "role": str(user.groups.get(name__in=roles.ROLE_PERMISSIONS).pk),
        "division": str(user.profile.division_id or ""),
        **overrides,
    }


def test_the_coordinator_creates_a_staff_account_of_the_agency(
    coordinator_client, agency, finance_division
):
    response = coordinator_client.post(ADD_URL, new_account(finance_division))

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="newclerk")
    assert (user.is_staff, user.is_superuser, user.is_active) == (True, False, True)
    assert [g.name for g in user.groups.all()] == [roles.DIVISION_OFFICER]
    assert (user.profile.agency, user.profile.division) == (agency, finance_division)
    assert user.check_password(NEW_PASSWORD)


def test_forged_administrator_rights_groups_and_agency_are_ignored(
    coordinator_client, agency, other_agency, finance_division
):
    powerful = Group.objects.create(name="ผู้ดูแลทุกอย่าง")
    powerful.permissions.set(Permission.objects.all())
    forged = {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(powerful.pk)],
        "user_permissions": [str(p.pk) for p in Permission.objects.all()[:5]],
        "agency": str(other_agency.pk),
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-0-agency": str(other_agency.pk),
    }

    coordinator_client.post(ADD_URL, new_account(finance_division, **forged))

    user = User.objects.get(username="newclerk")
    assert user.is_superuser is False
    assert [g.name for g in user.groups.all()] == [roles.DIVISION_OFFICER]
    assert not user.user_permissions.exists()
    assert user.profile.agency == agency


def test_a_group_that_is_not_a_role_is_refused_in_thai(coordinator_client, finance_division):
    powerful = Group.objects.create(name="ผู้ดูแลทุกอย่าง")

    response = coordinator_client.post(
        ADD_URL, new_account(finance_division, role=str(powerful.pk))
    )

    assert "เลือกบทบาทได้เฉพาะสามบทบาทที่มีให้เลือก" in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()


def test_another_agencys_division_is_refused_in_thai(coordinator_client, other_division):
    response = coordinator_client.post(ADD_URL, new_account(other_division))

    assert "เลือกได้เฉพาะสำนัก/กองของหน่วยงานท่าน" in response.content.decode()
    assert not User.objects.filter(username="newclerk").exists()


def test_the_role_offers_the_three_roles_only(coordinator_client):
    Group.objects.create(name="ผู้ดูแลทุกอย่าง")

    page = coordinator_client.get(ADD_URL).content.decode()

    picker = page[page.index('name="role"') :].split("</select>")[0]
    for role in roles.ROLE_PERMISSIONS:
        assert role in picker
    assert "ผู้ดูแลทุกอย่าง" not in picker
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page


def test_the_coordinator_lists_only_the_agencys_staff(
    coordinator_client, officer, executive, admin_user, other_officer
):
    page = coordinator_client.get(USERS_URL).content.decode()

    assert "officer" in page and "executive" in page
    assert "other_officer" not in page
    assert f"/admin/auth/user/{admin_user.pk}/change/" not in page


@pytest.mark.parametrize("stranger", ["other_officer", "admin_user"])
@pytest.mark.parametrize("view", ["change", "password", "history"])
def test_the_coordinator_cannot_open_other_agencies_or_administrators_accounts(
    coordinator_client, request, stranger, view
):
    user = request.getfixturevalue(stranger)

    response = coordinator_client.get(f"/admin/auth/user/{user.pk}/{view}/")

    assert response.status_code in (302, 404)
    assert 'name="username"' not in response.content.decode()
    assert 'name="password1"' not in response.content.decode()


def test_the_coordinator_cannot_change_another_agencys_account(coordinator_client, other_officer):
    coordinator_client.post(
        f"/admin/auth/user/{other_officer.pk}/change/",
        account_form(other_officer, is_active="", role=str(group(roles.COORDINATOR).pk)),
    )

    other_officer.refresh_from_db()
    assert other_officer.is_active
    assert [g.name for g in other_officer.groups.all()] == [roles.DIVISION_OFFICER]


def test_the_coordinator_cannot_reset_an_administrators_password(coordinator_client, admin_user):
    coordinator_client.post(
        f"/admin/auth/user/{admin_user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_the_coordinator_deactivates_an_officer_and_changes_role_and_division(
    coordinator_client, officer, strategy_division
):
    data = account_form(
        officer,
        is_active="",
        role=str(group(roles.EXECUTIVE).pk),
        division=str(strategy_division.pk),
    )

    response = coordinator_client.post(f"/admin/auth/user/{officer.pk}/change/", data)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_active is False
    assert [g.name for g in officer.groups.all()] == [roles.EXECUTIVE]
    assert officer.profile.division == strategy_division


def test_changing_a_role_keeps_groups_an_administrator_gave(coordinator_client, officer):
    extra = Group.objects.create(name="กลุ่มพิเศษ")
    officer.groups.add(extra)
    data = account_form(officer, role=str(group(roles.EXECUTIVE).pk))

    coordinator_client.post(f"/admin/auth/user/{officer.pk}/change/", data)

    assert {g.name for g in officer.groups.all()} == {roles.EXECUTIVE, "กลุ่มพิเศษ"}


def test_the_coordinator_cannot_change_their_own_role_or_active_flag(
    coordinator_client, coordinator
):
    page = coordinator_client.get(f"/admin/auth/user/{coordinator.pk}/change/").content.decode()
    assert 'name="role"' not in page
    assert 'name="is_active"' not in page

    data = account_form(coordinator, is_active="", role=str(group(roles.DIVISION_OFFICER).pk))
    data["first_name"] = "ชื่อใหม่"
    response = coordinator_client.post(f"/admin/auth/user/{coordinator.pk}/change/", data)

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.first_name == "ชื่อใหม่"
    assert coordinator.is_active
    assert [g.name for g in coordinator.groups.all()] == [roles.COORDINATOR]


def test_the_coordinator_cannot_delete_accounts(coordinator_client, officer):
    response = coordinator_client.post(f"/admin/auth/user/{officer.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert User.objects.filter(pk=officer.pk).exists()


def test_the_coordinator_cannot_edit_groups(coordinator_client):
    assert coordinator_client.get("/admin/auth/group/").status_code == 403


def test_the_coordinator_sets_a_new_password_for_the_agencys_officer(coordinator_client, officer):
    response = coordinator_client.post(
        f"/admin/auth/user/{officer.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("user", ["officer", "executive", "roleless"])
def test_only_coordinators_and_administrators_keep_accounts(client, request, user):
    client.force_login(request.getfixturevalue(user))

    assert client.get(USERS_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403


def test_an_administrator_keeps_the_full_user_admin(admin_client, officer):
    page = admin_client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()

    assert 'name="is_superuser"' in page
    assert 'name="groups"' in page
    assert 'name="profile-0-agency"' in page


@pytest.mark.parametrize("field", ["groups", "user_permissions"])
def test_a_forged_id_beyond_any_is_a_form_error_for_an_administrator(
    rf, admin_user, officer, field
):
    # SQLite (the demo's database) cannot take such a number as a parameter at all.
    request = rf.post(USERS_URL)
    request.user = admin_user
    form = admin.site._registry[User].get_form(request, officer)
    with pytest.raises(ValidationError):
        form.base_fields[field].clean(["99999999999999999999"])
