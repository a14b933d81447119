from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from rangsit_ita.views import healthz
from work import views as work_views

# The admin's "view site" link leads to the executives' dashboard, the one page outside it.
admin.site.site_url = "/dashboard/"

# Password reset by email, in the admin's look and Thai. The name "admin_password_reset" is
# what makes the admin's login page show its "forgotten your login" link.
in_the_admins_look = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}
password_reset = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(extra_context=in_the_admins_look),
        name="admin_password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=in_the_admins_look),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=in_the_admins_look),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=in_the_admins_look),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", RedirectView.as_view(url="/dashboard/", permanent=False)),
    path("healthz", healthz, name="healthz"),
    # A division officer lands on their own work after logging in (work.views.login).
    path("admin/login/", work_views.login, name="login"),
    path("admin/", admin.site.urls),
    path("accounts/", include(password_reset)),
    path("", include("publication.urls")),
    path("reports/", include("reports.urls")),
    path("dashboard/", include("ita.urls")),
    path("my/", include("work.urls")),
]
