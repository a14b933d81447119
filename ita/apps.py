from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class ItaConfig(AppConfig):
    name = "ita"
    verbose_name = "ผลการประเมิน ITA"

    def ready(self):
        from ita.triggers import install_score_triggers, remove_score_triggers

        # SQLite only (see measures/triggers.py): once per migrate, not once per app.
        pre_migrate.connect(remove_score_triggers, sender=self)
        post_migrate.connect(install_score_triggers, sender=self)
