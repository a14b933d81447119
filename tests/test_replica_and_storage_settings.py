"""DATABASE_REPLICA_URL sends the read-only pages' reads to a replica and nothing else;
STORAGE_S3_BUCKET puts stored files on S3-compatible storage. Both are switched on by the
environment, so each is tried in a process of its own."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from measures.models import Measure
from rangsit_ita.replica import ReplicaRouter, reading_replica
from tests import servers
from tests.test_report_page import add_measures

# Opens the dashboard and an admin page as the administrator, and tells which database
# connection each query went to.
WHICH_DATABASE = """
import json
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="admin"))
found = {}
pages = [("dashboard", "/dashboard/?agency=rangsit"), ("admin", "/admin/measures/measure/")]
for name, url in pages:
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica"]) as replica:
            status = client.get(url).status_code
    found[name] = {
        "status": status,
        "primary": [q["sql"] for q in primary.captured_queries],
        "replica": [q["sql"] for q in replica.captured_queries],
    }
print(json.dumps(found))
"""


def run_python(code, **environment):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env | {"INSECURE_HTTP": "1"} | environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_reads_go_to_the_primary_without_a_replica():
    with reading_replica():
        assert ReplicaRouter().db_for_read(Measure) is None


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_reads_inside_a_read_only_page_go_to_the_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": settings.DATABASES["default"]}
    router = ReplicaRouter()

    with reading_replica():
        assert router.db_for_read(Measure) == "replica"
        assert router.db_for_write(Measure) is None
    assert router.db_for_read(Measure) is None
    assert not router.allow_migrate("replica", "measures")


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_reads_the_replica_and_the_admin_the_primary(
    admin_user, agency, strategy_division
):
    add_measures(agency, [strategy_division], 3)
    # The "replica" here is a second connection to the same database, as a mirror.
    url = servers.test_database_url()

    # DEBUG: pages link static files by their plain names, with no collectstatic first.
    result = run_python(WHICH_DATABASE, DATABASE_URL=url, DATABASE_REPLICA_URL=url, DEBUG="1")

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    dashboard, admin = found["dashboard"], found["admin"]
    assert dashboard["status"] == admin["status"] == 200
    assert any('"measures_measure"' in sql for sql in dashboard["replica"])
    assert not any('"measures_measure"' in sql for sql in dashboard["primary"])
    # The login is read from the primary, which has every new session at once.
    assert any('"django_session"' in sql for sql in dashboard["primary"])
    assert any('"measures_measure"' in sql for sql in admin["primary"])
    assert admin["replica"] == []


def test_a_bucket_puts_stored_files_on_s3_compatible_storage():
    code = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.file_overwrite, s.querystring_auth); "
        "print(s.url('published/rangsit-2568-v1.pdf'))"
    )
    result = run_python(
        code,
        STORAGE_S3_BUCKET="ita-reports",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_S3_REGION_NAME="ap-southeast-1",
    )

    assert result.returncode == 0, result.stderr
    kind, link = result.stdout.strip().splitlines()[-2:]
    assert kind == "S3Storage ita-reports False True"
    # A signed link made offline: nothing is fetched to make it.
    assert link.startswith("http://127.0.0.1:9000/ita-reports/published/rangsit-2568-v1.pdf?")
    assert "Signature=" in link or "X-Amz-Signature=" in link


def test_files_stay_on_the_local_disk_without_a_bucket():
    code = (
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)"
    )

    result = run_python(code)

    assert result.returncode == 0, result.stderr
    assert "FileSystemStorage" in result.stdout.strip().splitlines()[-1]
