from django.urls import path

from publication import data_views, views

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
    # Open data of what was published, and evidence files (public once published).
    path("public/", data_views.index, name="index"),
    path("public/index.json", data_views.index_json, name="index_json"),
    path("public/<slug:slug>/<int:fiscal_year>/data.csv", data_views.latest_csv, name="csv"),
    path("public/<slug:slug>/<int:fiscal_year>/data.json", data_views.latest_json, name="json"),
    path(
        "public/<slug:slug>/<int:fiscal_year>/v<int:version>.csv",
        data_views.version_csv,
        name="version_csv",
    ),
    path(
        "public/<slug:slug>/<int:fiscal_year>/v<int:version>.json",
        data_views.version_json,
        name="version_json",
    ),
    path(
        "public/<slug:slug>/<int:fiscal_year>/evidence/<int:evidence_id>/",
        data_views.evidence,
        name="evidence",
    ),
]
