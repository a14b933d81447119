from datetime import date

from django.core.management.base import BaseCommand, CommandError

from work import reminders


class Command(BaseCommand):
    help = "ส่งอีเมลแจ้งเตือนที่ถึงกำหนดและยังไม่เคยส่ง (งานเดียวกับที่ Celery beat ทำทุกวัน)"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="แสดงรายการโดยไม่ส่งและไม่บันทึก")
        parser.add_argument("--date", help="ทำเหมือนวันนี้เป็นวันที่นี้ (YYYY-MM-DD ค.ศ.) สำหรับทดสอบ")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f'วันที่ "{options["date"]}" ไม่ถูกต้อง ใช้รูปแบบ YYYY-MM-DD (ค.ศ.) เช่น 2025-09-23'
                ) from None
        sent = reminders.send_due(today, dry_run=options["dry_run"])
        for due, user in sent:
            self.stdout.write(f"{user.email}\t{due.subject}")
        verb = "จะส่ง" if options["dry_run"] else "ส่งแล้ว"
        self.stdout.write(f"{verb} {len(sent)} ฉบับ")
