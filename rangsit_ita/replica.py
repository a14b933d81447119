"""Read-only pages may read from a PostgreSQL read replica (DATABASE_REPLICA_URL).

Only the code inside `reading_replica()` (the views decorated with `reads_from_replica`)
reads from it: everything else, and every write, goes to the primary. A replica lags a
moment behind, so only pages that change nothing and may show data a second old use it: the
dashboard and the public pages. Logins and sessions are read before the view runs, from the
primary, so a user who has just logged in is never sent back to the login page.
"""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"

_reading = contextvars.ContextVar("reading_replica", default=False)


@contextmanager
def reading_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    """Run a read-only view's queries on the replica, where there is one."""

    @functools.wraps(view)
    def on_replica(request, *args, **kwargs):
        with reading_replica():
            return view(request, *args, **kwargs)

    return on_replica


class ReplicaRouter:
    """Django's database router: reads inside reading_replica() go to the replica."""

    def db_for_read(self, model, **hints):
        if _reading.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, first, second, **hints):
        # The replica holds the same rows as the primary: a row read from either may be
        # linked to one from the other.
        return True

    def allow_migrate(self, db, app_label, **hints):
        # Migrations run on the primary; the replica copies them.
        return db != REPLICA
