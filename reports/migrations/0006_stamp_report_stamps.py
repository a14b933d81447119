from django.db import migrations, models

from measures.triggers import migration_operation
from reports.stamps import STAMP_TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_merge_20261130_0713"),
        # The triggers name these apps' tables, evidence files included.
        ("measures", "0014_merge_20261130_1024"),
        ("ita", "0006_merge_0005_database_integrity_0005_thai_history_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportStamp",
            fields=[
                (
                    "agency_id",
                    models.PositiveIntegerField(
                        primary_key=True, serialize=False, verbose_name="รหัสหน่วยงาน"
                    ),
                ),
                ("token", models.CharField(max_length=64, verbose_name="ตราสถานะ")),
            ],
            options={
                "verbose_name": "ตราสถานะเนื้อหารายงาน",
                "verbose_name_plural": "ตราสถานะเนื้อหารายงาน",
            },
        ),
        migration_operation(STAMP_TRIGGERS),
    ]
