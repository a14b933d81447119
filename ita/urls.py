from django.urls import path

from ita import views

app_name = "ita"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("oit/", views.oit_latest, name="oit_latest"),
    path("oit/<int:year_be>/", views.oit_index, name="oit_index"),
    path("oit/<int:year_be>/oit.csv", views.oit_index_csv, name="oit_index_csv"),
]
