"""The staff roles, as auth groups whose permissions are kept up to date after every migrate.

Superusers are the administrators; everyone else gets exactly one of these groups.
"""

from django.contrib.auth.models import Group, Permission

COORDINATOR = "ผู้ประสานงาน (กองยุทธศาสตร์ฯ)"
DIVISION_OFFICER = "เจ้าหน้าที่สำนัก/กอง"
EXECUTIVE = "ผู้บริหาร"

EVERY_ACTION = ("add", "change", "delete", "view")
REGISTER = ["measures.measure", "measures.step", "measures.result"]
# ITA reference data (years, levels, indicators) is shared by every agency: only superusers
# edit it, since one agency's change would rewrite every agency's levels and report wording.
ITA_REFERENCE = ["ita.assessmentyear", "ita.level", "ita.indicator"]
# An agency's own scores (kept to the agency by AgencyScopedAdmin).
ITA_SCORES = ["ita.agencyscore", "ita.indicatorscore"]
ITA = ITA_REFERENCE + ITA_SCORES
SIGNATURES = ["reports.reportsignature"]


def permissions(models, actions):
    return [
        f"{app}.{action}_{model}"
        for app, model in (m.split(".") for m in models)
        for action in actions
    ]


ROLE_PERMISSIONS = {
    # Reviews everything, enters the ITA scores and the report's signatures, and keeps the
    # agency's staff accounts (StaffAdmin narrows these to the agency and the three roles).
    # No delete_user: an account that recorded history is deactivated, never removed.
    COORDINATOR: permissions(
        REGISTER + ["measures.division"] + ITA_SCORES + SIGNATURES, EVERY_ACTION
    )
    + permissions(ITA_REFERENCE, ["view"])
    + permissions(["measures.agency"], ["view", "change"])
    + permissions(["auth.user"], ["add", "change", "view"])
    # The reminders sent to the agency's staff (work.Reminder), read-only.
    + permissions(["work.reminder"], ["view"]),
    # Enters the division's measures, steps and results (Measure.is_editable_by narrows
    # change to the division's own measures); reads the rest of the agency's.
    DIVISION_OFFICER: permissions(REGISTER, ["add", "change", "view"])
    + permissions(["measures.step", "measures.result"], ["delete"])
    + permissions(["measures.division"] + ITA + SIGNATURES, ["view"]),
    # Reads everything.
    EXECUTIVE: permissions(
        REGISTER + ["measures.division", "measures.agency"] + ITA + SIGNATURES, ["view"]
    ),
}


def role_names(user):
    """The names of the role groups the user belongs to, read once per user object."""
    if not hasattr(user, "_role_names"):
        user._role_names = (
            set(user.groups.filter(name__in=ROLE_PERMISSIONS).values_list("name", flat=True))
            if user.is_authenticated
            else set()
        )
    return user._role_names


def may_have_role(user):
    """The part of has_role that needs no query: an active administrator, or active staff."""
    return user.is_active and (user.is_superuser or user.is_staff)


def has_role(user):
    """Whether the user may use the register at all: an administrator, or active staff with
    one of the roles. A staff account without a role sees nothing."""
    return may_have_role(user) and (user.is_superuser or bool(role_names(user)))


def is_coordinator(user):
    return not user.is_superuser and COORDINATOR in role_names(user)


def is_division_officer(user):
    """Whether the user's changes are held to their own division's measures. A user who is
    also a coordinator (or an administrator) is not held."""
    if user.is_superuser or COORDINATOR in role_names(user):
        return False
    return DIVISION_OFFICER in role_names(user)


def ensure_role_groups(**kwargs):
    """Create the role groups and give them exactly their permissions (a post_migrate hook)."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            permission
            for code in codes
            for permission in Permission.objects.filter(
                content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
            )
        )
