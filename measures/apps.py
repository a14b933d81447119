from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from simple_history.signals import pre_create_historical_record


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = "ทะเบียนมาตรการ"

    def ready(self):
        from measures import thai_names
        from measures.attribution import attribute
        from measures.roles import ensure_role_groups
        from measures.triggers import (
            install_closed_year_triggers,
            install_register_triggers,
            remove_closed_year_triggers,
            remove_register_triggers,
        )

        # Runs after each app's permissions exist, so groups can refer to any app's models.
        post_migrate.connect(ensure_role_groups, dispatch_uid="measures.ensure_role_groups")
        # Names who and why for changes made outside a request (import, copy action).
        pre_create_historical_record.connect(attribute, dispatch_uid="measures.attribute")
        # SQLite only (see measures/triggers.py): once per migrate, not once per app.
        pre_migrate.connect(remove_register_triggers, sender=self)
        post_migrate.connect(install_register_triggers, sender=self)
        pre_migrate.connect(remove_closed_year_triggers, sender=self)
        post_migrate.connect(install_closed_year_triggers, sender=self)
        # English names Django and its add-ons give that no catalog translates.
        thai_names.link_model_names()
        thai_names.history_model_names()
        thai_names.use_thai_boolean_icons()
        thai_names.login_record_names()
        post_migrate.connect(thai_names.name_permissions, dispatch_uid="measures.name_permissions")
