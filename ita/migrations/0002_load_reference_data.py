"""Load the ITA reference data shipped in ita/data/indicators.csv (see ita/data/README.md).

Every installation starts with the same years, levels and indicators; the coordinator then
corrects titles or adds years in the admin.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

from ita.codes import canonical_code, sort_key

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"

# The bands in use since the CSV's years; older years used AA-F and are added in the admin.
CURRENT_LEVELS = [("ผ่านดีเยี่ยม", Decimal("95")), ("ผ่าน", Decimal("85")), ("ไม่ผ่าน", Decimal("0"))]


def read_rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def load(apps, schema_editor):
    AssessmentYear = apps.get_model("ita", "AssessmentYear")
    Level = apps.get_model("ita", "Level")
    Indicator = apps.get_model("ita", "Indicator")
    rows = read_rows()
    years = {}
    for year_be in sorted({int(row["assessment_year_be"]) for row in rows}):
        year, created = AssessmentYear.objects.get_or_create(
            year_be=year_be, defaults={"iit_weight": 30, "eit_weight": 30, "oit_weight": 40}
        )
        if created:
            Level.objects.bulk_create(
                Level(assessment_year=year, name=name, minimum_score=minimum)
                for name, minimum in CURRENT_LEVELS
            )
        years[year_be] = year
    by_code = {}
    for row in rows:
        year = years[int(row["assessment_year_be"])]
        code = canonical_code(row["code"])
        indicator, _ = Indicator.objects.get_or_create(
            assessment_year=year,
            code=code,
            defaults={
                "instrument": row["instrument"],
                "title_th": row["title_th"],
                "title_en": row["title_en"],
                "certainty": row["certainty"],
                "sort_key": sort_key(code),
            },
        )
        by_code[year.year_be, code] = indicator
    for row in rows:
        if row["parent"]:
            year_be = int(row["assessment_year_be"])
            indicator = by_code[year_be, canonical_code(row["code"])]
            indicator.parent = by_code[year_be, canonical_code(row["parent"])]
            indicator.save(update_fields=["parent"])


def unload(apps, schema_editor):
    AssessmentYear = apps.get_model("ita", "AssessmentYear")
    years = {int(row["assessment_year_be"]) for row in read_rows()}
    AssessmentYear.objects.filter(year_be__in=years, agency_scores__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("ita", "0001_reference_and_scores")]

    operations = [migrations.RunPython(load, unload)]
