import logging
import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe
from kombu.exceptions import OperationalError

from measures import roles
from measures.models import Agency
from reports import cache, document, docx, stamps, tasks
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR

logger = logging.getLogger(__name__)


def agency_for(user, slug, fiscal_year):
    """The agency whose report the user asked for, if the user may read it: a superuser may
    read every agency's, a staff member with a role only their own. Others get a 404, which does not
    tell them whether the agency exists. So does a year that cannot be a BE fiscal year
    (2025 would print an official report headed พ.ศ.๒๐๒๕)."""
    if not roles.may_have_role(user) or not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
        raise Http404
    agency = Agency.objects.readable_by(user, slug)
    if agency is None:
        raise Http404
    return agency


# A report page renders in well under a second, even with hundreds of measures.
PAGE_WAIT_SECONDS = 5


@login_required
def report(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    # Read before the data, so that a page stored under it is never older than it.
    stamp = stamps.current(agency)
    nonce = str(request.csp_nonce)

    def render_page():
        context = document.context(agency, fiscal_year)
        context["show_toolbar"] = True
        page = render_to_string(document.TEMPLATE, context, request)
        # A page that used the CSRF token carries this visitor's token: never shared.
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.remember_page(agency, fiscal_year, stamp, page, nonce)
        return page

    def remembered():
        return cache.remembered_page(agency, fiscal_year, stamp, nonce)

    name = cache.state_name("page", agency, fiscal_year, stamp)
    return HttpResponse(cache.once(name, PAGE_WAIT_SECONDS, render_page, remembered))


def revalidated(response, content_key):
    """The ETag names the content state; the browser keeps the file for this user only and
    asks each time whether it is still current (a 304 when it is)."""
    response["ETag"] = f'"{content_key}"'
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_safe
def report_pdf(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    # Read before the data, so that a content key stored under it is never older than it.
    stamp = stamps.current(agency)
    content_key = cache.remembered_key(agency, fiscal_year, stamp)
    if content_key is not None:
        # Unchanged since it was rendered: the answer needs no HTML, unless the file is gone.
        not_modified = get_conditional_response(request, etag=f'"{content_key}"')
        if not_modified is not None:
            return revalidated(not_modified, content_key)
        pdf = cache.read(agency, fiscal_year, content_key)
        if pdf is not None:
            return pdf_response(agency, fiscal_year, pdf, content_key)
    # Without the request: the PDF must not depend on who asked (nor on the CSP nonce).
    html = document.render_html(agency, fiscal_year)
    content_key = cache.key(html)
    cache.remember_key(agency, fiscal_year, stamp, content_key)
    not_modified = get_conditional_response(request, etag=f'"{content_key}"')
    if not_modified is not None:
        return revalidated(not_modified, content_key)
    pdf = cache.read(agency, fiscal_year, content_key)
    if pdf is None and cache.is_large(agency, fiscal_year):
        try:
            tasks.queue(agency, fiscal_year, html, content_key)
        except OperationalError:
            logger.warning("The broker refused a report render; rendering in the request")
        else:
            return redirect("reports:pdf_progress", agency.slug, fiscal_year, content_key)
    if pdf is None:
        try:
            pdf = cache.pdf_for(agency, fiscal_year, html, content_key)
        except document.ReportTooLarge as refusal:
            # 422: the request is fine, but this report cannot be made into a PDF in one render.
            page = {"agency": agency, "fiscal_year": fiscal_year, "message": str(refusal)}
            return render(request, "reports/pdf_refused.html", page, status=422)
    return pdf_response(agency, fiscal_year, pdf, content_key)


def pdf_response(agency, fiscal_year, pdf, content_key):
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{document.filename(agency, fiscal_year)}"'
    )
    return revalidated(response, content_key)


@login_required
def report_docx(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    response = HttpResponse(docx.render_docx(agency, fiscal_year), content_type=docx.CONTENT_TYPE)
    name = document.filename(agency, fiscal_year, "docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


STATE_LABELS = {
    "ready": "ไฟล์ PDF พร้อมแล้ว",
    cache.QUEUED: "รอคิวสร้างไฟล์ PDF",
    cache.RENDERING: "กำลังสร้างไฟล์ PDF",
    cache.FAILED: "สร้างไฟล์ PDF ไม่ได้",
    "unknown": "ไม่พบงานสร้างไฟล์ PDF นี้ รายงานอาจมีการแก้ไขแล้ว กรุณาดาวน์โหลดใหม่",
}


def render_state(request, slug, fiscal_year, content_key):
    agency = agency_for(request.user, slug, fiscal_year)
    if not re.fullmatch("[0-9a-f]{64}", content_key):
        raise Http404
    state = cache.state(agency, fiscal_year, content_key)
    return agency, {
        **state,
        "label": STATE_LABELS[state["state"]],
        "pdf_url": reverse("reports:report_pdf", args=[agency.slug, fiscal_year]),
    }


@login_required
@require_safe
def pdf_progress(request, slug, fiscal_year, content_key):
    """The page a large report's download leads to while a worker renders it; it reloads
    itself (a meta refresh: no script needed) until the PDF is ready, then downloads it."""
    agency, state = render_state(request, slug, fiscal_year, content_key)
    page = {"agency": agency, "fiscal_year": fiscal_year, **state}
    page["waiting"] = state["state"] in (cache.QUEUED, cache.RENDERING)
    return render(request, "reports/pdf_progress.html", page)


@login_required
@require_safe
def pdf_status(request, slug, fiscal_year, content_key):
    """The same state as JSON, for programs that wait for the file."""
    _, state = render_state(request, slug, fiscal_year, content_key)
    return JsonResponse(state, json_dumps_params={"ensure_ascii": False})
