from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from measures import roles
from measures.models import Agency
from reports import document, docx
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR


def agency_for(user, slug, fiscal_year):
    """The agency whose report the user asked for, if the user may read it: a superuser may
    read every agency's, a staff member with a role only their own. Others get a 404, which does not
    tell them whether the agency exists. So does a year that cannot be a BE fiscal year
    (2025 would print an official report headed พ.ศ.๒๐๒๕)."""
    if not roles.has_role(user) or not EARLIEST_BE_YEAR <= fiscal_year <= LATEST_BE_YEAR:
        raise Http404
    return get_object_or_404(Agency.objects.for_user(user), slug=slug)


@login_required
def report(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    page = document.context(agency, fiscal_year)
    page["show_toolbar"] = True
    return render(request, document.TEMPLATE, page)


@login_required
def report_pdf(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    try:
        pdf = document.render_pdf(document.render_html(agency, fiscal_year, request))
    except document.ReportTooLarge as refusal:
        # 422: the request is fine, but this report cannot be made into a PDF in one render.
        page = {"agency": agency, "fiscal_year": fiscal_year, "message": str(refusal)}
        return render(request, "reports/pdf_refused.html", page, status=422)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{document.filename(agency, fiscal_year)}"'
    )
    return response


@login_required
def report_docx(request, slug, fiscal_year):
    agency = agency_for(request.user, slug, fiscal_year)
    response = HttpResponse(docx.render_docx(agency, fiscal_year), content_type=docx.CONTENT_TYPE)
    name = document.filename(agency, fiscal_year, "docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
