"""One archive of the whole installation, and its restore into an empty installation.

The archive is a zip file: `backup.json` (format, date, the migrations the data matches, the
stored files), `database.json` (every row of every app, as `dumpdata` writes it) and the
stored files under `files/`. Content types and permissions are not carried: `migrate` makes
them, and rows refer to them by natural key. Sessions are not carried either: a restored
installation starts with everyone logged out. Nor are the report stamps: the database gives
the restored rows new ones as it loads them.
"""

import json
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from measures import triggers
from measures.models import Agency, Measure

FORMAT = 1
MANIFEST = "backup.json"
DATABASE = "database.json"
FILES = "files/"
NOT_CARRIED = ["contenttypes", "auth.permission", "sessions", "reports.reportstamp"]


class BackupError(Exception):
    """What went wrong, in Thai, for the person running the command."""


def carried_models():
    skipped = set(NOT_CARRIED)
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in skipped
        and model._meta.label_lower not in skipped
        and model._meta.managed
        and not model._meta.proxy
    ]


def applied_migrations(using=DEFAULT_DB_ALIAS):
    recorded = MigrationRecorder(connections[using]).applied_migrations()
    return sorted([app, name] for app, name in recorded)


def stored_file_names():
    """Every file in the configured storage. A file-system storage without MEDIA_ROOT is an
    installation that stores no files (its location would be the working directory)."""
    if isinstance(default_storage, FileSystemStorage) and not settings.MEDIA_ROOT:
        return []
    names = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            subfolders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        except NotImplementedError:
            raise BackupError(
                "ที่เก็บไฟล์ที่ตั้งค่าไว้แสดงรายชื่อไฟล์ไม่ได้ จึงสำรองไฟล์ไม่ได้ "
                "กรุณาสำรองไฟล์ด้วยเครื่องมือของที่เก็บไฟล์นั้นเอง"
            ) from None
        names += [f"{folder}{name}" for name in files]
        folders += [f"{folder}{name}/" for name in subfolders]
    return sorted(names)


def write_backup(path):
    """Write the archive next to `path` and move it into place only once it is complete."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"มีไฟล์ {path} อยู่แล้ว ระบบไม่เขียนทับ กรุณาตั้งชื่อไฟล์ใหม่")
    if not path.parent.is_dir():
        raise BackupError(f"ไม่พบโฟลเดอร์ {path.parent}")
    names = stored_file_names()
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DATABASE
            connection = connections[DEFAULT_DB_ALIAS]
            outermost = not connection.in_atomic_block
            with transaction.atomic():
                if outermost and connection.vendor == "postgresql":
                    # One snapshot of every table, so rows that refer to each other agree.
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                call_command(
                    "dumpdata",
                    format="exactjson",  # times to the microsecond (measures/exact_json.py)
                    exclude=NOT_CARRIED,
                    use_natural_foreign_keys=True,
                    use_base_manager=True,
                    output=str(dump),
                    verbosity=0,
                )
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "migrations": applied_migrations(),
                    "files": names,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                archive.write(dump, DATABASE)
                for name in names:
                    with default_storage.open(name, "rb") as source:
                        with archive.open(FILES + name, "w") as target:
                            shutil.copyfileobj(source, target)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_manifest(archive, path):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise BackupError(f"{path} ไม่ใช่ไฟล์สำรองของระบบนี้ (ไม่มี {MANIFEST})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} เป็นไฟล์สำรองรูปแบบที่ {manifest.get('format')} ระบบนี้อ่านได้เฉพาะรูปแบบที่ {FORMAT}"
        )
    return manifest


def check_empty():
    counts = {
        "หน่วยงาน": Agency.objects.count(),
        "ผู้ใช้": User.objects.count(),
        "มาตรการ": Measure.objects.count(),
        "ไฟล์ที่เก็บไว้": len(stored_file_names()),
    }
    found = ", ".join(f"{label} {count}" for label, count in counts.items() if count)
    if found:
        raise BackupError(
            f"ระบบนี้มีข้อมูลอยู่แล้ว ({found}) จึงไม่กู้คืนทับ: กู้คืนได้เฉพาะในระบบที่ติดตั้งใหม่"
            " (ฐานข้อมูลใหม่ที่ผ่าน python manage.py migrate แล้ว และยังไม่มีผู้ใช้หรือข้อมูล)"
        )


def check_migrations(manifest):
    missing = {tuple(m) for m in manifest["migrations"]} - {tuple(m) for m in applied_migrations()}
    if missing:
        names = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
        raise BackupError(
            "ฐานข้อมูลนี้ยังไม่ได้ปรับโครงสร้างถึงรุ่นของไฟล์สำรอง (ขาด "
            f"{names}) กรุณาติดตั้งโปรแกรมรุ่นเดียวกับที่สร้างไฟล์สำรอง แล้วรัน "
            "python manage.py migrate ก่อนกู้คืน"
        )


def clear_migration_rows():
    """An empty installation still holds what migrations made (ITA reference data, the role
    groups); the archive carries those rows as they were, so they make way for it."""
    models = carried_models()
    # History records of the deleted rows would appear otherwise: a second pass clears any.
    for _ in range(2):
        for model in reversed(models):
            model._base_manager.all().delete()


def restore_backup(path):
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์ {path}")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError(f"{path} ไม่ใช่ไฟล์สำรอง (ไม่ใช่ไฟล์ zip)") from None
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = read_manifest(archive, path)
        check_migrations(manifest)
        check_empty()
        dump = Path(work) / DATABASE
        try:
            with archive.open(DATABASE) as source, open(dump, "wb") as target:
                shutil.copyfileobj(source, target)
        except (KeyError, zipfile.BadZipFile, OSError) as error:
            raise BackupError(f"อ่าน {DATABASE} ใน {path} ไม่ได้: {error}") from None
        written = []
        try:
            # Rows come back as they were: no new history records while they are loaded.
            with transaction.atomic(), override_settings(SIMPLE_HISTORY_ENABLED=False):
                clear_migration_rows()
                # The dump has a published year's ClosedYear row before its steps and results,
                # which the triggers keeping such a year would refuse: they are away for the
                # load only, and back before anything commits.
                database = connections[DEFAULT_DB_ALIAS]
                triggers.remove(database, triggers.CLOSED_YEAR_TRIGGERS)
                call_command("loaddata", str(dump), verbosity=0)
                triggers.install(database, triggers.CLOSED_YEAR_TRIGGERS)
                for name in manifest["files"]:
                    with archive.open(FILES + name) as source:
                        saved = default_storage.save(name, File(source, name=name))
                    written.append(saved)
                    if saved != name:
                        raise BackupError(f"เก็บไฟล์ {name} ไม่ได้ในชื่อเดิม (ได้ {saved})")
        except BaseException as error:
            for name in written:
                default_storage.delete(name)
            if isinstance(error, (DatabaseError, DeserializationError, SuspiciousOperation)):
                raise BackupError(f"กู้คืนจาก {path} ไม่ได้ ไม่มีข้อมูลใดถูกบันทึก: {error}") from None
            if isinstance(error, (KeyError, zipfile.BadZipFile)):
                raise BackupError(f"{path} เสียหรือไม่ครบ ไม่มีข้อมูลใดถูกบันทึก: {error}") from None
            raise
    return manifest
