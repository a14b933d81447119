"""Nothing in the admin shows a Christian-era year: history and user pages included."""

from datetime import UTC, datetime

import time_machine

from measures.models import Measure
from tests.conftest import PASSWORD

# 25 November 2026 CE is 25 November 2569 BE.
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_the_history_of_a_measure_shows_be_dates(client, admin_user, agency):
    client.login(username=admin_user.username, password=PASSWORD)
    client.post(
        "/admin/measures/measure/add/",
        {
            "agency": agency.pk,
            "fiscal_year": "2570",
            "titles": "มาตรการ",
            "steps_style": "numbered",
            "results_style": "numbered",
            "status": "not_started",
            "progress": "0",
            **{
                f"{p}-{k}": v
                for p in ("steps", "results")
                for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
            },
        },
    )
    measure = Measure.objects.get()

    page = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()

    assert "25/11/2569 10:00" in page
    assert "2026" not in page


@time_machine.travel(NOW, tick=False)
def test_a_users_page_shows_login_and_joining_dates_in_be(client, admin_user, officer):
    client.login(username=admin_user.username, password=PASSWORD)
    client.login(username=officer.username, password=PASSWORD)
    client.login(username=admin_user.username, password=PASSWORD)

    page = client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()

    assert "25/11/2569 10:00" in page
    assert "2026" not in page
