"""Settings for the integrity-measures register, configured by environment variables.

With no environment at all it runs on SQLite with DEBUG off, so a fresh clone works.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default="0"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


DEBUG = env_flag("DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
# The default key is public: fine on 127.0.0.1, never on a server others can reach.
if "ALLOWED_HOSTS" in os.environ and "SECRET_KEY" not in os.environ:
    raise ImproperlyConfigured("Set SECRET_KEY when serving other hosts than 127.0.0.1")
SECRET_KEY = os.environ.get("SECRET_KEY", "local-only-not-secret")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "simple_history",
    "thai",
    "measures",
    "reports",
    "ita",
    "publication",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # NUL and other control characters answer 400 before any query sees them.
    "rangsit_ita.middleware.refuse_control_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
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

WSGI_APPLICATION = "rangsit_ita.wsgi.application"

# DATABASE_URL selects PostgreSQL (postgres://user@host:port/name); without it, SQLite.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Published reports are kept through Django's storage API: a deployment may swap the
# default backend for S3-compatible storage. Files here are never served as /media/.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "admin:login"

# The report's page margins, as CSS: one length, or top right bottom left ("25mm 20mm 20mm
# 30mm"). About 2 cm is what a Thai official document has.
REPORT_PAGE_MARGIN = os.environ.get("REPORT_PAGE_MARGIN", "20mm")
if not re.fullmatch(r"(\d+(\.\d+)?(mm|cm|in|pt) ?){1,4}", REPORT_PAGE_MARGIN.strip()):
    raise ImproperlyConfigured(
        f'REPORT_PAGE_MARGIN must be 1 to 4 lengths in mm, cm, in or pt, not "{REPORT_PAGE_MARGIN}"'
    )
