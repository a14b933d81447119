"""The approval of an agency's annual report and its frozen, published versions.

draft → submitted (coordinator) → approved or returned with a comment (executive) →
published (coordinator); a coordinator may reopen a published year, giving a reason.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.models import HistoricalRecords

from measures import roles
from measures.models import BE_YEAR_VALIDATORS, Agency, ClosedYear, agency_id_of
from publication import open_data
from reports import cache, document


class NotAllowed(Exception):
    """A workflow step this user may not take now; the message says why, in Thai."""


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def person(user):
    return user.get_full_name() or user.username


class ReportState(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        SUBMITTED = "submitted", "ส่งให้ผู้บริหารพิจารณาแล้ว"
        APPROVED = "approved", "ผู้บริหารอนุมัติแล้ว"
        RETURNED = "returned", "ส่งคืนให้แก้ไข"
        PUBLISHED = "published", "เผยแพร่แล้ว"

    class Action(models.TextChoices):
        SUBMIT = "submit", "ส่งให้ผู้บริหารพิจารณา"
        APPROVE = "approve", "อนุมัติ"
        RETURN = "return", "ส่งคืนให้แก้ไข"
        PUBLISH = "publish", "เผยแพร่"
        REOPEN = "reopen", "เปิดแก้ไขอีกครั้ง"

    # action: (the role that takes it, the states it starts from, the state it leads to)
    RULES = {
        Action.SUBMIT: (roles.COORDINATOR, {State.DRAFT, State.RETURNED}, State.SUBMITTED),
        Action.APPROVE: (roles.EXECUTIVE, {State.SUBMITTED}, State.APPROVED),
        Action.RETURN: (roles.EXECUTIVE, {State.SUBMITTED, State.APPROVED}, State.RETURNED),
        Action.PUBLISH: (roles.COORDINATOR, {State.APPROVED}, State.PUBLISHED),
        Action.REOPEN: (roles.COORDINATOR, {State.PUBLISHED}, State.DRAFT),
    }
    NEEDS_COMMENT = {
        Action.RETURN: "กรุณาระบุเหตุผลที่ส่งคืนรายงาน",
        Action.REOPEN: "กรุณาระบุเหตุผลที่เปิดแก้ไขรายงานที่เผยแพร่แล้ว",
    }

    agency = models.ForeignKey(
        Agency, models.CASCADE, related_name="report_states", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", validators=BE_YEAR_VALIDATORS
    )
    state = models.CharField("สถานะ", max_length=10, choices=State, default=State.DRAFT)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        verbose_name = "สถานะรายงานประจำปี"
        verbose_name_plural = "สถานะรายงานประจำปี"
        constraints = [
            # One workflow per report: for_year() and apply() find it by agency and year.
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"],
                name="report_state_unique_per_agency_year",
                violation_error_message="ปีงบประมาณนี้มีสถานะรายงานแล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year}: {self.get_state_display()}"

    @classmethod
    def for_year(cls, agency, fiscal_year):
        """The report's state; a year nobody has acted on yet is a draft (not saved)."""
        found = cls.objects.filter(agency=agency, fiscal_year=fiscal_year).first()
        return found or cls(agency=agency, fiscal_year=fiscal_year)

    def refusal(self, user, action, comment=None):
        """Why `user` may not take `action` now, in Thai, or None when allowed. The comment
        is checked only when given (None: whether the button should be offered)."""
        if action not in self.RULES:
            return f'ไม่มีขั้นตอน "{action}" (ใช้ได้: {", ".join(self.RULES)})'
        role, sources, _ = self.RULES[action]
        label = self.Action(action).label
        if not user.is_active or agency_id_of(user) != self.agency_id:
            return f"ผู้ใช้ {user.username} ไม่ได้สังกัด{self.agency} จึง{label}รายงานนี้ไม่ได้"
        if not user.groups.filter(name=role).exists():
            return f"เฉพาะ{role}ของหน่วยงานเท่านั้นที่{label}รายงานได้"
        if self.state not in sources:
            return f"รายงานอยู่ในสถานะ “{self.get_state_display()}” จึง{label}ไม่ได้"
        if comment is not None and action in self.NEEDS_COMMENT and not comment.strip():
            return self.NEEDS_COMMENT[action]
        return None

    def can(self, user, action):
        return self.refusal(user, action) is None

    def allowed_actions(self, user):
        return [action for action in self.Action if self.can(user, action)]

    def apply(self, user, action, comment=""):
        """Take the step as `user`, or raise NotAllowed. Returns the recorded event."""
        comment = (comment or "").strip()
        year = {"agency_id": self.agency_id, "fiscal_year": self.fiscal_year}
        try:
            with transaction.atomic():
                # The row lock makes two clicks on "publish" one version, not two.
                locked = ReportState.objects.select_for_update().filter(**year).first()
                event = (locked or ReportState(**year))._apply(user, action, comment)
        except IntegrityError:
            # Someone took the year's first step at the same moment: nothing was saved.
            raise NotAllowed("มีผู้อื่นดำเนินการกับรายงานนี้พร้อมกัน กรุณาลองอีกครั้ง") from None
        locked = event.report
        self.pk, self.state = locked.pk, locked.state
        return event

    def _apply(self, user, action, comment):
        message = self.refusal(user, action, comment)
        if message:
            raise NotAllowed(message)
        event = ReportEvent(
            report=self, action=action, actor=user, comment=comment, from_state=self.state
        )
        if action == self.Action.APPROVE:
            # What the executive approved, so publishing can prove it publishes exactly that.
            event.content_sha256 = sha256(self.report_html().encode())
        elif action == self.Action.PUBLISH:
            event.published = self.publish(user)
        elif action == self.Action.REOPEN:
            for closed in ClosedYear.objects.filter(
                agency=self.agency, fiscal_year=self.fiscal_year
            ):
                closed._history_user = user
                closed.delete()
        self.state = self.RULES[action][2]
        # The audit trail names the person, also when the step comes from a command.
        self._history_user = event._history_user = user
        self.save()
        event.to_state = self.state
        event.save()
        return event

    def report_html(self):
        return document.render_html(self.agency, self.fiscal_year)

    def approval(self):
        return self.events.filter(action=self.Action.APPROVE).select_related("actor").first()

    def publish(self, user):
        approval = self.approval()
        html = self.report_html()
        if approval is None or sha256(html.encode()) != approval.content_sha256:
            raise NotAllowed(
                "รายงานมีการแก้ไขหลังจากผู้บริหารอนุมัติ จึงเผยแพร่ไม่ได้ กรุณาให้ผู้บริหารส่งคืนแล้วส่งให้พิจารณาใหม่"
            )
        try:
            # The PDF of exactly this HTML: rendered once, perhaps already for a download.
            pdf = cache.pdf_for(self.agency, self.fiscal_year, html)
        except document.ReportTooLarge as refusal:
            raise NotAllowed(f"เผยแพร่ไม่ได้: {refusal}") from None
        published = PublishedReport.freeze(
            self.agency,
            self.fiscal_year,
            pdf=pdf,
            # The public page shows this copy: styles and fonts inside, nothing linked.
            html=document.render_html(self.agency, self.fiscal_year, self_contained=True),
            approval=approval,
            publisher=user,
            data=open_data.snapshot(self.agency, self.fiscal_year),
        )
        year = {"agency": self.agency, "fiscal_year": self.fiscal_year}
        if not ClosedYear.objects.filter(**year).exists():
            closed = ClosedYear(**year)
            closed._history_user = user
            closed.save()
        return published


class ReportEvent(models.Model):
    """One step of the workflow: who took it, when, and what they wrote."""

    report = models.ForeignKey(
        ReportState, models.CASCADE, related_name="events", verbose_name="รายงาน"
    )
    action = models.CharField("ขั้นตอน", max_length=10, choices=ReportState.Action)
    from_state = models.CharField("สถานะก่อน", max_length=10, choices=ReportState.State)
    to_state = models.CharField("สถานะหลัง", max_length=10, choices=ReportState.State)
    # Accounts that took a step are deactivated, never deleted: the record must name them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="ผู้ดำเนินการ"
    )
    at = models.DateTimeField("เมื่อ", default=timezone.now)
    comment = models.TextField("ความเห็น/เหตุผล", blank=True)
    content_sha256 = models.CharField("SHA-256 ของรายงานที่อนุมัติ (HTML)", max_length=64, blank=True)
    published = models.ForeignKey(
        "PublishedReport",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ฉบับที่เผยแพร่",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-at", "-pk"]
        verbose_name = "บันทึกขั้นตอนรายงาน"
        verbose_name_plural = "บันทึกขั้นตอนรายงาน"

    def __str__(self):
        return f"{self.report}: {self.get_action_display()} โดย {self.actor}"

    @property
    def actor_name(self):
        return person(self.actor)


def published_file_name(report, filename):
    return f"publication/{report.agency_id}/{report.fiscal_year}/{filename}"


class PublishedReport(models.Model):
    """A published version of a report, stored as rendered: later edits never reach it."""

    agency = models.ForeignKey(
        Agency, models.PROTECT, related_name="published_reports", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", validators=BE_YEAR_VALIDATORS
    )
    version = models.PositiveSmallIntegerField("ฉบับที่")
    pdf = models.FileField("ไฟล์ PDF", upload_to=published_file_name, max_length=300)
    html = models.FileField("ไฟล์ HTML", upload_to=published_file_name, max_length=300)
    sha256 = models.CharField("SHA-256 ของไฟล์ PDF", max_length=64)
    published_at = models.DateTimeField("เผยแพร่เมื่อ", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="ผู้เผยแพร่"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="ผู้อนุมัติ"
    )
    approved_at = models.DateTimeField("อนุมัติเมื่อ")
    # The measures as published, for the open data (publication.open_data); None for versions
    # published before open data existed.
    data = models.JSONField("ข้อมูลที่เผยแพร่", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency", "-fiscal_year", "-version"]
        verbose_name = "รายงานที่เผยแพร่"
        verbose_name_plural = "รายงานที่เผยแพร่"
        constraints = [
            # The public addresses name a version: /public/<agency>/<year>/v<version>.pdf
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "version"],
                name="published_report_unique_version",
                violation_error_message="ปีงบประมาณนี้มีรายงานฉบับที่นี้แล้ว",
            ),
            models.CheckConstraint(
                condition=models.Q(version__gte=1),
                name="published_report_version_from_one",
                violation_error_message="ฉบับที่ต้องเริ่มจาก 1",
            ),
        ]

    def __str__(self):
        return f"{self.agency} ปีงบประมาณ {self.fiscal_year} ฉบับที่ {self.version}"

    @classmethod
    def freeze(cls, agency, fiscal_year, pdf, html, approval, publisher, data=None):
        taken = cls.objects.filter(agency=agency, fiscal_year=fiscal_year)
        version = (taken.aggregate(n=Max("version"))["n"] or 0) + 1
        report = cls(
            agency=agency,
            fiscal_year=fiscal_year,
            version=version,
            sha256=sha256(pdf),
            published_by=publisher,
            approved_by=approval.actor,
            approved_at=approval.at,
            data=data,
        )
        report.pdf.save(f"v{version}.pdf", ContentFile(pdf), save=False)
        try:
            report.html.save(f"v{version}.html", ContentFile(html.encode()), save=False)
            report._history_user = publisher
            report.save()
        except Exception:
            # Nothing half written: no stored file without its record.
            report.pdf.delete(save=False)
            if report.html:
                report.html.delete(save=False)
            raise
        return report

    def read_pdf(self):
        with self.pdf.open("rb") as file:
            return file.read()

    def pdf_filename(self):
        return f"ita-report-{self.agency.slug}-{self.fiscal_year}-v{self.version}.pdf"
