"""32 logged-in people on the dashboard for a minute, on `make demo`'s runserver and on
`make serve`'s gunicorn, against PostgreSQL; prints answers, throughput and connections.

    export SECRET_KEY=any-long-value DATABASE_URL=postgres://postgres@127.0.0.1:5432/rangsit_ita
    python bench/connections.py         # a minute per server
    python bench/connections.py 10      # 10 seconds per server

It works in a throw-away test database. tests/test_production_connections.py runs the same for
10 seconds and holds it to: every answer 200, connections back to idle afterwards.
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

USERS = 32


def main():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.dashboard import populate
    from measures.models import Agency
    from tests.servers import (
        collect_static,
        connection_count,
        gunicorn_command,
        hammer,
        running,
        runserver_command,
        settled_connection_count,
    )

    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the servers share it.")
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        agency = Agency.objects.create(
            name="เทศบาลทดสอบ", slug="bench", district="เมือง", province="ทดสอบ"
        )
        populate(agency, 50, 5)
        admin = User.objects.create_superuser("bench-admin", password="bench-password-1234")
        client = Client()
        client.force_login(admin)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        with tempfile.TemporaryDirectory() as folder:
            static_root = collect_static(Path(folder) / "static")
            print(f"{USERS} people on /dashboard/?agency=bench for {seconds:g} s each")
            print(
                f"{'server':>10} {'answers':>8} {'errors':>7} {'per s':>7} "
                f"{'idle':>5} {'median':>7} {'peak':>5} {'after':>6}"
            )
            for name, command in [("runserver", runserver_command), ("gunicorn", gunicorn_command)]:
                with running(command, folder, STATIC_ROOT=str(static_root)) as url:
                    idle = settled_connection_count()
                    counts = []
                    answers = hammer(
                        f"{url}/dashboard/?agency=bench",
                        cookie,
                        USERS,
                        seconds,
                        while_running=lambda counts=counts: counts.append(connection_count()),
                    )
                    after = settled_connection_count()
                total = sum(answers.values())
                errors = total - answers[200]
                print(
                    f"{name:>10} {total:>8} {errors:>7} {total / seconds:>7.1f} {idle:>5} "
                    f"{statistics.median(counts):>7g} {max(counts):>5} {after:>6}"
                )
                if errors:
                    print(f"{'':>10} answers: {dict(answers)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
