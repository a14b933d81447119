"""`manage.py sweep_evidence_files` finds the stored evidence files nothing names (an upload
whose save was rolled back) and removes them with --delete, keeping every file a current
row, the history or a published version names, and files too new to judge."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from measures.models import ClosedYear, EvidenceFile
from publication.models import ReportState
from tests.test_publication_workflow import PATHS, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TWO_DAYS = 2 * 24 * 3600


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


def store(result, name):
    return EvidenceFile.store(result, SimpleUploadedFile(name, PDF))


def stored_without_row(result, name):
    """An upload whose save was rolled back: the file stays, the row does not."""
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence = store(result, name)
        raise RuntimeError("the rest of the save failed")
    assert not EvidenceFile.objects.filter(pk=evidence.pk).exists()
    return evidence.file.name


def written_days_ago(name):
    path = default_storage.path(name)
    then = time.time() - TWO_DAYS
    os.utime(path, (then, then))


def sweep(*args):
    output = io.StringIO()
    call_command("sweep_evidence_files", *args, stdout=output)
    return output.getvalue()


def test_only_old_files_that_nothing_names_are_listed_and_deleted(
    agency, strategy_division, people
):
    result = add_measure(agency, strategy_division).results.get()
    current = store(result, "ปัจจุบัน.pdf").file.name
    deleted_row = store(result, "ลบแล้ว.pdf")
    only_in_history = deleted_row.file.name
    deleted_row.delete()
    only_published = store(result, "เผยแพร่แล้ว.pdf")
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    # The published version alone names this one: its row and history are gone.
    ClosedYear.objects.filter(agency=agency).delete()
    only_published_name = only_published.file.name
    only_published.delete()
    EvidenceFile.history.filter(id=only_published.pk).delete()
    orphan = stored_without_row(result, "ไม่สำเร็จ.pdf")
    new_orphan = stored_without_row(result, "กำลังบันทึก.pdf")
    for name in [current, only_in_history, only_published_name, orphan]:
        written_days_ago(name)

    listed = sweep()
    assert orphan in listed
    assert "ไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึง 1 ไฟล์" in listed
    for kept in [current, only_in_history, only_published_name, new_orphan]:
        assert kept not in listed
    assert default_storage.exists(orphan)  # listing deletes nothing

    deleted = sweep("--delete")
    assert "ลบไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึงแล้ว 1 ไฟล์" in deleted
    assert not default_storage.exists(orphan)
    for kept in [current, only_in_history, only_published_name, new_orphan]:
        assert default_storage.exists(kept)
    assert "ไม่มีไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึง" in sweep()


def test_no_evidence_folder_yet(db):
    assert "ไม่มีไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึง" in sweep("--delete")
