"""/my/ costs a fixed number of queries however many measures there are."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures.models import Measure, Result, Step


def populate(agency, division, count):
    for number in range(1, count + 1):
        measure = Measure.objects.create(
            agency=agency,
            fiscal_year=2568,
            number=number,
            titles=f"มาตรการ {number}",
            ended_on=date(2025, 6, 1 + number % 28),
        )
        measure.responsible_divisions.add(division)
        Step.objects.create(measure=measure, text="ขั้นตอน", planned_end_on=date(2025, 5, 1))
        Result.objects.create(measure=measure, text="ผล")


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/my/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["officer", "coordinator"])
@time_machine.travel(date(2025, 6, 15))
def test_5_and_40_measures_take_the_same_queries(user, client, agency, finance_division, request):
    client.force_login(request.getfixturevalue(user))
    populate(agency, finance_division, 5)
    few = queries_for(client)
    Measure.objects.all().delete()
    populate(agency, finance_division, 40)
    assert queries_for(client) == few
