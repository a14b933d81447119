"""Thai names for what Django and its add-ons name in English where no translation reaches:
the tables behind many-to-many links, history tables, permission names and the admin's
yes/no icons. Set once at start-up (and after each migrate for permissions)."""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth import get_permission_codename
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html

from thai.templatetags.thai import be_datetime

ACTIONS = {"add": "เพิ่ม", "change": "แก้ไข", "delete": "ลบ", "view": "ดู"}


def link_model_names():
    """Django names the hidden table of a many-to-many field "measure-division relationship"
    and its rows "Measure_responsible_divisions object (3)"; the delete confirmation lists
    them. Name them after the field instead: "ผู้รับผิดชอบ (สำนัก/กอง) ของมาตรการ"."""
    for model in global_apps.get_models(include_auto_created=True):
        if model._meta.auto_created:
            name_link_model(model)


def name_link_model(through):
    owner = through._meta.auto_created
    field = next(f for f in owner._meta.many_to_many if f.remote_field.through is through)
    name = f"{field.verbose_name} ของ{owner._meta.verbose_name}"
    through._meta.verbose_name = name
    through._meta.verbose_name_plural = name
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.__str__ = lambda link: f"{getattr(link, source)} – {getattr(link, target)}"


def history_model_names():
    """django-simple-history names a history table "historical <name>", or after the class
    ("HistoricalMeasure_indicators") for a many-to-many field's; permissions carry the name.
    Runs after link_model_names, whose Thai names the many-to-many ones take."""
    links = {
        f"Historical{m._meta.object_name}": m
        for m in global_apps.get_models(include_auto_created=True)
        if m._meta.auto_created
    }
    for model in global_apps.get_models():
        opts = model._meta
        english = str(opts.verbose_name)
        if english.startswith("historical "):
            opts.verbose_name = f"ประวัติ{english.removeprefix('historical ')}"
        elif opts.object_name in links:
            opts.verbose_name = f"ประวัติ{links[opts.object_name]._meta.verbose_name}"
        else:
            continue
        opts.verbose_name_plural = opts.verbose_name


def login_record_names():
    """django-axes names its records of logins in English ("Access Log for x @ 2026-…")."""
    from axes.admin import AccessAttemptAdmin
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # Columns without a description, which Django labels after the method: "Status".
    AccessAttemptAdmin.status.short_description = "สถานะ"
    AccessAttemptAdmin.expiration.short_description = "หมดอายุเมื่อ"

    global_apps.get_app_config("axes").verbose_name = "การเข้าสู่ระบบ"
    AccessAttempt.__str__ = lambda row: (
        f"ความพยายามเข้าสู่ระบบของ {row.username} เมื่อ {be_datetime(row.attempt_time)}"
    )
    AccessFailureLog.__str__ = lambda row: (
        f"เข้าสู่ระบบไม่สำเร็จ: {row.username} เมื่อ {be_datetime(row.attempt_time)}"
        f" จาก {row.ip_address}{' (ถูกระงับ)' if row.locked_out else ''}"
    )
    AccessLog.__str__ = lambda row: (
        f"การเข้าสู่ระบบของ {row.username} เมื่อ {be_datetime(row.attempt_time)}"
    )


def thai_boolean_icon(value):
    """The admin's yes/no icon with a Thai text alternative (Django writes "True"/"False")."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: "ใช่", False: "ไม่ใช่", None: "ไม่ทราบ"}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def use_thai_boolean_icons():
    # Every caller (list, read-only form field) looks the function up on this module.
    admin_list._boolean_icon = thai_boolean_icon


def name_permissions(app_config, using="default", apps=global_apps, **kwargs):
    """A post_migrate hook: Django stores "Can add มาตรการ" for every model, in English
    whatever the language; the user and group admin show it. Store «เพิ่มมาตรการ» instead.
    Django never renames an existing permission, so the Thai name stays. Like Django's own
    hook, it uses the models as migrated so far (`apps`): a partial `migrate measures` may
    leave the content types table at an older shape."""
    try:
        permissions = apps.get_model("auth", "Permission").objects.using(using)
    except LookupError:
        return
    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            opts = model._meta
            for action in opts.default_permissions:
                if action not in ACTIONS:
                    continue
                name = f"{ACTIONS[action]}{opts.verbose_name}"[:255]
                permissions.filter(
                    content_type__app_label=opts.app_label,
                    content_type__model=opts.model_name,
                    codename=get_permission_codename(action, opts),
                ).exclude(name=name).update(name=name)
