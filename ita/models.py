"""ITA reference data (assessment years, their levels and indicators) and each agency's scores.

Reference data is shared by every agency and edited in the admin; scores belong to an agency.
A level and a change against the previous year are always computed from the scores.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords

from ita import codes, triggers
from measures.models import BE_YEAR_VALIDATORS, Agency, AgencyOwnedQuerySet, be_year_in_range

SCORE_MESSAGE = "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"
SCORE_VALIDATORS = [MinValueValidator(0, SCORE_MESSAGE), MaxValueValidator(100, SCORE_MESSAGE)]


def score_field(verbose_name, **options):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS, **options
    )


def score_between_0_and_100(field, name):
    # An unknown score is stored as null, which the check lets through.
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0, f"{field}__lte": 100}) | Q(**{f"{field}__isnull": True}),
        name=name,
        violation_error_message=SCORE_MESSAGE,
    )


class AssessmentYear(models.Model):
    year_be = models.PositiveSmallIntegerField(
        "ปีที่ประเมิน (พ.ศ.)",
        unique=True,
        validators=BE_YEAR_VALIDATORS,
    )
    iit_weight = models.PositiveSmallIntegerField("น้ำหนัก IIT (ร้อยละ)", default=30)
    eit_weight = models.PositiveSmallIntegerField("น้ำหนัก EIT (ร้อยละ)", default=30)
    oit_weight = models.PositiveSmallIntegerField("น้ำหนัก OIT (ร้อยละ)", default=40)

    class Meta:
        ordering = ["year_be"]
        verbose_name = "ปีที่ประเมิน ITA"
        verbose_name_plural = "ปีที่ประเมิน ITA"
        constraints = [
            # The overall score is the weighted sum of the three instruments.
            models.CheckConstraint(
                condition=Exact(F("iit_weight") + F("eit_weight") + F("oit_weight"), 100),
                name="assessment_year_weights_sum_to_100",
                violation_error_message="น้ำหนัก IIT + EIT + OIT ต้องรวมกันได้ 100",
            ),
            be_year_in_range("year_be", "assessment_year_in_be_range"),
        ]

    def __str__(self):
        return f"ITA พ.ศ. {self.year_be}"

    def level_for(self, score):
        """The level a score reaches this year: the highest whose minimum it meets, or None.

        Reads `levels` through the prefetch cache when there is one."""
        if score is None:
            return None
        for level in sorted(self.levels.all(), key=lambda lv: lv.minimum_score, reverse=True):
            if score >= level.minimum_score:
                return level
        return None

    def previous(self):
        """The nearest earlier assessment year on record, or None."""
        earlier = AssessmentYear.objects.filter(year_be__lt=self.year_be)
        return earlier.order_by("-year_be").first()

    def copy_levels_from_previous(self):
        """Start a year with no levels from the nearest earlier year's levels; returns that year,
        or None if there was nothing to copy. The NACC seldom changes the bands."""
        source = self.previous()
        if source is None or self.levels.exists():
            return None
        Level.objects.bulk_create(
            Level(assessment_year=self, name=level.name, minimum_score=level.minimum_score)
            for level in source.levels.all()
        )
        return source if source.levels.exists() else None

    @property
    def top_level(self):
        """The best level (ผ่านดีเยี่ยม, or AA): below its minimum an indicator counts as weak."""
        return max(self.levels.all(), key=lambda level: level.minimum_score, default=None)


class Level(models.Model):
    assessment_year = models.ForeignKey(
        AssessmentYear, models.CASCADE, related_name="levels", verbose_name="ปีที่ประเมิน"
    )
    name = models.CharField("ระดับ", max_length=50, help_text="เช่น ผ่านดีเยี่ยม, ผ่าน, AA")
    minimum_score = models.DecimalField(
        "คะแนนตั้งแต่",
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
        help_text="คะแนนต่ำสุดของระดับนี้ เช่น 95.00 ระดับต่ำสุดให้ใส่ 0",
    )

    class Meta:
        ordering = ["assessment_year", "-minimum_score"]
        verbose_name = "ระดับผลการประเมิน"
        verbose_name_plural = "ระดับผลการประเมิน"
        constraints = [
            # A score must fall in exactly one band, so no two levels of a year may share a floor.
            models.UniqueConstraint(
                fields=["assessment_year", "minimum_score"],
                name="level_unique_minimum_per_year",
                violation_error_message="ปีนี้มีระดับที่เริ่มที่คะแนนนี้แล้ว",
            ),
            models.UniqueConstraint(
                fields=["assessment_year", "name"],
                name="level_unique_name_per_year",
                violation_error_message="ปีนี้มีระดับชื่อนี้แล้ว",
            ),
            score_between_0_and_100("minimum_score", "level_minimum_0_to_100"),
        ]

    def __str__(self):
        return f"{self.name} (ตั้งแต่ {self.minimum_score})"


class Indicator(models.Model):
    """A numbered indicator (IND1-IND10), survey question (i10, e5) or OIT item (o14)."""

    class Instrument(models.TextChoices):
        IIT = "IIT", "IIT ผู้มีส่วนได้ส่วนเสียภายใน"
        EIT = "EIT", "EIT ผู้มีส่วนได้ส่วนเสียภายนอก"
        OIT = "OIT", "OIT การเปิดเผยข้อมูลสาธารณะ"

    class Certainty(models.TextChoices):
        CONFIRMED = "confirmed", "ยืนยันแล้ว"
        PROBABLE = "probable", "น่าจะถูกต้อง"
        UNCERTAIN = "uncertain", "ยังไม่แน่ชัด"

    assessment_year = models.ForeignKey(
        AssessmentYear, models.CASCADE, related_name="indicators", verbose_name="ปีที่ประเมิน"
    )
    instrument = models.CharField("เครื่องมือ", max_length=3, choices=Instrument)
    code = models.CharField(
        "รหัส",
        max_length=10,
        help_text="เช่น IND7 (ตัวชี้วัดที่ 7), i10, o14 พิมพ์ ๐๑๔ หรือ O14 ก็ได้ ระบบจะเก็บเป็น o14",
    )
    parent = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="อยู่ในตัวชี้วัด",
    )
    title_th = models.CharField("ชื่อ (ไทย)", max_length=300, blank=True)
    title_en = models.CharField("ชื่อ (อังกฤษ)", max_length=300, blank=True)
    certainty = models.CharField(
        "ความแน่นอนของข้อมูล",
        max_length=10,
        choices=Certainty,
        default=Certainty.UNCERTAIN,
        help_text="ข้อมูลตั้งต้นรวบรวมจากเว็บไซต์และข่าว ไม่ใช่คู่มือของ ป.ป.ช. "
        "โปรดตรวจสอบกับคู่มือแล้วแก้ชื่อและเปลี่ยนเป็น ยืนยันแล้ว",
    )
    # OIT items are numbered afresh each year and o10 must sort after o9, not after o1.
    sort_key = models.CharField(max_length=20, editable=False)

    class Meta:
        ordering = ["assessment_year", "sort_key"]
        verbose_name = "ตัวชี้วัด/ข้อคำถาม"
        verbose_name_plural = "ตัวชี้วัด/ข้อคำถาม"
        constraints = [
            # Scores and report citations find an indicator by its code within the year.
            models.UniqueConstraint(
                fields=["assessment_year", "code"],
                name="indicator_unique_code_per_year",
                violation_error_message="ปีนี้มีรหัสนี้แล้ว",
            ),
        ]

    def __str__(self):
        title = f" {self.title_th}" if self.title_th else ""
        return f"{self.code}{title} (ITA {self.assessment_year.year_be})"

    def save(self, *args, **kwargs):
        self.code = codes.canonical_code(self.code)
        self.sort_key = codes.sort_key(self.code)
        super().save(*args, **kwargs)

    @property
    def is_indicator(self):
        return codes.is_indicator(self.code)

    def clean(self):
        try:
            self.code = codes.canonical_code(self.code)
        except ValueError as error:
            raise ValidationError({"code": str(error)}) from None
        if self.parent_id and self.parent.assessment_year_id != self.assessment_year_id:
            raise ValidationError({"parent": "ตัวชี้วัดหลักต้องอยู่ในปีที่ประเมินเดียวกัน"})
        # The same rule as the indicator_year_keeps_scores trigger.
        if (
            self.pk
            and self.assessment_year_id
            and self.scores.exclude(agency_score__assessment_year=self.assessment_year_id).exists()
        ):
            raise ValidationError({"assessment_year": triggers.INDICATOR_HAS_SCORES})


class AgencyScoreQuerySet(AgencyOwnedQuerySet):
    def with_previous(self):
        """Annotate each score with the agency's previous assessment on record (year and
        overall score), so the change is computed in the same query."""
        earlier = AgencyScore.objects.filter(
            agency=OuterRef("agency"),
            assessment_year__year_be__lt=OuterRef("assessment_year__year_be"),
        ).order_by("-assessment_year__year_be")
        return self.annotate(
            previous_year_be=Subquery(earlier.values("assessment_year__year_be")[:1]),
            previous_overall=Subquery(earlier.values("overall")[:1]),
        )

    def with_details(self):
        """Levels and indicator scores ride along, in a fixed number of queries."""
        return (
            self.with_previous()
            .select_related("assessment_year")
            .prefetch_related(
                "assessment_year__levels",
                Prefetch(
                    "indicator_scores",
                    # The parent names an item whose own name is not recorded yet.
                    queryset=IndicatorScore.objects.select_related(
                        "indicator", "indicator__parent"
                    ).order_by("score", "indicator__sort_key"),
                ),
            )
        )

    def for_dashboard(self, agency):
        return self.filter(agency=agency).with_details().order_by("assessment_year__year_be")


class AgencyScore(models.Model):
    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="ita_scores", verbose_name="หน่วยงาน"
    )
    assessment_year = models.ForeignKey(
        AssessmentYear, models.PROTECT, related_name="agency_scores", verbose_name="ปีที่ประเมิน"
    )
    overall = score_field("คะแนนรวม")
    iit = score_field("คะแนน IIT", null=True, blank=True, help_text="เว้นว่างถ้าไม่ทราบ")
    eit = score_field("คะแนน EIT", null=True, blank=True, help_text="เว้นว่างถ้าไม่ทราบ")
    oit = score_field("คะแนน OIT", null=True, blank=True, help_text="เว้นว่างถ้าไม่ทราบ")

    objects = AgencyScoreQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="ประวัติคะแนน ITA ของหน่วยงาน",
        verbose_name_plural="ประวัติคะแนน ITA ของหน่วยงาน",
    )

    class Meta:
        ordering = ["agency", "assessment_year__year_be"]
        verbose_name = "คะแนน ITA ของหน่วยงาน"
        verbose_name_plural = "คะแนน ITA ของหน่วยงาน"
        constraints = [
            # The change against the previous year needs one score per agency and year.
            models.UniqueConstraint(
                fields=["agency", "assessment_year"],
                name="agency_score_unique_per_year",
                violation_error_message="หน่วยงานนี้มีคะแนนของปีที่ประเมินนี้แล้ว",
            ),
            score_between_0_and_100("overall", "agency_score_overall_0_to_100"),
            score_between_0_and_100("iit", "agency_score_iit_0_to_100"),
            score_between_0_and_100("eit", "agency_score_eit_0_to_100"),
            score_between_0_and_100("oit", "agency_score_oit_0_to_100"),
        ]

    def __str__(self):
        return f"{self.agency} ITA พ.ศ. {self.assessment_year.year_be}: {self.overall}"

    def save(self, *args, **kwargs):
        moved = (
            self.pk is not None
            and AgencyScore.objects.filter(pk=self.pk)
            .exclude(assessment_year=self.assessment_year_id)
            .exists()
        )
        # The agency_score_year_moves_item_scores trigger moves the item scores to the new
        # year's codes; the audit trail records where each one went.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if moved:
                moved_scores = list(self.indicator_scores.all())
                IndicatorScore.history.bulk_history_create(moved_scores, update=True)

    def codes_missing_in_year(self):
        """Codes of this score's items that its (new) assessment year does not have: moving
        the score there would leave them pointing at the old year."""
        if self.pk is None or self.assessment_year_id is None:
            return []
        elsewhere = self.indicator_scores.exclude(
            indicator__assessment_year=self.assessment_year_id
        )
        wanted = set(elsewhere.values_list("indicator__code", flat=True))
        if not wanted:
            return []
        found = Indicator.objects.filter(assessment_year=self.assessment_year_id, code__in=wanted)
        return sorted(wanted - set(found.values_list("code", flat=True)), key=codes.sort_key)

    def clean(self):
        missing = self.codes_missing_in_year()
        if missing:
            raise ValidationError(
                {
                    "assessment_year": f"ย้ายคะแนนไป{self.assessment_year}ไม่ได้ "
                    f"เพราะปีนั้นไม่มีรหัส {', '.join(missing)} ของคะแนนรายข้อ "
                    "กรุณาลบคะแนนรายข้อเหล่านี้ หรือเพิ่มรหัสในปีนั้นก่อน"
                }
            )

    @property
    def level(self):
        return self.assessment_year.level_for(self.overall)

    @property
    def change(self):
        """Points gained (or lost) since the previous assessment; needs `with_previous()`."""
        previous = getattr(self, "previous_overall", None)
        if previous is None:
            return None
        return self.overall - previous


class IndicatorScore(models.Model):
    agency_score = models.ForeignKey(
        AgencyScore, models.CASCADE, related_name="indicator_scores", verbose_name="คะแนน ITA"
    )
    indicator = models.ForeignKey(
        Indicator, models.PROTECT, related_name="scores", verbose_name="ตัวชี้วัด/ข้อ"
    )
    score = score_field("คะแนน")
    history = HistoricalRecords(
        verbose_name="ประวัติคะแนนรายตัวชี้วัด/ข้อ",
        verbose_name_plural="ประวัติคะแนนรายตัวชี้วัด/ข้อ",
    )

    class Meta:
        ordering = ["agency_score", "indicator__sort_key"]
        verbose_name = "คะแนนรายตัวชี้วัด/ข้อ"
        verbose_name_plural = "คะแนนรายตัวชี้วัด/ข้อ"
        constraints = [
            models.UniqueConstraint(
                fields=["agency_score", "indicator"],
                name="indicator_score_unique_per_agency_year",
                violation_error_message="กรอกคะแนนข้อนี้ไปแล้ว",
            ),
            score_between_0_and_100("score", "indicator_score_0_to_100"),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.score}"

    def clean(self):
        if (
            self.indicator_id
            and self.agency_score_id
            and self.indicator.assessment_year_id != self.agency_score.assessment_year_id
        ):
            # Not tied to the field: the admin's row types a code, it has no indicator field.
            raise ValidationError(triggers.OTHER_YEAR)
