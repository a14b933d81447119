"""Give the demo report of an agency and fiscal year its signature block.

The reporter is a made-up name; the head's name is left to the agency's record, which the
demo leaves empty, so the PDF shows the dotted line an unnamed signer gets. Safe to run again:
an existing signature is kept as it is.
"""

from django.core.management.base import BaseCommand, CommandError

from measures.models import BE_YEAR_MESSAGE, Agency
from reports.models import ReportSignature
from thai import calendar


class Command(BaseCommand):
    help = "บันทึกผู้ลงนามตัวอย่างท้ายรายงานของหน่วยงานและปีงบประมาณที่ระบุ"

    def add_arguments(self, parser):
        parser.add_argument("agency_slug", help="ชื่อย่อของหน่วยงาน เช่น rangsit")
        parser.add_argument("fiscal_year", type=int, help="ปีงบประมาณ (พ.ศ.) เช่น 2568")

    def handle(self, agency_slug, fiscal_year, **options):
        agency = Agency.objects.filter(slug=agency_slug).first()
        if agency is None:
            raise CommandError(f'ไม่พบหน่วยงานชื่อย่อ "{agency_slug}"')
        if not calendar.EARLIEST_BE_YEAR <= fiscal_year <= calendar.LATEST_BE_YEAR:
            raise CommandError(BE_YEAR_MESSAGE)
        _, created = ReportSignature.objects.get_or_create(
            agency=agency,
            fiscal_year=fiscal_year,
            defaults={
                "reporter_name": "นางสาวตัวอย่าง รายงานผล",
                "reporter_position": "ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ",
                "signed_on": calendar.fiscal_year_end(fiscal_year),
            },
        )
        if created:
            self.stdout.write(f"บันทึกผู้ลงนามท้ายรายงาน {agency} ปีงบประมาณ {fiscal_year} แล้ว")
