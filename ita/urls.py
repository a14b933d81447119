from django.urls import path

from ita import views

app_name = "ita"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
