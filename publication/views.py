"""The report's workflow page for its agency's staff, and the public pages of what it
published, which need no login and show nothing unpublished."""

import base64
import hashlib
import logging
from itertools import groupby

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_safe

from publication import tasks
from publication.models import NotAllowed, PublishedReport, ReportState
from rangsit_ita.replica import reads_from_replica
from reports.views import agency_for

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def workflow(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    report = ReportState.for_year(agency, fiscal_year)
    refusal, comment, status = None, "", 200
    if request.method == "POST":
        action, comment = request.POST.get("action", ""), request.POST.get("comment", "")
        try:
            if action == ReportState.Action.PUBLISH:
                publish(request, report)
            else:
                event = report.apply(request.user, action, comment)
                messages.success(request, f"{event.get_action_display()}แล้ว")
        except NotAllowed as refused:
            # Shown above the form, which keeps what the person typed.
            refusal, status = str(refused), 403
        else:
            return redirect("publication:workflow", agency.slug, fiscal_year)
    publishing = tasks.progress(report)
    if publishing and publishing["state"] == tasks.FAILED:
        # A background publication was refused (the report changed after approval...).
        refusal = refusal or publishing["message"]
        tasks.forget(agency.pk, fiscal_year)
        publishing = None
    context = {
        "agency": agency,
        "fiscal_year": fiscal_year,
        "report": report,
        "actions": [
            ReportState.Action(a)
            for a in report.allowed_actions(request.user)
            # One publication at a time: no second button while a worker publishes.
            if not (publishing and a == ReportState.Action.PUBLISH)
        ],
        "events": report.events.select_related("actor", "published") if report.pk else [],
        "versions": PublishedReport.objects.filter(agency=agency, fiscal_year=fiscal_year)
        .select_related("agency", "approved_by", "published_by")
        .order_by("-version"),
        "refusal": refusal,
        "comment": comment,
        "publishing": publishing and tasks.LABELS[publishing["state"]],
    }
    return render(request, "publication/workflow.html", context, status=status)


def publish(request, report):
    """Publishing renders the PDF, so a worker does it; without Redis it is done by the time
    the task is queued. Raises NotAllowed when refused."""
    message = report.refusal(request.user, ReportState.Action.PUBLISH)
    if message:
        raise NotAllowed(message)
    tasks.queue(report, request.user)
    outcome = tasks.progress(report)
    if outcome is None:
        messages.success(request, "เผยแพร่แล้ว")
    elif outcome["state"] == tasks.FAILED:
        tasks.forget(report.agency_id, report.fiscal_year)
        raise NotAllowed(outcome["message"])


def published(slug, **filters):
    return PublishedReport.objects.filter(agency__slug=slug, **filters).select_related("agency")


@require_safe
@reads_from_replica
def agency_reports(request, slug):
    reports = list(published(slug).order_by("-fiscal_year", "-version"))
    if not reports:
        raise Http404("ไม่พบรายงานที่เผยแพร่ของหน่วยงานนี้")
    years = [(year, list(rows)) for year, rows in groupby(reports, lambda r: r.fiscal_year)]
    return render(
        request, "publication/public_agency.html", {"agency": reports[0].agency, "years": years}
    )


@require_safe
@reads_from_replica
def year_report(request, slug, fiscal_year):
    versions = list(published(slug, fiscal_year=fiscal_year).order_by("-version"))
    if not versions:
        raise Http404("ไม่พบรายงานที่เผยแพร่ของปีงบประมาณนี้")
    context = {"agency": versions[0].agency, "latest": versions[0], "versions": versions}
    return render(request, "publication/public_year.html", context)


@require_safe
@reads_from_replica
def version_pdf(request, slug, fiscal_year, version):
    report = get_object_or_404(published(slug, fiscal_year=fiscal_year, version=version))
    content = report.read_pdf()
    digest = hashlib.sha256(content).digest()
    if digest.hex() != report.sha256:
        # Never hand out a file that is not the one published; the staff must restore it.
        logger.error("Stored PDF of %s does not match its SHA-256", report)
        return HttpResponse(
            "ไฟล์ที่เก็บไว้ไม่ตรงกับค่า SHA-256 ที่บันทึกเมื่อเผยแพร่ กรุณาแจ้งหน่วยงาน",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.pdf_filename()}"'
    response["ETag"] = f'"{report.sha256}"'
    # RFC 9530: lets a client check the download against the published hash.
    response["Repr-Digest"] = f"sha-256=:{base64.b64encode(digest).decode()}:"
    return response


@require_safe
# A frozen, self-contained document with no script: its styles and fonts are inline, and
# the public year page shows it in a frame.
@csp_replace(
    {"style-src": [SELF, UNSAFE_INLINE], "font-src": [SELF, "data:"], "frame-ancestors": [SELF]}
)
@xframe_options_sameorigin  # the public year page shows it in a frame
@reads_from_replica
def version_html(request, slug, fiscal_year, version):
    report = get_object_or_404(published(slug, fiscal_year=fiscal_year, version=version))
    with report.html.open("rb") as file:
        return HttpResponse(file.read(), content_type="text/html; charset=utf-8")
