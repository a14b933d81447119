"""List, and with --delete remove, stored evidence files that nothing names.

An uploaded file is written to storage before the save that records it commits. When that
save is rolled back (a refusal of the database, a worker killed mid-request), the file stays
without its row: never shown, never published, but taking space and holding what someone
uploaded. A file is kept while a current evidence row, the history (which a restore can bring
back) or a published version names it, and for GRACE after it was written, so that an upload
whose save is still running is never touched."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from measures.models import EvidenceFile
from publication.models import PublishedReport

# Where measures.models.evidence_file_name stores evidence.
FOLDER = "evidence"
GRACE = timedelta(days=1)


def stored_files(folder=FOLDER):
    if not default_storage.exists(folder):
        return
    folders, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for name in folders:
        yield from stored_files(f"{folder}/{name}")


def named_files():
    names = set(EvidenceFile.objects.values_list("file", flat=True))
    names.update(EvidenceFile.history.values_list("file", flat=True))
    published = PublishedReport.objects.exclude(data=None).values_list("data", flat=True)
    for data in published.iterator():
        for measure in data.get("measures", []):
            for result in measure.get("results", []):
                names.update(entry["stored_as"] for entry in result.get("evidence_files", []))
    return names


def unnamed_files(now=None):
    """The stored evidence files nothing names, written more than GRACE before `now`."""
    cutoff = (now or timezone.now()) - GRACE
    named = named_files()
    return [
        name
        for name in stored_files()
        if name not in named and default_storage.get_modified_time(name) < cutoff
    ]


class Command(BaseCommand):
    help = (
        "แสดงไฟล์หลักฐานที่เก็บไว้แต่ไม่มีรายการใดอ้างถึง (ไม่มีในทะเบียน ประวัติ หรือรายงานที่เผยแพร่) "
        "และลบเมื่อระบุ --delete"
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="ลบไฟล์เหล่านั้น")

    def handle(self, *args, delete=False, **options):
        names = unnamed_files()
        for name in names:
            self.stdout.write(name)
            if delete:
                default_storage.delete(name)
        if not names:
            self.stdout.write("ไม่มีไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึง")
        elif delete:
            self.stdout.write(f"ลบไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึงแล้ว {len(names)} ไฟล์")
        else:
            self.stdout.write(
                f"ไฟล์หลักฐานที่ไม่มีรายการใดอ้างถึง {len(names)} ไฟล์ "
                "(ลบได้ด้วย manage.py sweep_evidence_files --delete)"
            )
