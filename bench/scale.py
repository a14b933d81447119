"""National scale: thousands of agencies in one PostgreSQL, and the pages staff open every day.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_national   # a database of its own
    python bench/scale.py                    # 8,300 agencies × 10 fiscal years × 20 measures
    python bench/scale.py --agencies 50      # a small run (tests/test_bench_scale.py does this)

It migrates the database, then fills it with bulk INSERT … SELECT statements run by
PostgreSQL itself (generate_series), a chunk of agencies per transaction: agencies with five
divisions and a coordinator each, measures with three steps, two results, a responsible
division and sometimes an ITA item, and ITA scores with ten item scores for every year. The
database's constraints and triggers check every row as usual; the audit trail's history
tables are left empty. A second run fills only the agencies still missing, so an
interrupted fill carries on.

Then, for random agencies' coordinators (logged in through Django's test client, in this
process, DEBUG off), it times the admin's measure list, a measure's change page, the report
page and the dashboard, and prints the median and p95 of each against LIMIT_MS. It EXPLAINs
every query those pages make on the large tables and prints the plans: none may read a large
table whole (a sequential scan), and the measure list never counts the whole measure table.
It exits non-zero when a plan does.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

AGENCIES = 8300
YEARS = 10
MEASURES = 20
LAST_YEAR = 2568
DIVISIONS = 5
STEPS = 3
RESULTS = 2
ITEM_SCORES = 10
CHUNK = 200  # agencies per transaction
SLUG_PREFIX = "scale-"
LIMIT_MS = 100
SMALL = 1000
MIN_ROWS = 10_000

# Tables that grow with the number of agencies: a page reading one whole is a page that gets
# slower with every agency added.
LARGE_TABLES = {
    "measures_agency",
    "measures_division",
    "measures_measure",
    "measures_measure_responsible_divisions",
    "measures_measure_indicators",
    "measures_step",
    "measures_result",
    "ita_agencyscore",
    "ita_indicatorscore",
    "auth_user",
    "measures_profile",
    # Left empty by the fill, but as large as the register in a real installation.
    "measures_historicalmeasure",
    "measures_historicalstep",
    "measures_historicalresult",
}

# One chunk of agencies, numbered %(first)s..%(last)s; PostgreSQL makes every row itself.
CHUNK_AGENCIES = (
    "SELECT id, slug FROM measures_agency WHERE slug IN "
    f"(SELECT '{SLUG_PREFIX}' || g FROM generate_series(%(first)s, %(last)s) g)"
)
CHUNK_AGENCY_IDS = f"SELECT id FROM ({CHUNK_AGENCIES}) chunk"
FILL_STATEMENTS = [
    f"""INSERT INTO measures_agency
        (name, slug, district, province, head_name, head_position, is_active)
    SELECT 'เทศบาลทดสอบที่ ' || g, '{SLUG_PREFIX}' || g, 'เมือง', 'จังหวัดที่ ' || (g %% 77 + 1),
        'นายทดสอบ ผู้บริหาร', 'นายกเทศมนตรี', true
    FROM generate_series(%(first)s, %(last)s) g""",
    f"""INSERT INTO measures_division (agency_id, name, position, short_name, is_retired)
    SELECT a.id, 'กองทดสอบที่ ' || d, d, '', false
    FROM ({CHUNK_AGENCIES}) a, generate_series(1, {DIVISIONS}) d""",
    # Status and progress agree as the database requires: done is 100, not started is 0.
    f"""INSERT INTO measures_measure
        (agency_id, fiscal_year, number, titles, steps_style, started_on, ended_on,
         is_every_division, results_intro, results_style, outcome, status, progress,
         states_scores)
    SELECT a.id, y, n,
        'มาตรการส่งเสริมคุณธรรมและความโปร่งใสที่ ' || n || E'\\nกิจกรรมเผยแพร่ข้อมูลต่อสาธารณะ',
        'numbered',
        make_date(y - 544, 10, 1) + (n * 3),
        make_date(y - 543, 9, 30) - (n * 2),
        n %% 10 = 0, '', 'numbered',
        'หน่วยงานเปิดเผยข้อมูลครบถ้วนตามกำหนด',
        (ARRAY['not_started', 'in_progress', 'done'])[(a.id + y + n) %% 3 + 1],
        (ARRAY[0, (a.id + n) %% 99 + 1, 100])[(a.id + y + n) %% 3 + 1],
        n %% 4 = 0
    FROM ({CHUNK_AGENCIES}) a,
        generate_series(%(first_year)s, %(last_year)s) y,
        generate_series(1, {MEASURES}) n""",
    # A coordinator for every agency, in the first division, with no password.
    f"""INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
        is_staff, is_active, date_joined)
    SELECT '!', false, 'coordinator-' || a.slug, 'ผู้ประสานงาน', '', '', true, true, now()
    FROM ({CHUNK_AGENCIES}) a
    ON CONFLICT (username) DO NOTHING""",
    f"""INSERT INTO auth_user_groups (user_id, group_id)
    SELECT u.id, g.id FROM ({CHUNK_AGENCIES}) a
    JOIN auth_user u ON u.username = 'coordinator-' || a.slug
    JOIN auth_group g ON g.name = %(coordinator)s
    ON CONFLICT DO NOTHING""",
    f"""INSERT INTO measures_profile (user_id, agency_id, division_id, receives_reminders)
    SELECT u.id, a.id, d.id, true FROM ({CHUNK_AGENCIES}) a
    JOIN auth_user u ON u.username = 'coordinator-' || a.slug
    JOIN measures_division d ON d.agency_id = a.id AND d.position = 1
    ON CONFLICT (user_id) DO NOTHING""",
    f"""INSERT INTO measures_measure_responsible_divisions (measure_id, division_id)
    SELECT m.id, d.id FROM measures_measure m
    JOIN measures_division d
        ON d.agency_id = m.agency_id AND d.position = m.number %% {DIVISIONS} + 1
    WHERE m.agency_id IN ({CHUNK_AGENCY_IDS}) AND NOT m.is_every_division""",
    f"""INSERT INTO measures_measure_indicators (measure_id, indicator_id)
    SELECT m.id, i.indicator_id FROM measures_measure m
    JOIN scale_indicator i ON i.year_be = m.fiscal_year AND i.k = m.number %% {ITEM_SCORES}
    WHERE m.agency_id IN ({CHUNK_AGENCY_IDS}) AND m.states_scores""",
    f"""INSERT INTO measures_step (measure_id, position, text)
    SELECT m.id, s, 'ขั้นตอนที่ ' || s || ' ประชุมชี้แจงและจัดทำแผนการดำเนินงาน'
    FROM measures_measure m, generate_series(1, {STEPS}) s
    WHERE m.agency_id IN ({CHUNK_AGENCY_IDS})""",
    f"""INSERT INTO measures_result (measure_id, position, text, done_on, evidence_links)
    SELECT m.id, r, 'ผลการดำเนินการที่ ' || r || ' เผยแพร่ประกาศบนเว็บไซต์ของหน่วยงาน',
        m.started_on + r * 30, 'https://example.go.th/evidence/' || m.id || '/' || r
    FROM measures_measure m, generate_series(1, {RESULTS}) r
    WHERE m.agency_id IN ({CHUNK_AGENCY_IDS})""",
    f"""INSERT INTO ita_agencyscore (agency_id, assessment_year_id, overall, iit, eit, oit)
    SELECT a.id, y.id, 80 + (a.id + y.year_be) %% 20, 90, 88.5, 92.25
    FROM ({CHUNK_AGENCIES}) a, ita_assessmentyear y
    WHERE y.year_be BETWEEN %(first_year)s AND %(last_year)s""",
    f"""INSERT INTO ita_indicatorscore (agency_score_id, indicator_id, score)
    SELECT s.id, i.indicator_id, 60 + (s.id + i.k * 7) %% 40
    FROM ita_agencyscore s
    JOIN ita_assessmentyear y ON y.id = s.assessment_year_id
    JOIN scale_indicator i ON i.year_be = y.year_be
    WHERE s.agency_id IN ({CHUNK_AGENCY_IDS})""",
]


def scale_agencies():
    from measures.models import Agency

    return Agency.objects.filter(slug__startswith=SLUG_PREFIX)


def prepare_assessment_years(first_year, last_year):
    """Every fiscal year gets an assessment year with levels and at least ITEM_SCORES items;
    the temporary table scale_indicator numbers ITEM_SCORES of each year's items 0, 1, …"""
    from django.db import connection

    from ita.models import AssessmentYear, Indicator, Level

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS scale_indicator "
            "(year_be integer, k integer, indicator_id bigint)"
        )
        cursor.execute("TRUNCATE scale_indicator")
        for year_be in range(first_year, last_year + 1):
            year, created = AssessmentYear.objects.get_or_create(year_be=year_be)
            if created:
                Level.objects.bulk_create(
                    Level(assessment_year=year, name=name, minimum_score=minimum)
                    for name, minimum in [("ผ่านดีเยี่ยม", 95), ("ผ่าน", 85), ("ไม่ผ่าน", 0)]
                )
            for n in range(1, ITEM_SCORES + 1):
                if Indicator.objects.filter(assessment_year=year).count() >= ITEM_SCORES:
                    break
                Indicator.objects.get_or_create(
                    assessment_year=year,
                    code=f"o{n}",
                    defaults={"instrument": "OIT", "title_th": f"ข้อ {n}"},
                )
            items = Indicator.objects.filter(assessment_year=year).order_by("sort_key")
            for k, pk in enumerate(items.values_list("pk", flat=True)[:ITEM_SCORES]):
                cursor.execute("INSERT INTO scale_indicator VALUES (%s, %s, %s)", [year_be, k, pk])


def fill(agencies, years=YEARS, last_year=LAST_YEAR, out=print):
    """Add agencies numbered after those already there, up to `agencies`, then ANALYZE."""
    from django.db import connection, transaction

    from measures import roles

    first_year = last_year - years + 1
    present = scale_agencies().count()
    if present >= agencies:
        out(f"{present:,} agencies already there: nothing to fill")
        return
    prepare_assessment_years(first_year, last_year)
    started = time.perf_counter()
    for first in range(present + 1, agencies + 1, CHUNK):
        last = min(first + CHUNK - 1, agencies)
        values = {
            "first": first,
            "last": last,
            "first_year": first_year,
            "last_year": last_year,
            "coordinator": roles.COORDINATOR,
        }
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in FILL_STATEMENTS:
                cursor.execute(statement, values)
        elapsed = time.perf_counter() - started
        out(f"  agencies {first:,}–{last:,} filled ({elapsed:.0f} s)")
    with connection.cursor() as cursor:
        # Fresh statistics, or the planner guesses from an empty table.
        cursor.execute("ANALYZE")
    out(f"filled in {time.perf_counter() - started:.0f} s")


def table_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables "
            "WHERE relname = ANY(%s) ORDER BY relname",
            [sorted(LARGE_TABLES)],
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    return rows, size


def coordinator_for(agency):
    """The agency's coordinator (the fill makes one; made here if missing), as staff of the
    first division."""
    from django.contrib.auth.models import Group, User

    from measures import roles
    from measures.models import Profile

    user, created = User.objects.get_or_create(
        username=f"coordinator-{agency.slug}", defaults={"is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=roles.COORDINATOR))
        division = agency.divisions.order_by("position").first()
        Profile.objects.create(user=user, agency=agency, division=division)
    return user


def pages_of(agency, random_source):
    """The four pages a coordinator opens, as (name, URL)."""
    from measures.models import Measure

    latest = Measure.objects.filter(agency=agency).order_by("-fiscal_year").first().fiscal_year
    numbers = list(
        Measure.objects.filter(agency=agency, fiscal_year=latest).values_list("pk", flat=True)
    )
    measure_id = random_source.choice(numbers)
    return [
        ("admin measure list", "/admin/measures/measure/"),
        ("measure change page", f"/admin/measures/measure/{measure_id}/change/"),
        ("report page", f"/reports/{agency.slug}/{latest}/"),
        ("dashboard", "/dashboard/"),
        # The floor: what any request costs on this machine (session, user, "select 1").
        ("healthz", "/healthz"),
    ]


def logged_in_client(user):
    from django.test import Client

    # 127.0.0.1 is an allowed host; Django's "testserver" is not outside the test runner.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def time_pages(samples, repeats, seed=2568):
    """Per page: requests, median and p95 in ms over `samples` random agencies, `repeats`
    each, and the p95 of this process's CPU time (Python's share, without PostgreSQL's and
    without waiting for a core on a busy machine)."""
    random_source = random.Random(seed)
    ids = list(scale_agencies().values_list("pk", flat=True))
    chosen = random_source.sample(ids, min(samples, len(ids)))
    timings, cpu_timings = {}, {}
    client = None
    for number, agency in enumerate(scale_agencies().filter(pk__in=chosen)):
        # One client for all: a new one loads every middleware again on its first request
        # (WhiteNoise lists the static files, 25-100 ms), which a server does once per worker.
        if client is None:
            client = logged_in_client(coordinator_for(agency))
        else:
            client.force_login(coordinator_for(agency))
        for name, url in pages_of(agency, random_source):
            if number == 0:
                client.get(url)  # the first request of a process loads templates and code
            for _ in range(repeats):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - cpu_started) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                timings.setdefault(name, []).append(elapsed)
                cpu_timings.setdefault(name, []).append(cpu)
    return [
        (name, len(values), median(values), p95(values), p95(cpu_timings[name]))
        for name, values in timings.items()
    ]


def median(values):
    return statistics.median(values)


def p95(values):
    values = sorted(values)
    return values[max(0, round(0.95 * len(values)) - 1)]


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql, index_wanted=False):
    """The query's plan (JSON) and its text. With index_wanted, the planner avoids sequential
    scans wherever an index can serve: on a small table it scans anyway, as it should, so
    only a missing index still shows one."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if index_wanted:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
        plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
        cursor.execute(f"EXPLAIN {sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    return plan, text


def row_counts():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        return dict(cursor.fetchall())


def problems_in(sql, plan, rows=None):
    """What is wrong with one query's plan: a large table read whole, or a count of every
    measure. With `rows` (table: row count), a table of fewer than MIN_ROWS rows (the
    history tables the fill leaves empty) may be scanned: the planner rightly does."""
    found = []
    for node in plan_nodes(plan):
        table = node.get("Relation Name")
        if node["Node Type"] != "Seq Scan" or table not in LARGE_TABLES:
            continue
        if rows is None or rows.get(table, 0) >= MIN_ROWS:
            found.append(f"sequential scan of {table}")
    flat = " ".join(sql.split()).upper()
    if flat.startswith("SELECT COUNT(*)") and '"MEASURES_MEASURE"' in flat and "WHERE" not in flat:
        found.append("counts the whole measure table")
    return found


def check_plans(agency, index_wanted=False):
    """EXPLAIN every query the four pages make on a large table, for this agency's
    coordinator. Returns {page name: [(sql, plan text, problems)]}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in_client(coordinator_for(agency))
    rows = None if index_wanted else row_counts()
    checked = {}
    for name, url in pages_of(agency, random.Random(agency.pk)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        checked[name] = []
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{table}"' in sql for table in LARGE_TABLES):
                continue
            plan, text = explain(sql, index_wanted)
            checked[name].append((sql, text, problems_in(sql, plan, rows)))
    return checked


def print_plans(checked, out=print):
    for name, queries in checked.items():
        out(f"\n== {name}: {len(queries)} queries on large tables")
        for sql, text, problems in queries:
            out(f"-- {' '.join(sql.split())[:160]}")
            out(text)
            for problem in problems:
                out(f"!! {problem}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=AGENCIES)
    parser.add_argument("--samples", type=int, default=20, help="agencies whose pages are timed")
    parser.add_argument("--repeats", type=int, default=5, help="requests per page and agency")
    parser.add_argument("--quiet-plans", action="store_true", help="print problems only")
    options = parser.parse_args(argv)

    # Production settings, as gunicorn runs them: DEBUG off (no query log, cached templates).
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("INSECURE_HTTP", "1")
    with tempfile.TemporaryDirectory() as static_root:
        # Pages link the collected, hashed static names, as under gunicorn.
        os.environ.setdefault("STATIC_ROOT", static_root)
        return run(options)


def run(options):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (see the docstring).")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"filling {options.agencies:,} agencies × {YEARS} years × {MEASURES} measures")
    fill(options.agencies)
    rows, size = table_sizes()
    print(f"database {connection.settings_dict['NAME']}: {size}")
    for table, count in rows:
        print(f"  {table:<40} {count:>12,}")

    rows = time_pages(options.samples, options.repeats)
    print(f"\n{options.samples} random coordinators × {options.repeats} requests, in-process")
    print(f"{'page':<22} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'p95 CPU ms':>10}")
    for name, count, median_ms, p95_ms, cpu_ms in rows:
        verdict = "ok" if p95_ms < LIMIT_MS else f"over {LIMIT_MS} ms"
        print(f"{name:<22} {count:>8} {median_ms:>10.1f} {p95_ms:>8.1f} {cpu_ms:>10.1f}  {verdict}")
    print(f"load average while timing: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    agency = scale_agencies().order_by("?").first()
    # A few thousand rows are read faster whole: below SMALL the check asks only whether an
    # index could serve each query.
    index_wanted = options.agencies < SMALL
    if index_wanted:
        print(f"\nbelow {SMALL:,} agencies: plans explained with enable_seqscan off")
    checked = check_plans(agency, index_wanted)
    if options.quiet_plans:
        checked_problems = {name: [q for q in queries if q[2]] for name, queries in checked.items()}
        print_plans(checked_problems)
    else:
        print_plans(checked)
    problems = [p for queries in checked.values() for _, _, found in queries for p in found]
    total = sum(len(queries) for queries in checked.values())
    print(f"\nplans checked: {total}, problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
