from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django_tables2 import RequestConfig

from ita import dashboard as board
from measures.models import Agency, agency_id_of
from thai import calendar


@login_required
def dashboard(request):
    """Where the agency stands on ITA and how this year's measures are doing. Read-only."""
    agency, agencies = chosen_agency(request)
    today = timezone.localdate()
    measure_years = board.fiscal_years_on_record(agency)
    fiscal_year = chosen_fiscal_year(request, measure_years, calendar.fiscal_year(today))
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
    return render(request, "ita/dashboard.html", context)


def chosen_agency(request):
    """A superuser may look at any agency (?agency=slug); staff see their own only."""
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


def chosen_fiscal_year(request, measure_years, current):
    """?year=2568 if asked; otherwise this fiscal year, or the latest earlier one with measures
    while this year has none yet (early October, or a register not yet rolled over)."""
    try:
        asked = int(calendar.to_arabic_digits(request.GET["year"]))
    except (KeyError, ValueError):
        asked = None
    if asked and calendar.LOWEST_BE_YEAR <= asked <= 2700:
        return asked
    if current in measure_years:
        return current
    return max((year for year in measure_years if year < current), default=current)
