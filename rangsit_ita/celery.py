"""The Celery application: background PDF renders and scheduled reminders.

Settings come from Django's, under the CELERY_ prefix; tasks are found in each app's
tasks.py. `make worker` starts a worker with the beat scheduler.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangsit_ita.settings")

app = Celery("rangsit_ita")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
