"""Which reminders are due on a day, and sending each once.

A measure's or step's end date reminds its divisions' staff 30, 7 and 1 days before and once
it has passed; a missed day sends the nearest threshold still ahead, never an older one. Each
coordinator gets one summary a week. A Reminder row per message makes a second run a no-op.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from measures import roles
from measures.models import Agency, ClosedYear, Measure, Step
from thai import calendar
from work import board
from work.models import Reminder

THRESHOLDS = (1, 7, 30)
OVERDUE = "overdue"


def threshold_on(end_on, today):
    """ "1", "7" or "30" (the nearest ahead), "overdue" after the end, None if far off."""
    days = (end_on - today).days
    if days < 0:
        return OVERDUE
    for threshold in THRESHOLDS:
        if days <= threshold:
            return str(threshold)
    return None


@dataclass
class Due:
    kind: str
    object_id: int
    threshold: str
    recipients: list
    subject: str
    body: str
    context: dict = field(default_factory=dict)


def recipients_of(measure, staff):
    """Staff of the measure's agency in its divisions (any division if every division's)."""
    divisions = {division.pk for division in measure.responsible_divisions.all()}
    return [
        user
        for user in staff
        if user.profile.agency_id == measure.agency_id
        and (measure.is_every_division or user.profile.division_id in divisions)
    ]


def reachable_staff():
    """Active staff with a role, an email address and reminders on."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            is_staff=True,
            profile__receives_reminders=True,
            groups__name__in=roles.ROLE_PERMISSIONS,
        )
        .exclude(email="")
        .select_related("profile")
        .prefetch_related("groups")
        .distinct()
        .order_by("pk")
    )


def open_measures(today):
    """Measures not done, of agencies in use, of this fiscal year or the last (older ones
    would flood everyone on the first run), outside published years."""
    closed = ClosedYear.objects.values_list("agency_id", "fiscal_year")
    measures = (
        Measure.objects.exclude(status=Measure.Status.DONE)
        .filter(agency__is_active=True, fiscal_year__gte=calendar.fiscal_year(today) - 1)
        .select_related("agency")
        .prefetch_related("responsible_divisions")
    )
    for agency_id, year in closed:
        measures = measures.exclude(agency_id=agency_id, fiscal_year=year)
    return measures


def written_date(day):
    """ "15 กรกฎาคม 2568": mail is working text, in the same digits as the rest of it."""
    return calendar.to_arabic_digits(calendar.long_date(day))


def when_text(threshold, end_on):
    if threshold == OVERDUE:
        return f"เลยกำหนดแล้ว (กำหนดสิ้นสุด {written_date(end_on)})"
    return f"อีก {threshold} วันจะครบกำหนด ({written_date(end_on)})"


def due_on(today, staff):
    """Every reminder that is due on `today`, before looking at what was already sent."""
    due = []
    measures = list(open_measures(today).filter(ended_on__isnull=False))
    for measure in measures:
        threshold = threshold_on(measure.ended_on, today)
        if threshold is None:
            continue
        context = {"measure": measure, "when": when_text(threshold, measure.ended_on)}
        due.append(
            Due(
                Reminder.Kind.MEASURE,
                measure.pk,
                threshold,
                recipients_of(measure, staff),
                f"[ITA] มาตรการลำดับที่ {measure.number} {context['when']}",
                "work/email/measure.txt",
                context,
            )
        )
    steps = (
        Step.objects.filter(
            measure__in=open_measures(today), planned_end_on__isnull=False, done_on__isnull=True
        )
        .select_related("measure__agency")
        .prefetch_related("measure__responsible_divisions")
    )
    for step in steps:
        threshold = threshold_on(step.planned_end_on, today)
        if threshold is None:
            continue
        context = {
            "step": step,
            "measure": step.measure,
            "when": when_text(threshold, step.planned_end_on),
        }
        due.append(
            Due(
                Reminder.Kind.STEP,
                step.pk,
                threshold,
                recipients_of(step.measure, staff),
                f"[ITA] ขั้นตอนที่ {step.position} ของมาตรการลำดับที่ {step.measure.number} "
                f"{context['when']}",
                "work/email/step.txt",
                context,
            )
        )
    due += weekly_summaries(today, staff)
    return due


def week_of(today):
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def weekly_summaries(today, staff):
    """One summary a week (the first run of the week sends it) to each agency's coordinators."""
    coordinators = [user for user in staff if roles.is_coordinator(user)]
    due = []
    for agency in Agency.objects.filter(
        is_active=True, pk__in={u.profile.agency_id for u in coordinators}
    ):
        in_agency = Measure.objects.filter(agency=agency)
        fiscal_year = in_agency.fiscal_year_to_show()
        measures = list(board.with_work_details(in_agency.filter(fiscal_year=fiscal_year)))
        if not measures:
            continue
        now = timezone.now()
        groups = board.grouped(measures, today)
        context = {
            "agency": agency,
            "fiscal_year": fiscal_year,
            "today": written_date(today),
            "groups": groups,
            "divisions": board.division_states(agency, measures, today, now, board.IDLE_DAYS),
            "idle_days": board.IDLE_DAYS,
            "site_url": site_url(),
        }
        due.append(
            Due(
                Reminder.Kind.WEEKLY,
                agency.pk,
                week_of(today),
                [u for u in coordinators if u.profile.agency_id == agency.pk],
                f"[ITA] สรุปความคืบหน้ามาตรการประจำสัปดาห์ {agency.name} ({written_date(today)})",
                "work/email/weekly.txt",
                context,
            )
        )
    return due


def send_due(today=None, dry_run=False):
    """Send what is due and not yet sent; returns [(Due, user)] of what was (or would be) sent."""
    today = today or timezone.localdate()
    sent = []
    staff = reachable_staff()
    for due in due_on(today, staff):
        for user in due.recipients:
            key = {
                "kind": due.kind,
                "object_id": due.object_id,
                "threshold": due.threshold,
                "recipient": user,
            }
            if dry_run:
                if not Reminder.objects.filter(**key).exists():
                    sent.append((due, user))
                continue
            # The row and the mail together: a failed send leaves no row, so the next run retries.
            with transaction.atomic():
                _, created = Reminder.objects.get_or_create(
                    **key, defaults={"email": user.email, "subject": due.subject[:250]}
                )
                if not created:
                    continue
                body = render_to_string(
                    due.body, {**due.context, "user": user, "site_url": site_url()}
                )
                send_mail(due.subject, body, None, [user.email])
            sent.append((due, user))
    return sent


def site_url():
    """Where the links in an email lead: SITE_URL, else the demo's own address."""
    return settings.SITE_URL or "http://127.0.0.1:8000"
