"""Publishing renders the report's PDF, so it runs in a Celery worker (in-process, eagerly,
without REDIS_URL); the workflow page shows that it is under way and reloads itself."""

from celery import shared_task
from django.contrib.auth.models import User
from django.core.cache import cache

from measures.models import Agency
from publication.models import NotAllowed, ReportState

PUBLISH = ReportState.Action.PUBLISH
QUEUED, RENDERING, FAILED = "queued", "rendering", "failed"
LABELS = {
    QUEUED: "รอคิวเผยแพร่: ระบบจะสร้างไฟล์ PDF ฉบับเผยแพร่เบื้องหลัง",
    RENDERING: "กำลังเผยแพร่: กำลังสร้างไฟล์ PDF ฉบับเผยแพร่",
}
GAVE_UP = "เผยแพร่ไม่สำเร็จหลังจากลองหลายครั้ง กรุณากดเผยแพร่อีกครั้งภายหลัง"


def state_key(agency_id, fiscal_year):
    return f"publishing:{agency_id}:{fiscal_year}"


def progress(report):
    """{"state": ..., "message": ...} of a publication under way or just refused, or None."""
    return cache.get(state_key(report.agency_id, report.fiscal_year))


def set_progress(agency_id, fiscal_year, state, message=""):
    cache.set(state_key(agency_id, fiscal_year), {"state": state, "message": message}, 24 * 3600)


def forget(agency_id, fiscal_year):
    cache.delete(state_key(agency_id, fiscal_year))


def publish_count(report):
    return report.events.filter(action=PUBLISH).count() if report.pk else 0


# Acknowledged late (settings): a worker that dies mid-render rolls the transaction back and
# leaves the task to another worker. One that dies after the commit, before acknowledging,
# finds the publication made (one more publish event than when queued) and stops there.
@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(NotAllowed,),
    max_retries=3,
    retry_backoff=True,
)
def publish_report(task, agency_id, fiscal_year, user_id, publishes_before):
    report = ReportState.for_year(Agency.objects.get(pk=agency_id), fiscal_year)
    if publish_count(report) > publishes_before:
        forget(agency_id, fiscal_year)
        return
    set_progress(agency_id, fiscal_year, RENDERING)
    try:
        report.apply(User.objects.get(pk=user_id), PUBLISH)
    except NotAllowed as refusal:
        set_progress(agency_id, fiscal_year, FAILED, str(refusal))
        return
    except Exception:
        if task.request.retries >= task.max_retries:
            set_progress(agency_id, fiscal_year, FAILED, GAVE_UP)
        raise
    forget(agency_id, fiscal_year)


def queue(report, user):
    """Queue the publication once; a second click while it is under way adds nothing."""
    key = state_key(report.agency_id, report.fiscal_year)
    if cache.add(key, {"state": QUEUED, "message": ""}, 24 * 3600):
        try:
            publish_report.delay(
                report.agency_id, report.fiscal_year, user.pk, publish_count(report)
            )
        except Exception:
            forget(report.agency_id, report.fiscal_year)
            raise
