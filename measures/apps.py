from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "ทะเบียนมาตรการ"

    def ready(self):
        from measures.roles import ensure_role_groups

        # Runs after each app's permissions exist, so groups can refer to any app's models.
        post_migrate.connect(ensure_role_groups, dispatch_uid="measures.ensure_role_groups")
