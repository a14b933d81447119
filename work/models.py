"""Reminders sent by email, one row per message, so that none is ever sent twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Reminder(models.Model):
    class Kind(models.TextChoices):
        MEASURE = "measure", "กำหนดสิ้นสุดมาตรการ"
        STEP = "step", "กำหนดเสร็จของขั้นตอน"
        WEEKLY = "weekly", "สรุปประจำสัปดาห์"

    kind = models.CharField("ประเภท", max_length=10, choices=Kind)
    # The measure's or step's id; for a weekly summary, the agency's.
    object_id = models.PositiveBigIntegerField("รหัสรายการ")
    # "30", "7", "1" days before the end, "overdue", or the summary's week ("2026-W48").
    threshold = models.CharField("เหตุที่เตือน", max_length=10)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders", verbose_name="ผู้รับ"
    )
    email = models.EmailField("ส่งถึงอีเมล")
    subject = models.CharField("เรื่อง", max_length=250)
    sent_at = models.DateTimeField("ส่งเมื่อ", default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = "การแจ้งเตือนที่ส่งแล้ว"
        verbose_name_plural = "การแจ้งเตือนที่ส่งแล้ว"
        constraints = [
            # send_reminders runs daily (and by hand): the same event never mails anyone twice.
            models.UniqueConstraint(
                fields=["kind", "object_id", "threshold", "recipient"],
                name="reminder_once_per_event_and_recipient",
                violation_error_message="ส่งการแจ้งเตือนนี้ถึงผู้รับนี้แล้ว",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.threshold_label} ถึง {self.recipient}"

    @property
    def threshold_label(self):
        if self.threshold == "overdue":
            return "เลยกำหนด"
        if self.threshold.isdecimal():
            return f"อีก {self.threshold} วัน"
        return f"สัปดาห์ {self.threshold}"
