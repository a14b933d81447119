"""Time the executives' dashboard and count its queries for growing registers.

    python bench/dashboard.py            # SQLite, in a throw-away test database
    DATABASE_URL=postgres://… python bench/dashboard.py

For 5, 50 and 200 measures a year over 1, 5 and 10 years (scores and measures in every year),
it prints the median time of a few requests and the number of queries of one. The query count
must not grow with either number; tests/test_dashboard_queries.py holds it to that.
"""

import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

MEASURE_COUNTS = (5, 50, 200)
YEAR_COUNTS = (1, 5, 10)
REQUESTS = 5
LAST_YEAR = 2568


def progress_for(status, n):
    # The database wants status and progress to agree: done is 100, not started is 0.
    return {"done": 100, "not_started": 0}.get(status, (n * 17) % 100)


def populate(agency, measures_per_year, years, last_year=LAST_YEAR):
    """Give `agency` scores for `years` assessment years up to `last_year` and that many fiscal
    years of measures, linked to divisions and indicators, with every status represented."""
    from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore, Level
    from measures.models import Division, Measure
    from thai import calendar

    divisions = [Division.objects.create(agency=agency, name=f"กองทดสอบที่ {n}") for n in range(1, 6)]
    statuses = list(Measure.Status)
    for offset in range(years):
        year_be = last_year - offset
        year, created = AssessmentYear.objects.get_or_create(year_be=year_be)
        if created:
            Level.objects.bulk_create(
                Level(assessment_year=year, name=name, minimum_score=minimum)
                for name, minimum in [("ผ่านดีเยี่ยม", 95), ("ผ่าน", 85), ("ไม่ผ่าน", 0)]
            )
        indicators = list(Indicator.objects.filter(assessment_year=year))
        if not indicators:
            indicators = [
                Indicator.objects.create(
                    assessment_year=year, instrument="OIT", code=f"o{n}", title_th=f"ข้อ {n}"
                )
                for n in range(1, 21)
            ]
        score = AgencyScore.objects.create(
            agency=agency,
            assessment_year=year,
            overall=Decimal("80") + offset,
            iit=Decimal("90"),
            eit=Decimal("88.5"),
            oit=Decimal("92.25"),
        )
        IndicatorScore.objects.bulk_create(
            IndicatorScore(agency_score=score, indicator=indicator, score=Decimal(70 + n % 30))
            for n, indicator in enumerate(indicators)
        )
        start = calendar.fiscal_year_start(year_be)
        measures = Measure.objects.bulk_create(
            Measure(
                agency=agency,
                fiscal_year=year_be,
                number=n,
                titles=f"มาตรการทดสอบที่ {n}",
                started_on=date(start.year, 10 + n % 3, 1),
                ended_on=date(start.year + 1, 1 + n % 9, 28),
                status=statuses[n % 3],
                progress=progress_for(statuses[n % 3], n),
                is_every_division=n % 10 == 0,
            )
            for n in range(1, measures_per_year + 1)
        )
        Measure.responsible_divisions.through.objects.bulk_create(
            Measure.responsible_divisions.through(
                measure=measure, division=divisions[n % len(divisions)]
            )
            for n, measure in enumerate(measures)
        )
        Measure.indicators.through.objects.bulk_create(
            Measure.indicators.through(measure=measure, indicator=indicators[n % len(indicators)])
            for n, measure in enumerate(measures)
        )


def measure_once(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def main():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from measures.models import Agency

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        admin = User.objects.create_superuser("bench-admin", password="bench-password-1234")
        client = Client()
        client.force_login(admin)
        print(f"database: {connection.vendor}")
        print(f"{'measures/year':>13} {'years':>6} {'queries':>8} {'median ms':>10}")
        for years in YEAR_COUNTS:
            for count in MEASURE_COUNTS:
                slug = f"bench-{count}-{years}"
                agency = Agency.objects.create(
                    name=slug, slug=slug, district="เมือง", province="ทดสอบ"
                )
                populate(agency, count, years)
                url = f"/dashboard/?agency={slug}&year={LAST_YEAR}"
                queries = measure_once(client, url)  # also warms caches
                timings = []
                for _ in range(REQUESTS):
                    started = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                print(f"{count:>13} {years:>6} {queries:>8} {statistics.median(timings):>10.1f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
