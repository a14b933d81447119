"""Report PDFs rendered by a Celery worker (in-process, eagerly, without REDIS_URL)."""

from celery import shared_task

from measures.models import Agency
from reports import cache, document

GAVE_UP = "สร้าง PDF ไม่สำเร็จหลังจากลองหลายครั้ง กรุณาดาวน์โหลดใหม่อีกครั้งภายหลัง"


# Acknowledged late (settings): a worker that dies mid-render leaves the task on the queue for
# another. The result goes to the content-hash key, so rendering it twice does no harm.
@shared_task(
    autoretry_for=(Exception,),
    dont_autoretry_for=(document.ReportTooLarge,),
    max_retries=3,
    retry_backoff=True,
    bind=True,
)
def render_report_pdf(task, agency_id, fiscal_year, html, content_key):
    """Render the PDF of `html` (what the request saw) into the cache under `content_key`."""
    agency = Agency.objects.get(pk=agency_id)
    if cache.exists(agency, fiscal_year, content_key):
        cache.forget(agency, fiscal_year, content_key)
        return
    cache.set_state(agency, fiscal_year, content_key, cache.RENDERING)
    try:
        cache.store(agency, fiscal_year, content_key, document.render_pdf(html))
    except document.ReportTooLarge as refusal:
        cache.set_state(agency, fiscal_year, content_key, cache.FAILED, str(refusal))
        return
    except Exception:
        if task.request.retries >= task.max_retries:
            cache.set_state(agency, fiscal_year, content_key, cache.FAILED, GAVE_UP)
        raise
    cache.forget(agency, fiscal_year, content_key)


def queue(agency, fiscal_year, html, content_key):
    """Queue the render once: a second download of the same state waits for the first."""
    if cache.claim(agency, fiscal_year, content_key):
        try:
            render_report_pdf.delay(agency.pk, fiscal_year, html, content_key)
        except Exception:
            # Not queued (the broker is down): nobody may wait for it.
            cache.forget(agency, fiscal_year, content_key)
            raise
