import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from measures import roles
from measures.models import Agency, Division, Profile

SEED = settings.BASE_DIR / "measures" / "demo" / "rangsit-2568-integrity-report.txt"

# username, Thai label, role group (None: superuser), division name
DEMO_USERS = [
    ("coordinator", "ผู้ประสานงาน", roles.COORDINATOR, "กองยุทธศาสตร์และงบประมาณ"),
    ("officer", "เจ้าหน้าที่สำนัก/กอง", roles.DIVISION_OFFICER, "สำนักคลัง"),
    ("executive", "ผู้บริหาร", roles.EXECUTIVE, None),
    ("admin", "ผู้ดูแลระบบ", None, None),
]


class Command(BaseCommand):
    help = "โหลดข้อมูลตัวอย่าง: รายงานเทศบาลนครรังสิต ปีงบประมาณ พ.ศ. 2568 และผู้ใช้ตัวอย่างทุกบทบาท"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="ใช้รหัสผ่านนี้กับผู้ใช้ตัวอย่างทุกคน (ค่าเริ่มต้น: สุ่มใหม่ทุกครั้ง)",
        )

    def handle(self, *args, password=None, **options):
        call_command("import_report", str(SEED), stdout=self.stdout)
        call_command("load_ita_demo", "rangsit", stdout=self.stdout)
        agency = Agency.objects.get(slug="rangsit")
        # Row ๑ quotes the overall ITA score: let the report generate that sentence from the
        # scores entered, as agencies should, instead of keeping the typed copy.
        agency.measures.filter(fiscal_year=2568, number=1).update(outcome="", states_scores=True)
        if not agency.head_name:
            agency.head_position = "นายกเทศมนตรีนครรังสิต"
            agency.save()
        # The report's signature block (reports knows the signature; the register does not).
        call_command("load_signature_demo", "rangsit", "2568", stdout=self.stdout)
        with transaction.atomic():
            passwords = [self.make_user(agency, *row, password) for row in DEMO_USERS]
        self.stdout.write("\nผู้ใช้ตัวอย่าง (รหัสผ่านสำหรับเครื่องนี้เท่านั้น):")
        for (username, label, *_), secret in zip(DEMO_USERS, passwords, strict=True):
            self.stdout.write(f"  {label:<22} {username:<12} {secret}")

    def make_user(self, agency, username, label, role, division_name, password):
        password = password or secrets.token_urlsafe(9)
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = label
        # Reminders go to staff with an address; the demo prints them on the console.
        user.email = user.email or f"{username}@demo.invalid"
        user.is_staff = True
        user.is_superuser = role is None
        user.set_password(password)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
            division = Division.objects.filter(agency=agency, name=division_name).first()
            Profile.objects.update_or_create(
                user=user, defaults={"agency": agency, "division": division}
            )
        return password
