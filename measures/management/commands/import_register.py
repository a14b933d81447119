from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from measures import excel_import


class Command(BaseCommand):
    help = (
        "นำเข้าทะเบียนมาตรการจากไฟล์ Excel ที่ส่งออกด้วย export_register: สร้างหรือแก้เฉพาะ"
        "ที่ไฟล์เปลี่ยน ทั้งหมดหรือไม่บันทึกเลย ถ้ามีข้อผิดพลาดจะบอกแผ่นงาน แถว และคอลัมน์ "
        "และไม่บันทึกอะไร ใช้ --dry-run เพื่อดูก่อนว่าจะเกิดอะไรขึ้น"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ไฟล์ .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="บอกว่าจะสร้าง แก้ หรือไม่รับอะไร โดยไม่บันทึก"
        )
        parser.add_argument(
            "--user",
            help="ชื่อผู้ใช้ที่นำเข้า: ใช้สิทธิ์ของผู้นั้นและบันทึกชื่อในประวัติ (ไม่ระบุ: ระบบ ทุกหน่วยงาน)",
        )

    def handle(self, file, dry_run, user, **options):
        if user is not None:
            found = get_user_model().objects.filter(username=user, is_active=True).first()
            if found is None:
                raise CommandError(f'ไม่พบผู้ใช้ "{user}"')
            user = found
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"เปิดไฟล์ {file} ไม่ได้: {error.strerror}") from None
        result = excel_import.import_workbook(data, user, dry_run=dry_run, source=file.name)
        if dry_run:
            self.stdout.write("ทดลองนำเข้า (--dry-run): ยังไม่ได้บันทึกอะไร")
        lines = result.lines()
        if result.problems:
            raise CommandError("\n".join(lines))
        self.stdout.write("\n".join(lines))
