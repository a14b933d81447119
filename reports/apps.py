from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "รายงาน"

    def ready(self):
        from reports.stamps import install_stamp_triggers, remove_stamp_triggers

        # SQLite only (see measures/triggers.py): once per migrate, not once per app.
        pre_migrate.connect(remove_stamp_triggers, sender=self)
        post_migrate.connect(install_stamp_triggers, sender=self)
