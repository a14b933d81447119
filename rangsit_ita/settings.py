"""Settings for the integrity-measures register, configured by environment variables.

Secure by default: with DEBUG off it needs a SECRET_KEY of its own and assumes HTTPS in front
(secure cookies, HSTS, redirects to https). `DEBUG=1 INSECURE_HTTP=1` is the explicit way to
run on this machine over plain HTTP, as `make demo` does. A fresh clone runs on SQLite.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default="0"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    """A comma-separated variable, named like the Django setting it fills."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    return int(os.environ.get(name, default))


DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# The default key is public, so it signs nothing that matters: only a DEBUG run on this
# machine may use it, because a proxy forwarding "Host: 127.0.0.1" would otherwise expose it.
PUBLIC_SECRET_KEY = "local-only-not-secret"
SECRET_KEY = os.environ.get("SECRET_KEY") or PUBLIC_SECRET_KEY
if SECRET_KEY == PUBLIC_SECRET_KEY and (
    not DEBUG or set(ALLOWED_HOSTS) - {"127.0.0.1", "localhost"}
):
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random value of your own "
        "(DEBUG=1 allows the public default on 127.0.0.1 only)"
    )

# HTTPS. Plain HTTP must be asked for by name; everything else assumes a TLS proxy in front.
INSECURE_HTTP = env_flag("INSECURE_HTTP")
SECURE_SSL_REDIRECT = not INSECURE_HTTP
SESSION_COOKIE_SECURE = not INSECURE_HTTP
CSRF_COOKIE_SECURE = not INSECURE_HTTP
SECURE_HSTS_SECONDS = 0 if INSECURE_HTTP else env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", "1")
# A load balancer's health probe may speak plain HTTP to the server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# "X-Forwarded-Proto": the header the proxy sets to "https" (Django wants it as a META key).
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    header = os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_")
    SECURE_PROXY_SSL_HEADER = (f"HTTP_{header}", "https")
# "https://ita.example.go.th": needed when the proxy changes the Host the browser used.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tables2",
    "simple_history",
    "thai",
    "measures",
    "reports",
    "ita",
    "publication",
    "work",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the collected static files (fonts included) when DEBUG is off.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL and other control characters answer 400 before any query sees them.
    "rangsit_ita.middleware.refuse_control_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its Thai page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rangsit_ita.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Django's, minus a template render per empty error list (85 on a measure's page).
FORM_RENDERER = "rangsit_ita.renderers.FormRenderer"

WSGI_APPLICATION = "rangsit_ita.wsgi.application"

# DATABASE_URL selects PostgreSQL (postgres://user@host:port/name); without it, SQLite.
# CONN_MAX_AGE stays 0 unless asked: runserver starts a thread per request, and a connection
# kept by a thread that has ended is never closed (the leak that exhausted PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

# Nothing lives in one server process: sessions are in the database (Django's default
# engine), and the cache is Redis where REDIS_URL is set, else a database table.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's RedisCache, reusing its Redis clients (rangsit_ita/redis_cache.py).
            "BACKEND": "rangsit_ita.redis_cache.SharedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Every page reads the session: from Redis, with the database keeping it for good.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# Background work (PDF renders, reminders) runs on Celery with Redis as its broker where
# REDIS_URL is set; without it the same tasks run in-process, so the demo needs no worker.
CELERY_BROKER_URL = os.environ.get("REDIS_URL", "")
CELERY_RESULT_BACKEND = CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only when it has finished, so a worker that dies mid-task leaves it
# on the queue for another worker instead of losing it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Bangkok"
# Periodic tasks for `celery beat`: apps add theirs here.
CELERY_BEAT_SCHEDULE = {}
# Reminders of measures' and steps' end dates, and the coordinators' weekly summary (work/).
CELERY_BEAT_SCHEDULE["send-reminders"] = {
    "task": "work.tasks.send_reminders",
    "schedule": crontab(hour=7, minute=0),
}

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Five wrong passwords lock that username, from that address, for 15 minutes. Not the address
# alone: a whole office shares one, and one clerk's typos must not lock out the others.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "rangsit_ita.proxy.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Attempts are kept in the database (the admin's "access attempts"), not written to the log.
AXES_VERBOSE = False

# Office computers are shared: a session ends with the browser, and after 8 hours at most.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Every page runs only our own scripts and styles, from files: no inline code, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # The report's page margins come from a setting, in one <style> with this nonce.
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Password-reset mail: SMTP when EMAIL_HOST is set, else printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env_flag("EMAIL_USE_SSL")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", "0" if EMAIL_USE_SSL else "1")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "th"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic writes compressed copies under hashed names, so browsers may cache them
    # for ever; with DEBUG on, templates link the plain names that runserver serves.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Standard output only, for the service manager to keep. A server error is logged with its
# traceback and "GET /path" of its request; never the body, the cookies or the query string.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_line": {"()": "rangsit_ita.log.RequestLine"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} [{request_line}] {message}", "style": "{"}
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_line"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

# Published reports are kept through Django's storage API: a deployment may swap the
# default backend for S3-compatible storage. Files here are never served as /media/.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"

# The report's page margins, as CSS: one length, or top right bottom left ("25mm 20mm 20mm
# 30mm"). About 2 cm is what a Thai official document has.
REPORT_PAGE_MARGIN = os.environ.get("REPORT_PAGE_MARGIN", "20mm")
if not re.fullmatch(r"(\d+(\.\d+)?(mm|cm|in|pt) ?){1,4}", REPORT_PAGE_MARGIN.strip()):
    raise ImproperlyConfigured(
        f'REPORT_PAGE_MARGIN must be 1 to 4 lengths in mm, cm, in or pt, not "{REPORT_PAGE_MARGIN}"'
    )

# Evidence files attached to results: the largest accepted, in bytes (20 MB by default).
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# "https://ita.example.go.th": the address reminder emails link to, and what makes the addresses
# of evidence files in the published report, the open data and the OIT index absolute. Unset,
# pages use the address the browser used and emails the demo's http://127.0.0.1:8000.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
# A report with more measures than this renders its PDF in a Celery worker, not the request.
REPORT_BACKGROUND_MEASURES = env_int("REPORT_BACKGROUND_MEASURES", 60)
# A large report's PDF is rendered in parts by this many processes at once (reports/parallel.py);
# 1 renders every report in one piece.
REPORT_RENDER_PROCESSES = env_int("REPORT_RENDER_PROCESSES", os.cpu_count() or 1)
# A task a dead worker left unacknowledged goes back on the Redis queue after this many
# seconds: well above the longest render (document.MAX_SECONDS), or a slow one runs twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300)}
# A PostgreSQL read replica for read-only pages (the dashboard, the public pages): their
# queries go there (rangsit_ita/replica.py); every write and every other page, the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    # Tests make no database of their own for it: it reads the primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["rangsit_ita.replica.ReplicaRouter"]

# S3-compatible storage (AWS S3, MinIO, Spaces…) for published and cached report files when
# STORAGE_S3_BUCKET is set. django-storages reads the keys from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY; AWS_S3_ENDPOINT_URL (for a provider other than AWS) and
# AWS_S3_REGION_NAME are read here.
if os.environ.get("STORAGE_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORAGE_S3_BUCKET"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # Reports are never public by URL: links are signed and expire.
            "default_acl": "private",
            "querystring_auth": True,
            # A published version is never replaced by a later file of the same name.
            "file_overwrite": False,
        },
    }

# The backup's JSON keeps times to the microsecond, so a restored audit trail matches.
SERIALIZATION_MODULES = {"exactjson": "measures.exact_json"}
