"""Who and why for changes made outside a request: the importer, the copy action, the shell.

The audit trail (django-simple-history) takes the user from the request; `recorded_as`
names the reason, and the user when there is no request, for every record made inside it.
"""

import contextvars
from contextlib import contextmanager

# simple-history's change reason column holds 100 characters.
REASON_LENGTH = 100

_attribution = contextvars.ContextVar("history_attribution", default=(None, None))


@contextmanager
def recorded_as(reason, user=None):
    """Every change recorded inside the block gets this reason (and user, if none is known)."""
    token = _attribution.set((reason[:REASON_LENGTH], user))
    try:
        yield
    finally:
        _attribution.reset(token)


def current():
    """The (reason, user) of the innermost `recorded_as`, or (None, None)."""
    return _attribution.get()


def attribute(sender, history_instance, **kwargs):
    """simple-history's pre_create_historical_record hook: fill in `recorded_as`."""
    reason, user = current()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
    if user is not None and history_instance.history_user_id is None:
        history_instance.history_user = user
