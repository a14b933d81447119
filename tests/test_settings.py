"""Settings refuse the public default key where others could reach the server."""

import os
import subprocess
import sys

from django.conf import settings


def run_check(**environment):
    env = {k: v for k, v in os.environ.items() if k not in ("ALLOWED_HOSTS", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env | environment,
        capture_output=True,
        text=True,
    )


def test_serving_other_hosts_without_a_secret_key_is_refused():
    result = run_check(ALLOWED_HOSTS="ita.example.go.th")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_serving_other_hosts_with_a_secret_key_is_fine():
    result = run_check(ALLOWED_HOSTS="ita.example.go.th", SECRET_KEY="a-real-secret")

    assert result.returncode == 0, result.stderr
