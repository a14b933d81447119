"""The staff roles, as auth groups whose permissions are kept up to date after every migrate.

Superusers are the administrators; everyone else gets exactly one of these groups.
"""

from django.contrib.auth.models import Group, Permission

COORDINATOR = "ผู้ประสานงาน (กองยุทธศาสตร์ฯ)"
DIVISION_OFFICER = "เจ้าหน้าที่สำนัก/กอง"
EXECUTIVE = "ผู้บริหาร"

REGISTER = ["measure", "step", "result"]
# The ITA reference data (years, levels, indicators) and the agency's scores.
ITA = ["assessmentyear", "level", "indicator", "agencyscore", "indicatorscore"]

ROLE_PERMISSIONS = {
    COORDINATOR: [
        f"measures.{action}_{model}"
        for model in REGISTER + ["division"]
        for action in ("add", "change", "delete", "view")
    ]
    + ["measures.view_agency", "measures.change_agency"]
    + [f"ita.{action}_{model}" for model in ITA for action in ("add", "change", "delete", "view")],
    DIVISION_OFFICER: [
        f"measures.{action}_{model}" for model in REGISTER for action in ("add", "change", "view")
    ]
    + ["measures.delete_step", "measures.delete_result", "measures.view_division"]
    + [f"ita.view_{model}" for model in ITA],
    EXECUTIVE: [f"measures.view_{model}" for model in REGISTER + ["division", "agency"]]
    + [f"ita.view_{model}" for model in ITA],
}


def ensure_role_groups(**kwargs):
    """Create the role groups and give them exactly their permissions (a post_migrate hook)."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for code in codes:
            app_label, codename = code.split(".")
            permissions += Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            )
        group.permissions.set(permissions)
