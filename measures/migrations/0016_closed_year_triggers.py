from django.db import migrations

from measures.triggers import CLOSED_YEAR_TRIGGERS, migration_operation


class Migration(migrations.Migration):
    """The database keeps a published year's measures, steps, results, evidence files and
    links as they were published (measures/triggers.py)."""

    dependencies = [
        ("measures", "0015_scale_measure_year_index"),
    ]

    operations = [migration_operation(CLOSED_YEAR_TRIGGERS)]
