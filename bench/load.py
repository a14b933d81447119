"""Load benchmark: gunicorn as `make serve` runs it, on loopback, driven by locust.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/rangsit_ita   # any PostgreSQL
    python bench/load.py                   # 20 s per phase, 16 users
    python bench/load.py --run-time 60 --users 32

In a throw-away database (load_NAME) it loads the demo (Rangsit's 2568 report, ITA scores) and one
coordinator account per user, starts gunicorn (gunicorn.conf.py, DEBUG off, collected static
files), asks for the report page and its PDF once before each phase (so the phases measure
them as served after the first request renders them, also after the save phase changed the
report), then runs locust headless (bench/locustfile.py), one phase
after another: /healthz alone (the ceiling), each page alone, and every page mixed as staff use
them. It prints, per page, throughput, median and p99 latency and errors, and each page's
throughput as a share of the ceiling; then stops everything and drops the database.
"""

import argparse
import csv
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

AGENCY = "rangsit"
YEAR = 2568
# (phase, locust's options): a page alone measures what the server can serve of it.
PHASES = [
    ("healthz", ["--tags", "healthz"]),
    ("measure list", ["--tags", "list"]),
    ("open measure", ["--tags", "open"]),
    ("save measure", ["--tags", "save"]),
    ("report page", ["--tags", "report"]),
    ("pdf download", ["--tags", "pdf"]),
    ("dashboard", ["--tags", "dashboard"]),
    ("mixed", ["--exclude-tags", "healthz"]),
]
# The target: these pages serve at least half of what the trivial view does.
HALF_OF_CEILING = ("report page", "pdf download")


def prepare(users, password):
    """Demo data and `users` coordinators of the demo agency, logged in; returns their
    usernames, session keys and the measures they will open and save (one each while there
    are enough)."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from measures import roles
    from measures.models import Agency, Measure, Profile

    call_command("createcachetable", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", password=password, stdout=quiet)
    agency = Agency.objects.get(slug=AGENCY)
    division = agency.divisions.order_by("position").first()
    group = Group.objects.get(name=roles.COORDINATOR)
    usernames, sessions = [], []
    for number in range(1, users + 1):
        user = User.objects.create_user(f"load-{number}", is_staff=True)
        user.groups.add(group)
        Profile.objects.create(user=user, agency=agency, division=division)
        client = Client()
        client.force_login(user)
        usernames.append(user.username)
        sessions.append(client.cookies["sessionid"].value)
    # Each user saves a measure of their own: two saving one measure at once is refused by
    # design (the later one is shown what the other changed), and would count as an error.
    year = Measure.objects.filter(agency=agency, fiscal_year=YEAR)
    for number in range(year.count() + 1, users + 1):
        measure = Measure.objects.create(
            agency=agency,
            fiscal_year=YEAR,
            titles=f"มาตรการทดสอบโหลดที่ {number}",
            status=Measure.Status.IN_PROGRESS,
            progress=50,
        )
        measure.responsible_divisions.set([division])
        measure.steps.create(text="ประชุมชี้แจงและจัดทำแผน")
    measure_ids = list(year.order_by("number").values_list("pk", flat=True))
    return usernames, sessions, measure_ids


def warm_up(url, session):
    """Ask for the report page and its PDF once before a phase: they are measured as
    served all day, from what the first request after an edit rendered and stored."""
    for path in (f"/reports/{AGENCY}/{YEAR}/", f"/reports/{AGENCY}/{YEAR}/pdf/"):
        request = urllib.request.Request(url + path, headers={"Cookie": f"sessionid={session}"})
        with urllib.request.urlopen(request, timeout=300) as answer:
            answer.read()


def run_phase(url, folder, name, tags, users, seconds, environment):
    prefix = Path(folder) / name.replace(" ", "-")
    command = [
        str(Path(sys.executable).parent / "locust"),
        "--locustfile", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "ERROR",
        "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{seconds}s", "--stop-timeout", "30",
        "--host", url, "--csv", str(prefix), "--exit-code-on-error", "0",
    ]  # fmt: skip
    command += tags
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode:
        raise RuntimeError(f"locust failed:\n{finished.stderr[-3000:]}")
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["Name"] != "Aggregated"]
    with open(f"{prefix}_failures.csv", newline="") as file:
        for failure in csv.DictReader(file):
            print(f"  {name}: {failure['Occurrences']} × {failure['Name']}: {failure['Error']}")
    with open(f"{prefix}_exceptions.csv", newline="") as file:
        for failure in csv.DictReader(file):
            print(f"  {name}: {failure['Count']} × {failure['Message']}")
    return rows


def print_table(results, ceiling):
    print(
        f"\n{'phase':<14} {'request':<14} {'requests':>8} {'per s':>7} {'median ms':>9} "
        f"{'p99 ms':>7} {'errors':>6} {'of ceiling':>10}"
    )
    for phase, rows in results:
        for row in rows:
            per_second = float(row["Requests/s"])
            share = f"{per_second / ceiling:.0%}" if ceiling and phase != "mixed" else ""
            print(
                f"{phase:<14} {row['Name']:<14} {row['Request Count']:>8} {per_second:>7.1f} "
                f"{row['50%']:>9} {row['99%']:>7} {row['Failure Count']:>6} {share:>10}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-time", type=int, default=20, help="seconds per phase")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--phases", help="comma-separated phase names (default: all)")
    options = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("INSECURE_HTTP", "1")

    import django

    django.setup()
    from django.db import connection

    from tests.servers import collect_static, gunicorn_command, running, server_environment

    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL server: gunicorn's workers share it.")
    phases = [p for p in PHASES if not options.phases or p[0] in options.phases.split(",")]
    password = secrets.token_urlsafe(12)
    old_name = connection.settings_dict["NAME"]
    # A name of its own: pytest's test database (test_NAME) may be in use meanwhile.
    connection.settings_dict["TEST"]["NAME"] = f"load_{old_name}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        usernames, sessions, measure_ids = prepare(options.users, password)
        environment = server_environment(
            LOAD_USERNAMES=",".join(usernames),
            LOAD_SESSIONS=",".join(sessions),
            LOAD_AGENCY=AGENCY,
            LOAD_YEAR=str(YEAR),
            LOAD_MEASURE_IDS=",".join(map(str, measure_ids)),
        )
        with tempfile.TemporaryDirectory() as folder:
            static_root = collect_static(Path(folder) / "static")
            with running(gunicorn_command, folder, STATIC_ROOT=str(static_root)) as url:
                print(
                    f"gunicorn at {url}, {options.users} users, {options.run_time} s per phase, "
                    f"{len(measure_ids)} measures of {AGENCY} {YEAR}"
                )
                results = []
                for name, tags in phases:
                    # Before every phase: the save phase changes the report, and 16 users
                    # arriving at once would each render it (measured apart: see the README).
                    warm_up(url, sessions[0])
                    rows = run_phase(
                        url, folder, name, tags, options.users, options.run_time, environment
                    )
                    results.append((name, rows))
                    print(f"  {name}: done", flush=True)
        ceiling = next(
            (
                float(row["Requests/s"])
                for _, rows in results
                for row in rows
                if row["Name"] == "healthz"
            ),
            None,
        )
        print_table(results, ceiling)
        alone = {name: rows for name, rows in results if name != "mixed"}
        errors = sum(int(row["Failure Count"]) for _, rows in results for row in rows)
        print(f"\nerrors: {errors}")
        if ceiling:
            for page in HALF_OF_CEILING:
                for row in alone.get(page, []):
                    if row["Name"] == page:
                        share = float(row["Requests/s"]) / ceiling
                        verdict = "ok" if share >= 0.5 else "below half"
                        print(f"{page}: {share:.0%} of the trivial view's throughput ({verdict})")
        return 1 if errors else 0
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
