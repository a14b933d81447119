"""Settings refuse to start unsafe, are secure by default, and read every production value
from the environment variable named like the Django setting."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

# What a test process has in its environment that a production server would not.
TEST_ONLY = (
    "SECRET_KEY",
    "INSECURE_HTTP",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*arguments, **environment):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env | environment,
        capture_output=True,
        text=True,
    )


def production_settings(*names, **environment):
    """The named settings as a production process started with this environment sees them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}, "
        "default=str))"
    )
    result = manage("shell", "--no-imports", "-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def a_secret_key():
    return secrets.token_urlsafe(50)


def test_debug_off_without_a_secret_key_is_refused_even_for_localhost():
    result = manage("check")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_debug_off_with_the_public_default_key_is_refused():
    result = manage("check", SECRET_KEY="local-only-not-secret")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_debug_on_may_use_the_default_key_on_this_machine_only():
    assert manage("check", DEBUG="1").returncode == 0
    refused = manage("check", DEBUG="1", ALLOWED_HOSTS="ita.example.go.th")
    assert refused.returncode != 0
    assert "Set SECRET_KEY" in refused.stderr


def test_a_key_and_a_host_are_enough_for_a_clean_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=a_secret_key(),
        ALLOWED_HOSTS="ita.example.go.th",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_is_the_default_and_plain_http_must_be_asked_for_by_name():
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
    ]
    secure = production_settings(*names, SECRET_KEY=a_secret_key())
    plain = production_settings(*names, SECRET_KEY=a_secret_key(), INSECURE_HTTP="1")

    assert secure == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }
    assert plain == dict.fromkeys(names, False) | {"SECURE_HSTS_SECONDS": 0}


def test_lists_and_the_proxy_header_come_from_variables_named_like_the_settings():
    values = production_settings(
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_PROXY_SSL_HEADER",
        SECRET_KEY=a_secret_key(),
        ALLOWED_HOSTS="ita.example.go.th, 10.0.0.5",
        CSRF_TRUSTED_ORIGINS="https://ita.example.go.th,https://ita2.example.go.th",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    assert values == {
        "ALLOWED_HOSTS": ["ita.example.go.th", "10.0.0.5"],
        "CSRF_TRUSTED_ORIGINS": ["https://ita.example.go.th", "https://ita2.example.go.th"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_mail_goes_to_the_console_unless_an_smtp_host_is_set():
    console = production_settings("EMAIL_BACKEND", SECRET_KEY=a_secret_key())
    smtp = production_settings(
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        SECRET_KEY=a_secret_key(),
        EMAIL_HOST="smtp.example.go.th",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="ita",
        EMAIL_HOST_PASSWORD="mail-secret",
        DEFAULT_FROM_EMAIL="ita@example.go.th",
    )

    assert console["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert smtp == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.go.th",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "ita",
        "EMAIL_HOST_PASSWORD": "mail-secret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "ita@example.go.th",
    }


def test_connections_are_not_kept_unless_asked():
    default = production_settings("DATABASES", SECRET_KEY=a_secret_key())
    kept = production_settings("DATABASES", SECRET_KEY=a_secret_key(), CONN_MAX_AGE="60")

    assert default["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    assert kept["DATABASES"]["default"]["CONN_MAX_AGE"] == 60
    assert kept["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True


def test_sessions_and_cache_are_shared_by_every_server_process():
    default = production_settings("SESSION_ENGINE", "CACHES", SECRET_KEY=a_secret_key())
    redis = production_settings(
        "CACHES", SECRET_KEY=a_secret_key(), REDIS_URL="redis://127.0.0.1:6379/0"
    )

    assert default["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert default["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    assert redis["CACHES"]["default"] == {
        "BACKEND": "rangsit_ita.redis_cache.SharedClientRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }


def test_a_redis_cache_is_shared_between_two_processes():
    # Redis runs on this machine (see the project notes); a value one process sets, another reads.
    key = f"shared-{secrets.token_hex(4)}"
    environment = {"SECRET_KEY": a_secret_key(), "REDIS_URL": "redis://127.0.0.1:6379/0"}
    setter = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.core.cache import cache; cache.set({key!r}, 'ค่า', 60)",
        **environment,
    )
    getter = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.core.cache import cache; print(cache.get({key!r}))",
        **environment,
    )

    assert setter.returncode == 0, setter.stderr
    assert getter.stdout.strip() == "ค่า"


def test_office_sessions_end_with_the_browser_and_within_eight_hours():
    values = production_settings(
        "SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", SECRET_KEY=a_secret_key()
    )

    assert values == {"SESSION_COOKIE_AGE": 8 * 3600, "SESSION_EXPIRE_AT_BROWSER_CLOSE": True}
