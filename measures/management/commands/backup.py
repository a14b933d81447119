from django.core.management.base import BaseCommand, CommandError

from measures.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "สำรองข้อมูลทั้งระบบลงไฟล์ zip ไฟล์เดียว: ทุกแถวในฐานข้อมูล (ผู้ใช้ กลุ่ม หน่วยงาน "
        "มาตรการ คะแนน ITA ประวัติการแก้ไข) และไฟล์ที่เก็บไว้ทั้งหมด กู้คืนด้วย "
        "python manage.py restore FILE"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="ไฟล์ที่จะเขียน เช่น backup-2568-10-01.zip (ต้องยังไม่มี)")

    def handle(self, *args, file, **options):
        try:
            manifest = write_backup(file)
        except BackupError as error:
            raise CommandError(f"สำรองข้อมูลไม่ได้: {error}") from None
        self.stdout.write(f"สำรองข้อมูลลง {file} แล้ว (ไฟล์ที่เก็บไว้ {len(manifest['files'])} ไฟล์)")
