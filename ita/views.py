import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tables2 import RequestConfig

from ita import dashboard as board
from ita import oit
from ita.models import AssessmentYear
from measures import roles
from measures.models import BE_YEAR_VALIDATORS, Agency, Measure, agency_id_of
from publication import open_data
from rangsit_ita.replica import reads_from_replica
from thai import calendar


@login_required
@reads_from_replica  # inside login_required: the session is read from the primary
def dashboard(request):
    """Where the agency stands on ITA and how this year's measures are doing. Read-only."""
    agency, agencies = chosen_agency(request)
    today = timezone.localdate()
    # No ordering: with the model's, SELECT DISTINCT fiscal_year returns every measure.
    measures = Measure.objects.filter(agency=agency).order_by()
    measure_years = measures.fiscal_years()
    fiscal_year = asked_fiscal_year(request) or measures.fiscal_year_to_show(measure_years)
    context = board.build(agency, fiscal_year, today)
    context["tables"] = board.division_tables(
        context["measures"], RequestConfig(request, paginate=False)
    )
    context |= {
        "agency": agency,
        "agencies": agencies,
        "fiscal_year": fiscal_year,
        "fiscal_years": sorted(measure_years | {fiscal_year}, reverse=True),
        "today": today,
        "shows_oit_index": request.user.is_superuser or roles.is_coordinator(request.user),
    }
    html = render_to_string("ita/dashboard.html", context, request)
    # One kind of digit on the page, as in the report: every digit a reader sees is Thai, while
    # links, ids and chart coordinates inside the markup keep theirs. Converted before the page
    # becomes bytes: decoding 300 KB again cost half a millisecond.
    return HttpResponse(calendar.to_thai_digits_in_html(html))


def chosen_agency(request):
    """A superuser may look at any agency (?agency=slug); staff see their own only."""
    if not roles.has_role(request.user):
        raise PermissionDenied("บัญชีนี้ยังไม่ได้รับบทบาท โปรดติดต่อผู้ประสานงานของหน่วยงาน")
    if request.user.is_superuser:
        agencies = list(Agency.objects.all())
        if not agencies:
            raise PermissionDenied("ยังไม่มีหน่วยงาน")
        slug = request.GET.get("agency")
        if not slug:
            return agencies[0], agencies
        # From the list already read for the chooser: no second query.
        for agency in agencies:
            if agency.slug == slug:
                return agency, agencies
        raise Http404("ไม่พบหน่วยงานนี้")
    agency_id = agency_id_of(request.user)
    if agency_id is None:
        raise PermissionDenied("ผู้ใช้นี้ยังไม่ได้สังกัดหน่วยงาน")
    return Agency.objects.get(pk=agency_id), []


def asked_fiscal_year(request):
    """?year=2568 (or ๒๕๖๘) when it is a year the register accepts, else None."""
    try:
        year = int(calendar.to_arabic_digits(request.GET["year"]))
        for validator in BE_YEAR_VALIDATORS:
            validator(year)
    except (KeyError, ValueError, ValidationError):
        return None
    return year


def coordinator_agency(request):
    """The OIT evidence index is the coordinator's work (and an administrator's)."""
    agency, agencies = chosen_agency(request)
    if not (request.user.is_superuser or roles.is_coordinator(request.user)):
        raise PermissionDenied("หน้านี้สำหรับผู้ประสานงานของหน่วยงานเท่านั้น")
    return agency, agencies


@login_required
def oit_latest(request):
    coordinator_agency(request)
    latest = AssessmentYear.objects.order_by("-year_be").first()
    if latest is None:
        raise Http404("ยังไม่มีปีที่ประเมิน ITA")
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(reverse("ita:oit_index", args=[latest.year_be]) + query)


@login_required
def oit_index(request, year_be):
    """Each OIT item of the year with the public addresses of its published evidence."""
    agency, agencies = coordinator_agency(request)
    assessment_year = get_object_or_404(AssessmentYear, year_be=year_be)
    context = {
        "agency": agency,
        "agencies": agencies,
        "assessment_year": assessment_year,
        "years": AssessmentYear.objects.order_by("-year_be"),
        "rows": oit.evidence_index(agency, year_be, request),
    }
    return render(request, "ita/oit_index.html", context)


@login_required
def oit_index_csv(request, year_be):
    agency, _ = coordinator_agency(request)
    get_object_or_404(AssessmentYear, year_be=year_be)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(oit.CSV_COLUMNS)
    for row in oit.csv_rows(oit.evidence_index(agency, year_be, request)):
        writer.writerow([open_data.csv_cell(value) for value in row])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = f"oit-evidence-{agency.slug}-{year_be}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
