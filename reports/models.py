"""Who signs the annual report of an agency and fiscal year (the block below the table)."""

from django.db import models
from simple_history.models import HistoricalRecords

from measures.models import (
    BE_YEAR_VALIDATORS,
    Agency,
    AgencyOwnedQuerySet,
    be_year_in_range,
    current_fiscal_year,
)


class ReportSignature(models.Model):
    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="report_signatures", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)",
        default=current_fiscal_year,
        validators=BE_YEAR_VALIDATORS,
    )
    reporter_name = models.CharField("ชื่อผู้รายงาน", max_length=200)
    reporter_position = models.CharField("ตำแหน่งผู้รายงาน", max_length=200)
    head_name = models.CharField(
        "ชื่อผู้บริหารผู้ลงนาม",
        max_length=200,
        blank=True,
        help_text="เว้นว่างไว้เพื่อใช้ชื่อผู้บริหารที่บันทึกไว้ในหน่วยงาน",
    )
    head_position = models.CharField(
        "ตำแหน่งผู้บริหาร",
        max_length=200,
        blank=True,
        help_text="เว้นว่างไว้เพื่อใช้ตำแหน่งที่บันทึกไว้ในหน่วยงาน",
    )
    signed_on = models.DateField("วันที่ลงนาม", null=True, blank=True)

    objects = AgencyOwnedQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="ประวัติผู้ลงนามในรายงาน", verbose_name_plural="ประวัติผู้ลงนามในรายงาน"
    )

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        verbose_name = "ผู้ลงนามในรายงาน"
        verbose_name_plural = "ผู้ลงนามในรายงาน"
        constraints = [
            # A report has one signature block; the report view fetches it by agency and year.
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"],
                name="report_signature_unique_per_agency_year",
                violation_error_message="ปีงบประมาณนี้มีผู้ลงนามในรายงานแล้ว",
            ),
            be_year_in_range("fiscal_year", "report_signature_fiscal_year_in_be_range"),
        ]

    def __str__(self):
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}"

    @property
    def signing_head_name(self):
        return self.head_name or self.agency.head_name

    @property
    def signing_head_position(self):
        return self.head_position or self.agency.head_position


class ReportStamp(models.Model):
    """A token the database renews (reports/stamps.py) whenever anything an agency's reports
    show is written, however it is written; an unchanged token means an unchanged report."""

    # No foreign key: row 0 stands for the ITA reference data every agency's report reads.
    agency_id = models.PositiveIntegerField("รหัสหน่วยงาน", primary_key=True)
    token = models.CharField("ตราสถานะ", max_length=64)

    class Meta:
        verbose_name = "ตราสถานะเนื้อหารายงาน"
        verbose_name_plural = "ตราสถานะเนื้อหารายงาน"

    def __str__(self):
        return f"{self.agency_id}: {self.token}"
