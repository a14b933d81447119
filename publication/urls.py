from django.urls import path

from publication import views

app_name = "publication"

# These public addresses are what an agency gives the ITA assessors: keep them as they are.
urlpatterns = [
    path("reports/<slug:slug>/<int:fiscal_year>/workflow/", views.workflow, name="workflow"),
    path("public/<slug:slug>/", views.agency_reports, name="agency"),
    path("public/<slug:slug>/<int:fiscal_year>/", views.year_report, name="year"),
    path(
        "public/<slug:slug>/<int:fiscal_year>/v<int:version>.pdf",
        views.version_pdf,
        name="pdf",
    ),
    path(
        "public/<slug:slug>/<int:fiscal_year>/v<int:version>.html",
        views.version_html,
        name="html",
    ),
]
