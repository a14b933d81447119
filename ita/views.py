from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tables2 import RequestConfig

from ita import dashboard as board
from measures import roles
from measures.models import BE_YEAR_VALIDATORS, Agency, Measure, agency_id_of
from rangsit_ita.replica import reads_from_replica
from thai import calendar


@login_required
@reads_from_replica  # inside login_required: the session is read from the primary
def dashboard(request):
    """Where the agency stands on ITA and how this year's measures are doing. Read-only."""
    agency, agencies = chosen_agency(request)
    today = timezone.localdate()
    measures = Measure.objects.filter(agency=agency)
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
    }
    response = render(request, "ita/dashboard.html", context)
    # One kind of digit on the page, as in the report: every digit a reader sees is Thai, while
    # links, ids and chart coordinates inside the markup keep theirs.
    response.content = calendar.to_thai_digits_in_html(response.content.decode())
    return response


def chosen_agency(request):
    """A superuser may look at any agency (?agency=slug); staff see their own only."""
    if not roles.has_role(request.user):
        raise PermissionDenied("บัญชีนี้ยังไม่ได้รับบทบาท โปรดติดต่อผู้ประสานงานของหน่วยงาน")
    if request.user.is_superuser:
        agencies = list(Agency.objects.all())
        if not agencies:
            raise PermissionDenied("ยังไม่มีหน่วยงาน")
        slug = request.GET.get("agency")
        if slug:
            return get_object_or_404(Agency, slug=slug), agencies
        return agencies[0], agencies
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
