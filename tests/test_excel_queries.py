"""Exporting the register costs the same few queries for 5 measures as for 60."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from measures import excel
from measures.models import Measure, Result, Step


def fill(agency, division, count):
    for _ in range(count):
        measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
        measure.responsible_divisions.set([division])
        Step.objects.create(measure=measure, text="ขั้นตอน")
        Result.objects.create(measure=measure, text="ผล")


def export_queries(agency):
    with CaptureQueriesContext(connection) as queries:
        excel.export_workbook(agency, 2568)
    return len(queries)


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_the_measures(agency, strategy_division):
    fill(agency, strategy_division, 5)
    few = export_queries(agency)
    fill(agency, strategy_division, 55)
    assert export_queries(agency) == few <= 6
