"""`manage.py backup FILE` and `manage.py restore FILE`: a backup of the demo installation
restores into a new, empty installation with every row and stored file identical, and a
restore into an installation that already holds data is refused."""

import json
import os
import subprocess
import sys
import zipfile
from io import StringIO

import psycopg2
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from ita.models import AssessmentYear
from measures.backup import NOT_CARRIED
from measures.models import Agency, ClosedYear, Measure

STORED_FILES = {
    "evidence/2568/คำสั่งแต่งตั้ง.pdf": b"%PDF-1.4 \x00\x01\x02 not really a pdf",
    "signatures/rangsit.png": bytes(range(256)) * 4,
}


def dump_rows():
    """Every carried row, as the restore must reproduce it."""
    out = StringIO()
    call_command(
        "dumpdata",
        exclude=NOT_CARRIED,
        use_natural_foreign_keys=True,
        use_base_manager=True,
        stdout=out,
    )
    return json.loads(out.getvalue())


def stored_files(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def demo_with_files(db, media):
    call_command("load_demo", password="demo-password-1234", stdout=StringIO())
    for name, content in STORED_FILES.items():
        default_storage.save(name, ContentFile(content))
    return media


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new database, PostgreSQL when the tests run on it."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    server = psycopg2.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    user = f"{params['USER']}:{params['PASSWORD']}" if params["PASSWORD"] else params["USER"]
    yield f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    with server.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}" with (force)')
    server.close()


def manage(tmp_path, database_url, media_root, *arguments):
    """manage.py in a new process: another installation, with its own database and files."""
    (tmp_path / "installation_settings.py").write_text(
        "import os\nfrom rangsit_ita.settings import *  # noqa: F403\n"
        'MEDIA_ROOT = os.environ["INSTALLATION_MEDIA_ROOT"]\n'
    )
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "installation_settings",
        "INSTALLATION_MEDIA_ROOT": str(media_root),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_a_backup_restores_every_row_and_file_into_an_empty_installation(
    demo_with_files, empty_database, tmp_path
):
    # A published year: its rows come back although the database keeps such a year closed.
    ClosedYear.objects.create(agency=Agency.objects.get(slug="rangsit"), fiscal_year=2568)
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    before = dump_rows()
    assert {"measures.measure", "measures.step", "measures.closedyear", "auth.user"} <= {
        row["model"] for row in before
    }
    assert {"ita.agencyscore", "measures.historicalmeasure"} <= {row["model"] for row in before}
    restored_media = tmp_path / "restored-media"

    for step in (["migrate", "--noinput"], ["restore", str(archive)]):
        finished = manage(tmp_path, empty_database, restored_media, *step)
        assert finished.returncode == 0, finished.stderr
    dumped = manage(
        tmp_path,
        empty_database,
        restored_media,
        "dumpdata",
        "--natural-foreign",
        "--all",
        *(f"--exclude={label}" for label in NOT_CARRIED),
    )
    assert dumped.returncode == 0, dumped.stderr

    after = json.loads(dumped.stdout)
    assert len(after) == len(before)
    assert after == before
    assert stored_files(restored_media) == stored_files(demo_with_files) == STORED_FILES

    # The restored installation is no longer empty: a second restore is refused.
    again = manage(tmp_path, empty_database, restored_media, "restore", str(archive))
    assert again.returncode != 0
    assert "ระบบนี้มีข้อมูลอยู่แล้ว" in again.stderr
    assert "Traceback" not in again.stderr


def test_the_archive_holds_the_rows_and_the_files(demo_with_files, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("backup.json"))
        assert manifest["files"] == sorted(STORED_FILES)
        for name, content in STORED_FILES.items():
            assert opened.read(f"files/{name}") == content
        rows = json.loads(opened.read("database.json"))
    assert len([row for row in rows if row["model"] == "measures.measure"]) == 5


def snapshot():
    return (Agency.objects.count(), User.objects.count(), Measure.objects.count())


def test_a_restore_into_an_installation_with_data_is_refused(demo_with_files, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    before = dump_rows()
    with pytest.raises(CommandError, match="ระบบนี้มีข้อมูลอยู่แล้ว .*หน่วยงาน 1, ผู้ใช้ 4, มาตรการ 5"):
        call_command("restore", str(archive))
    assert dump_rows() == before


def test_a_single_user_or_a_stored_file_makes_an_installation_not_empty(db, media, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    User.objects.create_user("someone")
    with pytest.raises(CommandError, match="ผู้ใช้ 1"):
        call_command("restore", str(archive))
    User.objects.all().delete()
    default_storage.save("left-over.txt", ContentFile(b"x"))
    with pytest.raises(CommandError, match="ไฟล์ที่เก็บไว้ 1"):
        call_command("restore", str(archive))


def test_a_file_that_is_not_a_backup_is_refused_in_thai(db, tmp_path):
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("สวัสดี")
    with pytest.raises(CommandError, match="ไม่ใช่ไฟล์ zip"):
        call_command("restore", str(not_zip))
    other_zip = tmp_path / "other.zip"
    with zipfile.ZipFile(other_zip, "w") as opened:
        opened.writestr("readme.txt", "x")
    with pytest.raises(CommandError, match="ไม่ใช่ไฟล์สำรองของระบบนี้"):
        call_command("restore", str(other_zip))
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        call_command("restore", str(tmp_path / "missing.zip"))


def test_a_backup_of_a_newer_version_is_refused_before_anything_is_written(db, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(newer, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "backup.json":
                manifest = json.loads(content)
                manifest["migrations"].append(["measures", "9999_from_the_future"])
                content = json.dumps(manifest)
            target.writestr(item, content)
    with pytest.raises(CommandError, match="measures.9999_from_the_future"):
        call_command("restore", str(newer))


def test_a_backup_never_overwrites_a_file(db, tmp_path):
    archive = tmp_path / "backup.zip"
    archive.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="มีไฟล์ .* อยู่แล้ว"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"yesterday's backup"


def test_an_installation_without_media_root_backs_up_no_files(db, settings, tmp_path):
    settings.MEDIA_ROOT = ""
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    with zipfile.ZipFile(archive) as opened:
        assert json.loads(opened.read("backup.json"))["files"] == []


def test_a_stored_file_name_leading_out_of_the_storage_is_refused(db, media, tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive), stdout=StringIO())
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "backup.json":
                manifest = json.loads(content)
                manifest["files"] = ["../escaped.txt"]
                content = json.dumps(manifest)
            target.writestr(item, content)
        target.writestr("files/../escaped.txt", b"x")
    with pytest.raises(CommandError, match="ไม่มีข้อมูลใดถูกบันทึก"):
        call_command("restore", str(forged))
    assert not (tmp_path / "escaped.txt").exists()
    assert not Measure.objects.exists()
    assert not User.objects.exists()
    # The rows migrations made, cleared to make way for the archive's, are back.
    assert AssessmentYear.objects.filter(year_be=2568).exists()


def test_the_backup_keeps_times_to_the_microsecond(agency):
    """Django's own JSON cuts 12:00:00.000412 to 12:00:00, and the restored audit trail then
    differs from the original (one row in a thousand, so the round trip above failed now and
    then)."""
    from django.core import serializers

    from measures.models import Measure

    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ม")
    record = measure.history.get()
    record.history_date = record.history_date.replace(microsecond=412)
    record.save()

    text = serializers.serialize("exactjson", [record])
    assert ".000412Z" in text
    restored = next(serializers.deserialize("json", text)).object
    assert restored.history_date == record.history_date
