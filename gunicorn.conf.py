"""Gunicorn's settings for `make serve`, read from the environment.

It listens on 127.0.0.1 for an HTTPS reverse proxy on the same machine (see the README).
"""

import gc
import os

wsgi_app = "rangsit_ita.wsgi"
bind = f"{os.environ.get('LISTEN_ADDRESS', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Synchronous workers: one request each at a time, so each holds one database connection.
# A PDF keeps its worker busy for seconds, hence several; 2 per core plus one by default.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
# Long enough for the largest report's PDF; a worker stuck longer is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# WeasyPrint's caches only grow: replace each worker after a while to give memory back.
max_requests = 500
max_requests_jitter = 50
# Load Django once, in the master: a replaced worker is a fork that serves at once, instead of
# a new process importing Django and WeasyPrint and setting up the middleware (WhiteNoise
# lists the static files) while requests wait. Nothing connects to the database or Redis
# while loading, and the report's font folder is per process (reports/document.py).
preload_app = True
# The longest request line gunicorn takes (its own limit is 4094): nginx passes lines up to
# 8 KB, and gunicorn would refuse one of 4–8 KB with its own page in English; Django answers it
# in Thai. A longer one nginx refuses first (the README's error_page, a Thai page).
limit_request_line = 8190
# Errors to standard output with Django's; no access log (the proxy keeps one).
errorlog = "-"
# No runtime control socket: its default path in the home folder would be shared by every
# gunicorn the same user runs (two servers on one machine, the tests' servers).
control_socket_disable = True


def pre_fork(server, worker):
    """Freeze what the loaded application made, right before each fork, as Python's gc.freeze
    documentation advises for servers that fork without exec: a worker's full garbage
    collections then skip those objects (about 140 ms a pass was measured, 25 ms frozen) and
    leave their memory pages shared with the master."""
    gc.freeze()
