from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.models import Agency
from reports import document, docx
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR


class Command(BaseCommand):
    help = "Write the annual report of an agency and fiscal year (BE) as PDF, HTML or Word (.docx)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the agency's slug, e.g. rangsit")
        parser.add_argument("fiscal_year", type=int, help="the fiscal year, BE, e.g. 2568")
        parser.add_argument("--format", choices=["pdf", "html", "docx"], default="pdf")
        parser.add_argument(
            "--output", help="the file to write (default: ita-report-<slug>-<year>.<format>)"
        )

    def handle(self, slug, fiscal_year, format, output, **options):
        if not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
            raise CommandError(
                f"ปีงบประมาณ {fiscal_year} ไม่ใช่ปีพุทธศักราชที่ระบบรับ "
                f"({EARLIEST_BE_YEAR}-{LATEST_BE_YEAR}) เช่น 2568"
            )
        try:
            agency = Agency.objects.get(slug=slug)
        except Agency.DoesNotExist:
            raise CommandError(f'ไม่พบหน่วยงานชื่อย่อ "{slug}"') from None
        output = Path(output or document.filename(agency, fiscal_year, format))
        if format == "pdf":
            try:
                pdf = document.render_pdf(document.render_html(agency, fiscal_year))
            except document.ReportTooLarge as refusal:
                raise CommandError(str(refusal)) from None
            output.write_bytes(pdf)
        elif format == "docx":
            output.write_bytes(docx.render_docx(agency, fiscal_year))
        else:
            html = document.render_html(agency, fiscal_year, self_contained=True)
            output.write_text(html, encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
