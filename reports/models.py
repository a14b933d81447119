"""Who signs the annual report of an agency and fiscal year (the block below the table)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from measures.models import Agency, agency_id_of, current_fiscal_year


class ReportSignatureQuerySet(models.QuerySet):
    def for_user(self, user):
        if user.is_superuser:
            return self
        return self.filter(agency_id=agency_id_of(user))


class ReportSignature(models.Model):
    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="report_signatures", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)",
        default=current_fiscal_year,
        validators=[
            MinValueValidator(2500, "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"),
            MaxValueValidator(2700, "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"),
        ],
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

    objects = ReportSignatureQuerySet.as_manager()

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
        ]

    def __str__(self):
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}"

    @property
    def signing_head_name(self):
        return self.head_name or self.agency.head_name

    @property
    def signing_head_position(self):
        return self.head_position or self.agency.head_position
