# Entry points for a fresh Debian machine with Python 3.11: `make demo` and `make test`, and
# `make serve` for a production-like server behind an HTTPS proxy (see the README).
VENV := .venv
PY := $(VENV)/bin/python
# Debian's own Python 3 where there is one, before another on the PATH (pyenv's): Debian builds
# it with profile-guided optimisation and links it statically, and WeasyPrint's layout, which
# is Python, runs about 13% faster on it (bench/report.py: 9.3 s against 10.7 s in one process).
PYTHON := $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# WeasyPrint draws text with Pango; the demo renders PDFs, so it needs them too.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# Tests read PDFs back with pdftotext and drive Debian's chromium (never a downloaded browser).
TEST_DEBS := $(RUNTIME_DEBS) chromium poppler-utils

.PHONY: demo serve worker test install install-dev debs-runtime debs-test lint

# SQLite on this machine only: DEBUG allows the public default SECRET_KEY, and plain HTTP is
# asked for by name.
demo: export DEBUG = 1
demo: export INSECURE_HTTP = 1
demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# Gunicorn (gunicorn.conf.py) with DEBUG off, against this machine's PostgreSQL. Needs
# SECRET_KEY and ALLOWED_HOSTS, and an HTTPS proxy in front (or INSECURE_HTTP=1 to try it).
serve: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/rangsit_ita
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn --config gunicorn.conf.py

# A Celery worker with the beat scheduler, on this machine's Redis unless REDIS_URL says otherwise.
worker: export REDIS_URL ?= redis://127.0.0.1:6379/0
worker: install
	$(VENV)/bin/celery --app rangsit_ita worker --beat --loglevel INFO --concurrency 2

test: install-dev
	$(PY) -m pytest -n auto

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

install: debs-runtime $(VENV)/.installed
install-dev: debs-test $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

# Install Debian packages only when one is missing, so a ready machine needs no root.
debs-runtime:
	@missing=$$(for p in $(RUNTIME_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi

debs-test:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; fi
