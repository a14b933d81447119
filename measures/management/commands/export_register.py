from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures import excel
from measures.models import Agency
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR


class Command(BaseCommand):
    help = (
        "ส่งออกทะเบียนมาตรการของหน่วยงานหนึ่งปีงบประมาณหนึ่งเป็นไฟล์ Excel (.xlsx): มาตรการ "
        "ขั้นตอน ผลการดำเนินการ ผู้รับผิดชอบ สถานะ ความก้าวหน้า และตัวชี้วัด ITA "
        "แก้ไขแล้วนำกลับเข้าด้วย import_register"
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="ชื่อย่อของหน่วยงาน เช่น rangsit")
        parser.add_argument("fiscal_year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2568")
        parser.add_argument("file", type=Path, help="ไฟล์ .xlsx ที่จะเขียน")

    def handle(self, slug, fiscal_year, file, **options):
        if not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
            raise CommandError(
                f"ปีงบประมาณ {fiscal_year} ไม่ใช่ปีพุทธศักราชที่ระบบรับ "
                f"({EARLIEST_BE_YEAR}-{LATEST_BE_YEAR}) เช่น 2568"
            )
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise CommandError(f'ไม่พบหน่วยงานชื่อย่อ "{slug}"')
        try:
            file.write_bytes(excel.export_workbook(agency, fiscal_year))
        except OSError as error:
            raise CommandError(f"เขียนไฟล์ {file} ไม่ได้: {error.strerror}") from None
        self.stdout.write(f"เขียน {file} แล้ว")
