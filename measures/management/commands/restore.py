from django.core.management.base import BaseCommand, CommandError

from measures.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "กู้คืนข้อมูลทั้งระบบจากไฟล์ที่ python manage.py backup สร้างไว้ ลงในระบบที่ติดตั้งใหม่ "
        "(ฐานข้อมูลใหม่ที่รัน migrate แล้ว ยังไม่มีหน่วยงาน ผู้ใช้ หรือมาตรการ) "
        "ระบบที่มีข้อมูลอยู่แล้วจะถูกปฏิเสธ ไม่มีอะไรถูกเขียนทับ"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์สำรอง (.zip)")

    def handle(self, *args, file, **options):
        try:
            manifest = restore_backup(file)
        except BackupError as error:
            raise CommandError(f"กู้คืนไม่ได้: {error}") from None
        self.stdout.write(
            f"กู้คืนจาก {file} แล้ว (สำรองไว้เมื่อ {manifest['created_at']}, "
            f"ไฟล์ที่เก็บไว้ {len(manifest['files'])} ไฟล์)"
        )
