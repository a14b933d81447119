"""python manage.py report_workflow SLUG YEAR submit|approve|return|publish|reopen
--user USERNAME [--comment TEXT]: the workflow page's buttons, for scripts."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from measures.models import Agency
from publication.models import NotAllowed, ReportState
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR


class Command(BaseCommand):
    help = "ส่ง อนุมัติ ส่งคืน เผยแพร่ หรือเปิดแก้ไขรายงานประจำปี ในนามของผู้ใช้ที่ระบุ"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="ชื่อย่อของหน่วยงาน เช่น rangsit")
        parser.add_argument("fiscal_year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2568")
        # Checked by the model, so a wrong name gets the same Thai message as a wrong step.
        parser.add_argument("action", help=" | ".join(ReportState.Action.values))
        parser.add_argument("--user", required=True, help="ชื่อผู้ใช้ที่ดำเนินการ")
        parser.add_argument("--comment", default="", help="ความเห็นหรือเหตุผล")

    def handle(self, slug, fiscal_year, action, user, comment, **options):
        if not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
            raise CommandError(f"ปี {fiscal_year} ไม่ใช่ปีงบประมาณ พ.ศ. เช่น 2568")
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise CommandError(f'ไม่พบหน่วยงานชื่อย่อ "{slug}"')
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f'ไม่พบผู้ใช้ "{user}"')
        report = ReportState.for_year(agency, fiscal_year)
        try:
            event = report.apply(actor, action, comment)
        except NotAllowed as refused:
            raise CommandError(str(refused)) from None
        done = f"{event.get_action_display()}รายงานปีงบประมาณ พ.ศ. {fiscal_year} ของ{agency}แล้ว"
        if event.published:
            done += f" (ฉบับที่ {event.published.version} SHA-256 {event.published.sha256})"
        self.stdout.write(done + f" สถานะ: {report.get_state_display()}")
