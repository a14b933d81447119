"""Django's flush, able to empty a SQLite database that holds a published (closed) year.

SQLite's flush deletes table by table, in no fixed order, and the closed-year triggers
(measures/triggers.py) refuse deleting a closed year's measures while its ClosedYear row is
still there: `manage.py flush` on the demo, and every test that flushes, failed once a year
had been published. PostgreSQL's flush truncates, which row triggers do not see. So on SQLite
the triggers are taken away for the flush and put back after it, as backup restore does."""

from django.core.management.commands import flush
from django.db import connections

from measures import triggers


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        triggers.remove(connection, triggers.CLOSED_YEAR_TRIGGERS)
        try:
            return super().handle(**options)
        finally:
            triggers.install_after_migrate(
                connection,
                triggers.CLOSED_YEAR_TRIGGERS_MIGRATION,
                triggers.CLOSED_YEAR_TRIGGERS,
            )
