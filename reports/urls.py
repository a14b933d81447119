from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("<slug:slug>/<int:fiscal_year>/", views.report, name="report"),
    path("<slug:slug>/<int:fiscal_year>/pdf/", views.report_pdf, name="report_pdf"),
    path("<slug:slug>/<int:fiscal_year>/docx/", views.report_docx, name="report_docx"),
    path(
        "<slug:slug>/<int:fiscal_year>/pdf/<slug:content_key>/",
        views.pdf_progress,
        name="pdf_progress",
    ),
    path(
        "<slug:slug>/<int:fiscal_year>/pdf/<slug:content_key>/status/",
        views.pdf_status,
        name="pdf_status",
    ),
]
