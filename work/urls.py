from django.urls import path

from work import views

app_name = "work"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("measures/<int:pk>/status/", views.set_status, name="set_status"),
    path("measures/<int:pk>/results/", views.add_result, name="add_result"),
    path("measures/<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("reminders/", views.reminder_preference, name="reminder_preference"),
]
