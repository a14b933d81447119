"""Time the executives' dashboard and count its queries for growing registers.

    python bench/dashboard.py            # SQLite, in a throw-away test database
    DATABASE_URL=postgres://… python bench/dashboard.py

For 5, 50 and 200 measures a year over 1, 5 and 10 years (scores and measures in every year),
it prints the number of queries of one request and the median time of several, as the server
runs it (DEBUG off, no debug query log): wall time, and the process's CPU time, which a busy
shared machine disturbs less. The target is 50 ms for 200 measures over 10 years. The query
count must not grow with either number; tests/test_dashboard_queries.py holds it to that.
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
# Production settings (DEBUG off) on plain HTTP, with a throw-away key for this process only.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("INSECURE_HTTP", "1")

MEASURE_COUNTS = (5, 50, 200)
YEAR_COUNTS = (1, 5, 10)
REQUESTS = 15
LAST_YEAR = 2568
TARGET_MS = 50
# The templates' static names without collectstatic's manifest; the lookup costs the same.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


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
    from django.db import connection
    from django.test import override_settings

    # No setup_test_environment(): its instrumented template rendering (for the test client's
    # response.context) would be timed too.
    old_name = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite":
        # Not the tests' database, which a test run may be using.
        connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(STORAGES=STORAGES, ALLOWED_HOSTS=["testserver"]):
            run(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(connection):
    from django.contrib.auth.models import User
    from django.test import Client

    from measures.models import Agency

    admin = User.objects.create_superuser("bench-admin", password="bench-password-1234")
    client = Client()
    client.force_login(admin)
    print(f"database: {connection.vendor}")
    print(f"{'measures/year':>13} {'years':>6} {'queries':>8} {'median ms':>10} {'CPU ms':>7}")
    for years in YEAR_COUNTS:
        for count in MEASURE_COUNTS:
            slug = f"bench-{count}-{years}"
            agency = Agency.objects.create(name=slug, slug=slug, district="เมือง", province="ทดสอบ")
            populate(agency, count, years)
            url = f"/dashboard/?agency={slug}&year={LAST_YEAR}"
            queries = measure_once(client, url)  # also warms caches
            wall, cpu = [], []
            for _ in range(REQUESTS):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            median = statistics.median(wall)
            print(
                f"{count:>13} {years:>6} {queries:>8} {median:>10.1f} "
                f"{statistics.median(cpu):>7.1f}"
            )
    print(
        f"\n200 measures over 10 years: {median:.1f} ms, target {TARGET_MS} ms "
        f"({'met' if median <= TARGET_MS else 'NOT met'} on this run)."
    )
    # Wall time waits for a core on a busy machine; CPU time much less so.
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
