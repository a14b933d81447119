"""`manage.py flush` empties a SQLite database that holds a published (closed) year.

SQLite's flush deletes table by table in an order that changes with Python's hash seed, and
the closed-year triggers refused deleting a closed year's measures before its ClosedYear row:
the demo could not be flushed, and SQLite test runs failed at random in the flush between
tests. CI runs on PostgreSQL, whose flush truncates, so this test runs a SQLite file of its
own in child processes, with hash seeds that put the measures before the closed years."""

from tests.test_database_integrity_on_sqlite import run_on_sqlite

SCRIPT = r"""
import json
import django
django.setup()

from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from measures.models import Agency, ClosedYear, Measure, Step

call_command("migrate", verbosity=0)


def a_closed_year():
    agency = Agency.objects.create(name="ก", slug="a", district="ก", province="ก")
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ม")
    Step.objects.create(measure=measure, position=1, text="ขั้นตอน")
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    return measure


def refused(measure):
    try:
        with transaction.atomic():
            Measure.objects.filter(pk=measure.pk).delete()
    except IntegrityError:
        return True
    return False


tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
measure = a_closed_year()
before = refused(measure)
call_command("flush", interactive=False, verbosity=0)
emptied = not Measure.objects.exists() and not ClosedYear.objects.exists()
# The triggers are back: a year closed after the flush is closed again.
after = refused(a_closed_year())
print(json.dumps({
    "measures_first": tables.index("measures_measure") < tables.index("measures_closedyear"),
    "refused_before": before,
    "emptied": emptied,
    "refused_after": after,
}))
"""


def flush_in_a_child(tmp_path, seed):
    return run_on_sqlite(SCRIPT, tmp_path / f"demo-{seed}.sqlite3", PYTHONHASHSEED=str(seed))


def test_flush_empties_a_closed_year_and_keeps_it_closed_after(tmp_path):
    outcomes = [flush_in_a_child(tmp_path, seed) for seed in range(4)]
    # At least one seed orders the measures before the closed years, as in the failed runs.
    assert any(outcome["measures_first"] for outcome in outcomes), outcomes
    for outcome in outcomes:
        assert outcome["refused_before"], outcome
        assert outcome["emptied"], outcome
        assert outcome["refused_after"], outcome
