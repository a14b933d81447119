"""Record the ITA scores the Rangsit 2568 report cites, and link its measures to those items.

Safe to run again: every row is updated in place. Instrument scores (IIT/EIT/OIT) are not in
the report, so they stay blank rather than invented.
"""

from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Agency, Measure

OVERALL = {2567: Decimal("98.25"), 2568: Decimal("99.70")}

ITEMS = [f"o{n}" for n in range(5, 12)] + ["o14", "o15", "o16", "o23", "i10"]
ITEM_SCORES_2568 = {code: Decimal("100") for code in ITEMS} | {"IND7": Decimal("99.91")}

# The report's row number → the items its outcome cell cites (row ๑ cites the overall score).
MEASURE_LINKS_2568 = {
    2: [f"o{n}" for n in range(5, 12)] + ["o14", "o15", "o16", "o23"],
    3: ["o11"],
    4: ["i10"],
    5: ["IND7"],
}


class Command(BaseCommand):
    help = "บันทึกคะแนน ITA ที่รายงานเทศบาลนครรังสิต พ.ศ. 2568 อ้างถึง และเชื่อมมาตรการกับข้อที่อ้าง"

    def add_arguments(self, parser):
        parser.add_argument("agency_slug", help="ชื่อย่อของหน่วยงาน เช่น rangsit")

    @transaction.atomic
    def handle(self, agency_slug, **options):
        agency = Agency.objects.filter(slug=agency_slug).first()
        if agency is None:
            raise CommandError(f'ไม่พบหน่วยงานชื่อย่อ "{agency_slug}"')
        years = {year.year_be: year for year in AssessmentYear.objects.filter(year_be__in=OVERALL)}
        missing = set(OVERALL) - set(years)
        if missing:
            raise CommandError(f"ยังไม่มีข้อมูลปีที่ประเมิน {sorted(missing)} (ลืม migrate?)")

        scores = {}
        for year_be, overall in OVERALL.items():
            scores[year_be], _ = AgencyScore.objects.update_or_create(
                agency=agency, assessment_year=years[year_be], defaults={"overall": overall}
            )

        indicators = {
            indicator.code: indicator
            for indicator in Indicator.objects.filter(assessment_year=years[2568])
        }
        for code, value in ITEM_SCORES_2568.items():
            IndicatorScore.objects.update_or_create(
                agency_score=scores[2568], indicator=indicators[code], defaults={"score": value}
            )

        measures = Measure.objects.filter(
            agency=agency, fiscal_year=2568, number__in=MEASURE_LINKS_2568
        )
        for measure in measures:
            measure.indicators.add(
                *(indicators[code] for code in MEASURE_LINKS_2568[measure.number])
            )

        self.stdout.write(
            f"{agency}: คะแนน ITA พ.ศ. 2567 และ 2568, คะแนนรายข้อ {len(ITEM_SCORES_2568)} ข้อ, "
            f"เชื่อมตัวชี้วัดกับมาตรการ {len(measures)} รายการ"
        )
