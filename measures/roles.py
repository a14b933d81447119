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
    # Reviews everything, enters the ITA scores and the report's signatures.
    COORDINATOR: permissions(
        REGISTER + ["measures.division"] + ITA_SCORES + SIGNATURES, EVERY_ACTION
    )
    + permissions(ITA_REFERENCE, ["view"])
    + permissions(["measures.agency"], ["view", "change"]),
    # Enters the division's measures, steps and results.
    DIVISION_OFFICER: permissions(REGISTER, ["add", "change", "view"])
    + permissions(["measures.step", "measures.result"], ["delete"])
    + permissions(["measures.division"] + ITA + SIGNATURES, ["view"]),
    # Reads everything.
    EXECUTIVE: permissions(
        REGISTER + ["measures.division", "measures.agency"] + ITA + SIGNATURES, ["view"]
    ),
}


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
