"""The reminders sent are listed read-only in the admin: an administrator sees every agency's,
a coordinator their own agency's, other roles none. The reminder preference shows on the
administrator's user page."""

import pytest

from work.models import Reminder

LIST = "/admin/work/reminder/"


@pytest.fixture
def reminders(officer, other_officer):
    return {
        "own": Reminder.objects.create(
            kind="measure", object_id=1, threshold="7", recipient=officer, subject="ของรังสิต"
        ),
        "other": Reminder.objects.create(
            kind="measure", object_id=2, threshold="7", recipient=other_officer, subject="ของตัวอย่าง"
        ),
    }


@pytest.mark.parametrize(
    ("user", "code", "sees"),
    [
        ("admin_user", 200, ["ของรังสิต", "ของตัวอย่าง"]),
        ("coordinator", 200, ["ของรังสิต"]),
        ("other_coordinator", 200, ["ของตัวอย่าง"]),
        ("officer", 403, []),
        ("strategy_officer", 403, []),
        ("executive", 403, []),
        ("roleless", 403, []),
    ],
)
def test_each_role_sees_the_reminders_it_may(user, code, sees, client, reminders, request):
    client.force_login(request.getfixturevalue(user))
    response = client.get(LIST)
    assert response.status_code == code
    if code == 200:
        for subject in ["ของรังสิต", "ของตัวอย่าง"]:
            assert (subject in response.text) == (subject in sees)


def test_nobody_adds_changes_or_deletes_a_reminder(client, admin_user, reminders):
    client.force_login(admin_user)
    assert client.get(f"{LIST}add/").status_code == 403
    own = reminders["own"]
    page = client.get(f"{LIST}{own.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(f"{LIST}{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Reminder.objects.count() == 2


def test_another_agencys_reminder_is_not_shown_to_a_coordinator(client, coordinator, reminders):
    client.force_login(coordinator)
    response = client.get(f"{LIST}{reminders['other'].pk}/change/")
    assert response.status_code == 302  # back to the index, as if it did not exist


def test_the_administrator_sees_and_sets_the_reminder_preference(client, admin_user, officer):
    client.force_login(admin_user)
    page = client.get(f"/admin/auth/user/{officer.pk}/change/").text
    assert "รับอีเมลแจ้งเตือน" in page
    assert 'name="profile-0-receives_reminders"' in page
