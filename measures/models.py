"""The register: agencies, their divisions and staff, and the measures of each fiscal year."""

import posixpath
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import connections, models, transaction
from django.db.models import F, Max, ProtectedError, Q
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from simple_history.models import HistoricalRecords

from measures import attribution, roles, triggers
from measures import evidence as evidence_checks
from thai import calendar, characters
from thai.texts import MaxLength, report_text_validators


def agency_id_of(user):
    """The agency a staff user works for, or None (a user without a profile sees nothing)."""
    profile = getattr(user, "profile", None)
    return profile.agency_id if profile else None


def division_id_of(user):
    """The division a staff user works in, or None."""
    profile = getattr(user, "profile", None)
    return profile.division_id if profile else None


# The admin shows help texts as HTML: the example tag is escaped so that it reads as typed.
# Marked safe, so that a table of steps does not escape it again in its tooltip.
BOLD_HINT = mark_safe("ใช้ &lt;b&gt;…&lt;/b&gt; สำหรับตัวหนา")

# The longest of each text in the Rangsit 2568 report, about five times over: a title of
# 108 characters, a results intro of 48, an outcome of 411, a step of 140, a result of 210.
TITLES_LIMIT = 500
RESULTS_INTRO_LIMIT = 500
OUTCOME_LIMIT = 2000
ITEM_TEXT_LIMIT = 1000
EVIDENCE_LINKS_LIMIT = 2000


def current_fiscal_year():
    return calendar.fiscal_year(timezone.localdate())


class AgencyQuerySet(models.QuerySet):
    def for_user(self, user):
        if user.is_superuser:
            return self
        if user.pk is None:
            return self.none()
        # Joined, not read from user.profile: one query where a page needs only the agency.
        return self.filter(profile__user=user.pk)

    def choosable(self, keep=()):
        """Agencies in use, and the inactive ones in `keep` (already chosen on a row)."""
        return self.filter(Q(is_active=True) | Q(pk__in=list(keep)))

    def readable_by(self, user, slug):
        """The agency `slug` if the user may read its register, else None: any agency for an
        administrator; for staff their own agency, and only with a role (roles.has_role),
        asked in the same query. Check roles.may_have_role first. Plain SQL: every report
        view asks it on every request, and compiling it as an ORM query cost ten times what
        the database does (a quarter of a cached report page's CPU)."""
        sql = f"SELECT * FROM {Agency._meta.db_table} WHERE slug = %s"
        params = [slug]
        if not user.is_superuser:
            user_model = Profile._meta.get_field("user").related_model
            memberships = user_model.groups.through._meta.db_table
            groups = user_model.groups.field.related_model._meta.db_table
            names = list(roles.ROLE_PERMISSIONS)
            sql += (
                f" AND id IN (SELECT agency_id FROM {Profile._meta.db_table} WHERE user_id = %s)"
                f" AND EXISTS (SELECT 1 FROM {memberships} m JOIN {groups} g ON g.id = m.group_id"
                f" WHERE m.user_id = %s AND g.name IN ({', '.join(['%s'] * len(names))}))"
            )
            params += [user.pk, user.pk, *names]
        found = list(self.model.objects.db_manager(self.db).raw(sql, params))
        return found[0] if found else None


class Agency(models.Model):
    name = models.CharField("ชื่อหน่วยงาน", max_length=200, unique=True)
    slug = models.SlugField(
        "ชื่อย่อ (อักษรอังกฤษ)",
        unique=True,
        help_text="ใช้ในลิงก์ของรายงาน เช่น rangsit",
    )
    district = models.CharField("อำเภอ", max_length=100, help_text="ไม่ต้องพิมพ์คำว่า อำเภอ")
    province = models.CharField("จังหวัด", max_length=100, help_text="ไม่ต้องพิมพ์คำว่า จังหวัด")
    head_name = models.CharField("ชื่อผู้บริหารผู้ลงนาม", max_length=200, blank=True)
    head_position = models.CharField("ตำแหน่งผู้บริหาร", max_length=200, blank=True)
    is_active = models.BooleanField(
        "ใช้งานอยู่",
        default=True,
        help_text="หน่วยงานที่มีรายงานแล้วลบไม่ได้ ให้เอาเครื่องหมายออกแทนเมื่อเลิกใช้",
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="ประวัติหน่วยงาน", verbose_name_plural="ประวัติหน่วยงาน")

    class Meta:
        ordering = ["name"]
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"

    def __str__(self):
        return self.name

    @property
    def full_title(self):
        """The third title line of the report: "เทศบาลนครรังสิต อำเภอธัญบุรี จังหวัดปทุมธานี"."""
        return f"{self.name} อำเภอ{self.district} จังหวัด{self.province}"


class AgencyOwnedQuerySet(models.QuerySet):
    """Rows that belong to an agency: staff see their own agency's, a superuser every one."""

    def for_user(self, user):
        if user.is_superuser:
            return self
        return self.filter(agency_id=agency_id_of(user))


# A fiscal or assessment year typed as 2025 would be stored 543 years off.
BE_YEAR_MESSAGE = "ปีต้องเป็นปีพุทธศักราช เช่น 2568"
BE_YEAR_VALIDATORS = [
    MinValueValidator(calendar.EARLIEST_BE_YEAR, BE_YEAR_MESSAGE),
    MaxValueValidator(calendar.LATEST_BE_YEAR, BE_YEAR_MESSAGE),
]


class DivisionQuerySet(AgencyOwnedQuerySet):
    def choosable(self, keep=()):
        """Divisions still in use, and the retired ones in `keep` (already chosen on a row)."""
        return self.filter(Q(is_retired=False) | Q(pk__in=list(keep)))

    def delete(self):
        refuse_deleting_named_divisions(self)
        return super().delete()


def refuse_deleting_named_divisions(divisions):
    """Past reports print the divisions their measures name: such a division is retired
    (is_retired), never deleted, also from the shell."""
    named_by = (
        Measure.objects.filter(responsible_divisions__in=divisions)
        .order_by("fiscal_year", "number")
        .first()
    )
    if named_by:
        raise ProtectedError(
            f"ลบสำนัก/กองไม่ได้ เพราะมาตรการลำดับที่ {named_by.number} "
            f"ปีงบประมาณ {named_by.fiscal_year} ระบุไว้ ให้ทำเครื่องหมาย เลิกใช้แล้ว แทน",
            {named_by},
        )


def be_year_in_range(field, name):
    """The database's own check of BE_YEAR_VALIDATORS, for rows no form has seen."""
    return models.CheckConstraint(
        condition=Q(
            **{f"{field}__gte": calendar.EARLIEST_BE_YEAR, f"{field}__lte": calendar.LATEST_BE_YEAR}
        ),
        name=name,
        violation_error_message=BE_YEAR_MESSAGE,
    )


class Division(models.Model):
    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="divisions", verbose_name="หน่วยงาน"
    )
    name = models.CharField("ชื่อสำนัก/กอง", max_length=200)
    position = models.PositiveSmallIntegerField(
        "ลำดับในโครงสร้าง",
        default=0,
        help_text="ลำดับที่ใช้เรียงสำนัก/กองในรายงานเมื่อมาตรการมีผู้รับผิดชอบหลายหน่วย",
    )
    short_name = models.CharField(
        "ชื่อย่อในรายงาน",
        max_length=100,
        blank=True,
        help_text='เช่น "กองยุทธศาสตร์ฯ" เว้นว่างไว้หากใช้ชื่อเต็ม',
    )
    is_retired = models.BooleanField(
        "เลิกใช้แล้ว",
        default=False,
        help_text="ไม่แสดงให้เลือกในมาตรการและผู้ใช้ใหม่ แต่รายงานเดิมยังพิมพ์ชื่อนี้",
    )

    objects = DivisionQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="ประวัติสำนัก/กอง", verbose_name_plural="ประวัติสำนัก/กอง")

    class Meta:
        # The report lists a measure's divisions in this order, as the agency's chart does.
        # By agency_id, not agency: "agency" would join the agency table (for its name) into
        # every division query, with thousands of agencies in one database.
        ordering = ["agency_id", "position", "name"]
        verbose_name = "สำนัก/กอง"
        verbose_name_plural = "สำนัก/กอง"
        constraints = [
            # The importer finds a division by its name within the agency.
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="division_unique_name_per_agency",
                violation_error_message="หน่วยงานนี้มีสำนัก/กองชื่อนี้แล้ว",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.pk is None or self.agency_id is None:
            return
        if not Division.objects.filter(pk=self.pk).exclude(agency_id=self.agency_id).exists():
            return
        # The same rule as the division_agency_keeps_users trigger, with the form's message.
        if (
            self.measures.exclude(agency_id=self.agency_id).exists()
            or self.profile_set.exclude(agency_id=self.agency_id).exists()
        ):
            raise ValidationError({"agency": triggers.DIVISION_IN_USE})

    @property
    def report_name(self):
        return self.short_name or self.name

    def delete(self, *args, **kwargs):
        refuse_deleting_named_divisions([self])
        return super().delete(*args, **kwargs)


class Profile(models.Model):
    """Which agency (and division) a staff user works for; it decides what the user sees."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name="ผู้ใช้"
    )
    agency = models.ForeignKey(Agency, models.CASCADE, verbose_name="หน่วยงาน")
    division = models.ForeignKey(
        Division, models.SET_NULL, null=True, blank=True, verbose_name="สำนัก/กอง"
    )
    receives_reminders = models.BooleanField(
        "รับอีเมลแจ้งเตือน",
        default=True,
        help_text="อีเมลเตือนกำหนดสิ้นสุดของมาตรการและขั้นตอน และสรุปประจำสัปดาห์",
    )
    history = HistoricalRecords(
        verbose_name="ประวัติสังกัดของผู้ใช้", verbose_name_plural="ประวัติสังกัดของผู้ใช้"
    )

    class Meta:
        ordering = ["user__username"]
        verbose_name = "สังกัดของผู้ใช้"
        verbose_name_plural = "สังกัดของผู้ใช้"

    def __str__(self):
        return f"{self.user} ({self.agency})"

    def clean(self):
        if self.division_id and self.division.agency_id != self.agency_id:
            raise ValidationError({"division": "สำนัก/กองที่เลือกไม่ได้อยู่ในหน่วยงานนี้"})


class MeasureQuerySet(AgencyOwnedQuerySet):
    def editable_by(self, user):
        """The measures the user may change: none without the right to change measures; a
        division officer only those their own division is responsible for (or every division
        is); other staff with the right every measure of their agency. The same rule as
        Measure.is_editable_by, for many rows."""
        if not user.has_perm("measures.change_measure"):
            return self.none()
        measures = self.for_user(user)
        if not roles.is_division_officer(user):
            return measures
        division_id = division_id_of(user)
        if division_id is None:
            return measures.filter(is_every_division=True)
        of_division = Measure.responsible_divisions.through.objects.filter(
            division_id=division_id
        ).values("measure_id")
        return measures.filter(Q(is_every_division=True) | Q(pk__in=of_division))

    def fiscal_years(self):
        if not self.query.has_filters():
            return every_fiscal_year(self.db)
        # order_by(): the default ordering would join the agency and make DISTINCT useless.
        return set(self.order_by().values_list("fiscal_year", flat=True).distinct())

    def fiscal_year_to_show(self, years=None):
        """This fiscal year once it has measures, else the latest earlier year that has some:
        in October the register still holds last year's work."""
        current = current_fiscal_year()
        years = self.fiscal_years() if years is None else years
        if current in years:
            return current
        return max((year for year in years if year < current), default=current)

    def for_report(self, agency, fiscal_year):
        """One agency's measures of one fiscal year with everything the report prints, in
        four queries however many measures there are."""
        return (
            self.filter(agency=agency, fiscal_year=fiscal_year)
            .select_related("agency")
            .prefetch_related(
                models.Prefetch("steps", queryset=Step.objects.order_by("position", "pk")),
                models.Prefetch("results", queryset=Result.objects.order_by("position", "pk")),
                # Divisions come in the agency's chart order (Division.Meta.ordering).
                "responsible_divisions",
            )
            .order_by("number")
        )


# Every agency's years (an administrator's list): DISTINCT would read all 1.66 M measures
# of a national installation; this asks the fiscal_year index once per year instead.
EVERY_FISCAL_YEAR = """
    WITH RECURSIVE years (year) AS (
        SELECT MIN(fiscal_year) FROM measures_measure
        UNION ALL
        SELECT (SELECT MIN(fiscal_year) FROM measures_measure WHERE fiscal_year > year)
        FROM years WHERE year IS NOT NULL
    )
    SELECT year FROM years WHERE year IS NOT NULL"""


def every_fiscal_year(using="default"):
    with connections[using].cursor() as cursor:
        cursor.execute(EVERY_FISCAL_YEAR)
        return {year for (year,) in cursor.fetchall()}


class Measure(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "ยังไม่เริ่ม"
        IN_PROGRESS = "in_progress", "กำลังดำเนินการ"
        DONE = "done", "ดำเนินการแล้ว"

    class ListStyle(models.TextChoices):
        NUMBERED = "numbered", "เลขลำดับ (๑. ๒. …)"
        BULLETED = "bulleted", "สัญลักษณ์ (●)"

    # Past reports name their agency: an agency with measures is retired, never deleted.
    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="measures", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)",
        default=current_fiscal_year,
        validators=BE_YEAR_VALIDATORS,
    )
    number = models.PositiveSmallIntegerField(
        "ลำดับที่", blank=True, help_text="เว้นว่างไว้ ระบบจะให้ลำดับถัดไปของปีงบประมาณ"
    )
    titles = models.TextField(
        "มาตรการ/โครงการ/กิจกรรม",
        help_text=f"บรรทัดละหนึ่งชื่อ หลายบรรทัดจะพิมพ์เป็นรายการ • {BOLD_HINT}",
        validators=report_text_validators(TITLES_LIMIT),
    )
    steps_style = models.CharField(
        "รูปแบบรายการขั้นตอน",
        max_length=10,
        choices=ListStyle,
        default=ListStyle.NUMBERED,
    )
    started_on = models.DateField("วันเริ่มต้น", null=True, blank=True)
    ended_on = models.DateField("วันสิ้นสุด", null=True, blank=True)
    responsible_divisions = models.ManyToManyField(
        Division, blank=True, related_name="measures", verbose_name="ผู้รับผิดชอบ (สำนัก/กอง)"
    )
    is_every_division = models.BooleanField(
        "ทุกสำนัก/กองรับผิดชอบ",
        default=False,
        help_text="รายงานจะพิมพ์ว่า &quot;(ชื่อหน่วยงาน) ทุกสำนัก/กอง&quot;",
    )
    results_intro = models.TextField(
        "ข้อความนำผลการดำเนินการ",
        blank=True,
        help_text="พิมพ์ก่อนรายการผลการดำเนินการ (ถ้ามี)",
        validators=report_text_validators(RESULTS_INTRO_LIMIT),
    )
    results_style = models.CharField(
        "รูปแบบรายการผลการดำเนินการ",
        max_length=10,
        choices=ListStyle,
        default=ListStyle.NUMBERED,
    )
    outcome = models.TextField(
        "ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ",
        blank=True,
        validators=report_text_validators(OUTCOME_LIMIT),
    )
    status = models.CharField("สถานะ", max_length=12, choices=Status, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        "ความก้าวหน้า (ร้อยละ)",
        default=0,
        validators=[
            MaxValueValidator(100, "ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100"),
        ],
    )
    indicators = models.ManyToManyField(
        "ita.Indicator", blank=True, related_name="measures", verbose_name="ตัวชี้วัด/ข้อที่ตอบ"
    )
    states_scores = models.BooleanField(
        "พิมพ์ผลคะแนน ITA ท้ายผลลัพธ์",
        default=False,
        help_text="รายงานจะต่อท้ายผลลัพธ์ด้วยคะแนนของตัวชี้วัด/ข้อที่เลือกไว้ "
        "(ถ้าไม่ได้เลือก จะพิมพ์คะแนนรวมเทียบกับปีก่อน) ตัวเลขจึงตรงกับคะแนนที่กรอกไว้เสมอ",
    )
    last_import = models.JSONField(
        "ค่าที่นำเข้าจากไฟล์ครั้งล่าสุด",
        null=True,
        blank=True,
        editable=False,
        help_text="import_report เทียบกับค่านี้เพื่อรู้ว่าทะเบียนหรือไฟล์เปลี่ยนไปหลังการนำเข้าครั้งก่อน",
    )

    objects = MeasureQuerySet.as_manager()
    # Who changed what, before and after, including the divisions and ITA items linked.
    history = HistoricalRecords(
        m2m_fields=[responsible_divisions, indicators],
        verbose_name="ประวัติมาตรการ",
        verbose_name_plural="ประวัติมาตรการ",
    )

    class Meta:
        ordering = ["agency", "-fiscal_year", "number"]
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        indexes = [
            # An administrator's list: every agency's years (every_fiscal_year), and the
            # measures of one year counted and paged without reading the whole table.
            models.Index(
                fields=["fiscal_year", "agency", "number"], name="measure_year_agency_number"
            ),
        ]
        constraints = [
            # The report numbers its rows ๑, ๒, … by this number.
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "number"],
                name="measure_unique_number_per_agency_year",
                violation_error_message="ปีงบประมาณนี้มีมาตรการลำดับที่นี้แล้ว",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__gte=F("started_on"))
                | Q(started_on__isnull=True)
                | Q(ended_on__isnull=True),
                name="measure_ends_on_or_after_start",
                violation_error_message="วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measure_progress_0_to_100",
                violation_error_message="ความก้าวหน้าต้องอยู่ระหว่าง 0 ถึง 100",
            ),
            # A year typed in the Christian era would file the measure 543 years off.
            be_year_in_range("fiscal_year", "measure_fiscal_year_in_be_range"),
            # The report prints the number as the row's ๑, ๒, …; there is no row ๐.
            models.CheckConstraint(
                condition=Q(number__gt=0),
                name="measure_number_positive",
                violation_error_message="ลำดับที่ต้องมากกว่า 0",
            ),
            # The dashboard counts a measure done by its status, the bar by its progress.
            models.CheckConstraint(
                condition=Q(status="done", progress=100) | (~Q(status="done") & ~Q(progress=100)),
                name="measure_done_means_progress_100",
                violation_error_message=(
                    'สถานะ "ดำเนินการแล้ว" คู่กับความก้าวหน้าร้อยละ 100 เท่านั้น: '
                    "เลือกสถานะนี้ให้กรอกความก้าวหน้า 100 และกรอก 100 ให้เลือกสถานะนี้"
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="not_started") | Q(progress=0),
                name="measure_not_started_means_progress_0",
                violation_error_message=(
                    'สถานะ "ยังไม่เริ่ม" ต้องมีความก้าวหน้าร้อยละ 0 ถ้าเริ่มแล้วให้เลือก "กำลังดำเนินการ"'
                ),
            ),
        ]

    def __str__(self):
        # The year tells a measure from its copy in the next year (same number and title).
        return f"{self.number or '-'}. {self.plain_title} (ปีงบประมาณ {self.fiscal_year})"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            loaded_agency_id = getattr(self, "_loaded_agency_id", None)
            if self.pk and loaded_agency_id not in (None, self.agency_id):
                # The old agency's divisions cannot follow the measure (a trigger refuses
                # them); the admin form sets the new agency's right after this save.
                strays = self.responsible_divisions.exclude(agency_id=self.agency_id)
                self.responsible_divisions.remove(*strays)
            if self.number is None:
                # Two people adding a measure at once would both read the same highest number:
                # the agency's row, locked until this transaction ends, makes them take turns.
                Agency.objects.select_for_update().filter(pk=self.agency_id).first()
                taken = Measure.objects.filter(
                    agency_id=self.agency_id, fiscal_year=self.fiscal_year
                )
                self.number = (taken.aggregate(n=Max("number"))["n"] or 0) + 1
            super().save(*args, **kwargs)
        self._loaded_agency_id = self.agency_id

    @classmethod
    def from_db(cls, db, field_names, values):
        measure = super().from_db(db, field_names, values)
        # None when the query deferred the agency: save() then leaves the divisions alone.
        measure._loaded_agency_id = measure.__dict__.get("agency_id")
        return measure

    @property
    def plain_title(self):
        """The first title line without markup, for lists and links."""
        lines = self.title_lines  # split once: the dashboard asks for 200 titles at a time
        return strip_tags(lines[0]) if lines else ""

    @property
    def title_lines(self):
        return [line.strip() for line in self.titles.splitlines() if line.strip()]

    def is_editable_by(self, user):
        """Whether the user may change this measure (see MeasureQuerySet.editable_by). Reads
        prefetched divisions, so an admin page asking many times costs no extra query."""
        if not user.has_perm("measures.change_measure"):
            return False
        if user.is_superuser:
            return True
        if self.agency_id is None or self.agency_id != agency_id_of(user):
            return False
        if not roles.is_division_officer(user):
            return True
        division_id = division_id_of(user)
        return self.is_every_division or any(
            division.pk == division_id for division in self.responsible_divisions.all()
        )

    # The texts the report prints: each must be printable in the report's font.
    PRINTED_TEXTS = ("titles", "results_intro", "outcome")

    def clean(self):
        errors = {}
        for field in self.PRINTED_TEXTS:
            try:
                characters.validate_printable(getattr(self, field))
            except ValidationError as error:
                errors[field] = error
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"
        # A year out of range is reported by the field's validators; its dates may not exist.
        in_range = calendar.EARLIEST_BE_YEAR <= (self.fiscal_year or 0) <= calendar.LATEST_BE_YEAR
        if self.started_on and in_range:
            first = calendar.fiscal_year_start(self.fiscal_year)
            last = calendar.fiscal_year_end(self.fiscal_year)
            if not first <= self.started_on <= last:
                errors["started_on"] = (
                    f"วันเริ่มต้น {calendar.numeric_date(self.started_on)} "
                    f"ไม่อยู่ในปีงบประมาณ พ.ศ. {self.fiscal_year} "
                    f"({calendar.numeric_date(first)} ถึง {calendar.numeric_date(last)})"
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_in_closed_year(self):
        """A published year's measures are read-only until a coordinator reopens the year."""
        return ClosedYear.objects.filter(
            agency_id=self.agency_id, fiscal_year=self.fiscal_year
        ).exists()

    @property
    def is_overdue(self):
        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, today):
        """Ended before today and not done."""
        return bool(self.ended_on and self.ended_on < today and self.status != self.Status.DONE)

    @transaction.atomic
    def copy_to_next_year(self):
        """Start next year's measure from this one: same titles, steps and divisions, the
        period moved one year on, the ITA items of the same codes in next year's assessment,
        and no results yet. Returns None if the number is taken; the copy's
        `unlinked_codes` lists the codes next year's assessment does not have."""
        next_year = self.fiscal_year + 1
        if Measure.objects.filter(
            agency_id=self.agency_id, fiscal_year=next_year, number=self.number
        ).exists():
            return None
        copy = Measure.objects.create(
            agency_id=self.agency_id,
            fiscal_year=next_year,
            number=self.number,
            titles=self.titles,
            steps_style=self.steps_style,
            started_on=one_year_later(self.started_on),
            ended_on=one_year_later(self.ended_on),
            is_every_division=self.is_every_division,
            results_style=self.results_style,
        )
        copy.responsible_divisions.set(self.responsible_divisions.all())
        codes = {indicator.code for indicator in self.indicators.all()}
        same_codes = self._meta.get_field("indicators").related_model.objects.filter(
            assessment_year__year_be=next_year, code__in=codes
        )
        copy.indicators.set(same_codes)
        copy.unlinked_codes = sorted(codes - {indicator.code for indicator in same_codes})
        Step.objects.bulk_create(
            Step(
                measure=copy,
                position=step.position,
                text=step.text,
                planned_start_on=one_year_later(step.planned_start_on),
                planned_end_on=one_year_later(step.planned_end_on),
            )
            for step in self.steps.all()
        )
        return copy


def one_year_later(day):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February in a leap year
        return date(day.year + 1, 2, 28)


class ClosedYear(models.Model):
    """A fiscal year whose report is published: its measures, steps and results stay as
    published. The publication app adds the row on publishing and removes it on reopening."""

    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="closed_years", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", validators=BE_YEAR_VALIDATORS
    )
    closed_at = models.DateTimeField("ปิดเมื่อ", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        verbose_name = "ปีงบประมาณที่ปิดแล้ว"
        verbose_name_plural = "ปีงบประมาณที่ปิดแล้ว"
        constraints = [
            # Measure.is_in_closed_year looks a year up by agency and year.
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"],
                name="closed_year_unique_per_agency_year",
                violation_error_message="ปีงบประมาณนี้ปิดแล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}"


class MeasureItemQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Records each row in the audit trail as a save would: the importer and the copy
        action write steps and results in bulk, and Django's bulk_create sends no signal."""
        created = super().bulk_create(objs, *args, **kwargs)
        reason, user = attribution.current()
        self.model.history.bulk_history_create(
            [row for row in created if row.pk is not None],
            default_user=user,
            default_change_reason=reason or "",
        )
        return created


class MeasureItem(models.Model):
    """An ordered line of a measure: a step or a result. Positions fill in by themselves."""

    position = models.PositiveSmallIntegerField("ลำดับ", blank=True)
    text = models.TextField(
        "รายละเอียด", help_text=BOLD_HINT, validators=report_text_validators(ITEM_TEXT_LIMIT)
    )

    objects = MeasureItemQuerySet.as_manager()

    class Meta:
        abstract = True
        # measure_id, not measure: no join to the measure (and its agency) to order a list.
        ordering = ["measure_id", "position", "pk"]

    def save(self, *args, **kwargs):
        if self.position is None:
            siblings = type(self).objects.filter(measure_id=self.measure_id)
            self.position = (siblings.aggregate(n=Max("position"))["n"] or 0) + 1
        super().save(*args, **kwargs)

    def clean(self):
        try:
            characters.validate_printable(self.text)
        except ValidationError as error:
            raise ValidationError({"text": error}) from None


class Step(MeasureItem):
    measure = models.ForeignKey(
        Measure, models.CASCADE, related_name="steps", verbose_name="มาตรการ"
    )
    # A measure's plan as a dated timeline; the report prints only the text.
    planned_start_on = models.DateField("เริ่มตามแผน", null=True, blank=True)
    planned_end_on = models.DateField("เสร็จตามแผน", null=True, blank=True)
    done_on = models.DateField("เสร็จจริงเมื่อ", null=True, blank=True)
    history = HistoricalRecords(
        verbose_name="ประวัติขั้นตอน/วิธีการปฏิบัติ",
        verbose_name_plural="ประวัติขั้นตอน/วิธีการปฏิบัติ",
    )

    class Meta(MeasureItem.Meta):
        verbose_name = "ขั้นตอน/วิธีการปฏิบัติ"
        verbose_name_plural = "ขั้นตอน/วิธีการปฏิบัติ"
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=F("planned_start_on"))
                | Q(planned_start_on__isnull=True)
                | Q(planned_end_on__isnull=True),
                name="step_planned_end_on_or_after_start",
                violation_error_message="วันเสร็จตามแผนต้องไม่ก่อนวันเริ่มตามแผน",
            ),
        ]

    def __str__(self):
        return f"ขั้นตอนที่ {self.position}"

    def clean(self):
        super().clean()
        if self.planned_start_on and self.planned_end_on:
            if self.planned_end_on < self.planned_start_on:
                raise ValidationError({"planned_end_on": "วันเสร็จตามแผนต้องไม่ก่อนวันเริ่มตามแผน"})

    def is_overdue_on(self, today):
        """Planned to end before today and not done (nor is its measure)."""
        return bool(
            self.planned_end_on
            and self.planned_end_on < today
            and self.done_on is None
            and self.measure.status != Measure.Status.DONE
        )


def validate_evidence_links(value):
    check = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(value.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                f'หลักฐานบรรทัดที่ {number} "{line[:80]}" ไม่ใช่ลิงก์ที่ขึ้นต้นด้วย http:// หรือ https://'
            ) from None


class Result(MeasureItem):
    measure = models.ForeignKey(
        Measure, models.CASCADE, related_name="results", verbose_name="มาตรการ"
    )
    done_on = models.DateField("วันที่ดำเนินการ", null=True, blank=True)
    evidence_links = models.TextField(
        "ลิงก์หลักฐาน",
        blank=True,
        validators=[MaxLength(EVIDENCE_LINKS_LIMIT), validate_evidence_links],
        help_text="บรรทัดละหนึ่งลิงก์ (http:// หรือ https://)",
    )
    history = HistoricalRecords(
        verbose_name="ประวัติผลการดำเนินการ", verbose_name_plural="ประวัติผลการดำเนินการ"
    )

    class Meta(MeasureItem.Meta):
        verbose_name = "ผลการดำเนินการ"
        verbose_name_plural = "ผลการดำเนินการ"

    def __str__(self):
        return f"ผลการดำเนินการที่ {self.position}"

    @property
    def evidence_urls(self):
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


def evidence_file_name(evidence, filename):
    # A random folder per file: two files of the same name never meet, and the stored name
    # says nothing a visitor could guess. The name people see is kept in `name`.
    measure = evidence.result.measure
    return (
        f"evidence/{measure.agency_id}/{measure.fiscal_year}/{uuid.uuid4().hex}"
        f".{evidence_checks.extension(filename)}"
    )


class EvidenceFile(models.Model):
    """A file uploaded as evidence of a result. Deleting the row keeps the stored file: a
    published version or the history may still name it."""

    result = models.ForeignKey(
        Result, models.CASCADE, related_name="evidence_files", verbose_name="ผลการดำเนินการ"
    )
    file = models.FileField("ไฟล์", upload_to=evidence_file_name, max_length=300)
    name = models.CharField("ชื่อไฟล์", max_length=255)
    content_type = models.CharField("ชนิดไฟล์", max_length=100)
    size = models.PositiveBigIntegerField("ขนาด (ไบต์)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("แนบเมื่อ", default=timezone.now)
    history = HistoricalRecords(verbose_name="ประวัติไฟล์หลักฐาน", verbose_name_plural="ประวัติไฟล์หลักฐาน")

    class Meta:
        ordering = ["result", "uploaded_at", "pk"]
        verbose_name = "ไฟล์หลักฐาน"
        verbose_name_plural = "ไฟล์หลักฐาน"

    def __str__(self):
        return self.name

    @classmethod
    def store(cls, result, upload):
        """Check `upload` (evidence.check raises a Thai ValidationError) and keep it."""
        content_type = evidence_checks.check(upload)
        evidence = cls(
            result=result,
            name=posixpath.basename(upload.name)[:255],
            content_type=content_type,
            size=upload.size,
            sha256=evidence_checks.sha256_of(upload),
        )
        evidence.file.save(upload.name, upload, save=False)
        try:
            evidence.save()
        except Exception:
            evidence.file.delete(save=False)  # no stored file without its row
            raise
        return evidence
