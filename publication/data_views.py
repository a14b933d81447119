"""Public open data of published reports (CSV, JSON, the installation's index) and the
evidence files: public once a published version lists them, else for the agency's staff."""

import hashlib
import io
import json
import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from measures.models import EvidenceFile
from publication import open_data
from publication.models import PublishedReport
from reports.views import agency_for

logger = logging.getLogger(__name__)

NO_DATA = "ฉบับนี้เผยแพร่ก่อนระบบมีข้อมูลเปิด จึงมีเฉพาะไฟล์ PDF"


def published(slug, fiscal_year):
    reports = PublishedReport.objects.filter(agency__slug=slug, fiscal_year=fiscal_year)
    return reports.select_related("agency")


def version_or_404(slug, fiscal_year, version=None):
    reports = published(slug, fiscal_year).order_by("-version")
    report = get_object_or_404(reports, version=version) if version else reports.first()
    if report is None:
        raise Http404("ไม่พบรายงานที่เผยแพร่ของปีงบประมาณนี้")
    if report.data is None:
        raise Http404(NO_DATA)
    return report


def csv_response(report, request):
    content = open_data.as_csv(report, request)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"ita-report-{report.agency.slug}-{report.fiscal_year}-v{report.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def json_response(text):
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def latest_csv(request, slug, fiscal_year):
    return csv_response(version_or_404(slug, fiscal_year), request)


@require_safe
def latest_json(request, slug, fiscal_year):
    return json_response(open_data.as_json(version_or_404(slug, fiscal_year), request))


@require_safe
def version_csv(request, slug, fiscal_year, version):
    return csv_response(version_or_404(slug, fiscal_year, version), request)


@require_safe
def version_json(request, slug, fiscal_year, version):
    return json_response(open_data.as_json(version_or_404(slug, fiscal_year, version), request))


def index_rows(request):
    """Every published version of the installation, newest year first, latest version first."""
    reports = PublishedReport.objects.select_related("agency").order_by(
        "agency__name", "-fiscal_year", "-version"
    )
    rows, seen = [], set()
    for report in reports:
        key = (report.agency_id, report.fiscal_year)
        rows.append(
            {
                "agency_slug": report.agency.slug,
                "agency_name": report.agency.name,
                "fiscal_year": report.fiscal_year,
                "version": report.version,
                "is_latest": key not in seen,
                "published_at": report.published_at.isoformat(),
                "pdf_sha256": report.sha256,
                **open_data.addresses(report, request),
                "report": report,
            }
        )
        seen.add(key)
    return rows


@require_safe
def index(request):
    context = {"rows": index_rows(request), "fields": open_data.FIELDS}
    return render(request, "publication/public_index.html", context)


@require_safe
def index_json(request):
    rows = [{k: v for k, v in row.items() if k != "report"} for row in index_rows(request)]
    data = {"schema": open_data.schema(), "reports": rows}
    return json_response(json.dumps(data, ensure_ascii=False, indent=2))


def download(opened, name, content_type):
    response = FileResponse(opened, as_attachment=True, filename=name, content_type=content_type)
    # Never shown in the browser as a page, whatever the content claims to be.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_safe
def evidence(request, slug, fiscal_year, evidence_id):
    """An evidence file: to anyone once a published version of the year lists it (the file as
    published, checked against its SHA-256), else to the agency's staff (any role)."""
    entry = open_data.published_evidence(published(slug, fiscal_year), evidence_id)
    if entry is not None:
        with default_storage.open(entry["stored_as"], "rb") as file:
            content = file.read()
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            logger.error("Stored evidence file %s does not match its SHA-256", entry["stored_as"])
            return HttpResponse(
                "ไฟล์ที่เก็บไว้ไม่ตรงกับค่า SHA-256 ที่บันทึกเมื่อเผยแพร่ กรุณาแจ้งหน่วยงาน",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        return download(io.BytesIO(content), entry["name"], entry["content_type"])
    # Not published: only staff of the agency, who read the register, may have it.
    agency = agency_for(request.user, slug, fiscal_year)
    found = get_object_or_404(
        EvidenceFile.objects.filter(
            result__measure__agency=agency, result__measure__fiscal_year=fiscal_year
        ),
        pk=evidence_id,
    )
    return download(found.file.open("rb"), found.name, found.content_type)
