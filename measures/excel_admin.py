"""The measure list's Excel buttons: export a year's register, and import one back after a
preview that says row by row what will be created, changed or refused."""

import base64
import binascii
import hashlib

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path

from measures import excel, excel_import, roles
from measures.models import Agency
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RegisterExcel:
    """Mixed into MeasureAdmin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "excel/import/",
                view(self.import_excel_view),
                name="measures_measure_import_excel",
            ),
            path(
                "excel/<slug:slug>/<int:fiscal_year>/",
                view(self.export_excel_view),
                name="measures_measure_export_excel",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_excel": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_excel_view(self, request, slug, fiscal_year):
        if not (roles.has_role(request.user) and self.has_view_permission(request)):
            raise PermissionDenied
        if not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
            raise Http404
        agency = Agency.objects.for_user(request.user).filter(slug=slug).first()
        if agency is None:
            raise Http404
        response = HttpResponse(excel.export_workbook(agency, fiscal_year), content_type=XLSX)
        name = excel.filename(agency, fiscal_year)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def import_excel_view(self, request):
        if not (roles.has_role(request.user) and self.has_change_permission(request)):
            raise PermissionDenied
        page = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "นำเข้าทะเบียนมาตรการจากไฟล์ Excel",
            "max_megabytes": excel.MAX_FILE_BYTES // 1_000_000,
        }
        template = "admin/measures/measure/import_excel.html"
        if request.method != "POST":
            return render(request, template, page)
        data, name, refusal = posted_file(request)
        if refusal:
            return render(request, template, {**page, "refusal": refusal})
        preview = excel_import.import_workbook(data, request.user, dry_run=True, source=name)
        page |= {
            "result": preview,
            "file_name": name,
            "file_data": base64.b64encode(data).decode("ascii"),
            "digest": digest(preview),
        }
        if "confirm" not in request.POST or preview.problems or not preview.has_changes:
            return render(request, template, page)
        if request.POST.get("digest") != page["digest"]:
            page["changed_meanwhile"] = True
            return render(request, template, page)
        result = excel_import.import_workbook(data, request.user, source=name)
        return render(request, template, {**page, "result": result, "done": True})


def posted_file(request):
    """(bytes, name, None), or (None, "", a Thai refusal)."""
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > excel.MAX_FILE_BYTES:
            return None, "", f"ไฟล์ใหญ่เกิน {excel.MAX_FILE_BYTES // 1_000_000} MB"
        return upload.read(), upload.name, None
    # The confirmation sends the previewed file back: it is checked again in full.
    try:
        data = base64.b64decode(request.POST.get("file_data", ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        return None, "", "กรุณาเลือกไฟล์ .xlsx ที่ส่งออกจากระบบ"
    return data, request.POST.get("file_name", "")[:100], None


def digest(result):
    """What the preview showed: confirming applies only that, not what changed since."""
    return hashlib.sha256("\n".join(result.lines()).encode()).hexdigest()
