from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

# The admin's "view site" link leads to the executives' dashboard, the one page outside it.
admin.site.site_url = "/dashboard/"

urlpatterns = [
    path("", RedirectView.as_view(url="/dashboard/", permanent=False)),
    path("admin/", admin.site.urls),
    path("", include("publication.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("ita.urls")),
]
