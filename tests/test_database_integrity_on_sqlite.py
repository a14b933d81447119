"""The demo runs on SQLite: its triggers refuse the same data as PostgreSQL's, and neither
break nor get lost when a later migration makes SQLite rebuild the tables they name.

CI runs the suite on PostgreSQL, so this test migrates a SQLite file of its own in a child
process and tries each rule there, bypassing every form."""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = r"""
import json
import django
django.setup()

from django.core.management import call_command
from django.db import IntegrityError, transaction

# First the project's own migrations, which leave the triggers installed ...
call_command("migrate", "measures", verbosity=0)
call_command("migrate", "ita", verbosity=0)
# ... then a later migration that makes SQLite rebuild every table the triggers name.
call_command("migrate", verbosity=0)

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Agency, Division, Measure, Profile
from django.contrib.auth.models import User

here = Agency.objects.create(name="ก", slug="a", district="ก", province="ก")
there = Agency.objects.create(name="ข", slug="b", district="ข", province="ข")
ours = Division.objects.create(agency=here, name="กองของเรา")
theirs = Division.objects.create(agency=there, name="กองของเขา")
measure = Measure.objects.create(agency=here, fiscal_year=2568, titles="ม")
measure.responsible_divisions.add(ours)
profile = Profile.objects.create(user=User.objects.create(username="u"), agency=here)
year_2567 = AssessmentYear.objects.get(year_be=2567)
score = AgencyScore.objects.create(
    agency=here, assessment_year=AssessmentYear.objects.get(year_be=2568), overall=90
)
for code in ["o14", "i10"]:
    IndicatorScore.objects.create(
        agency_score=score,
        indicator=Indicator.objects.get(assessment_year__year_be=2568, code=code),
        score=90,
    )

def attempt(action):
    try:
        with transaction.atomic():
            action()
    except IntegrityError as error:
        return str(error)
    return "accepted"

measures = Measure.objects.filter(pk=measure.pk)
outcomes = {
    "fiscal_year": attempt(lambda: measures.update(fiscal_year=2025)),
    "number": attempt(lambda: measures.update(number=0)),
    "done_at_40": attempt(lambda: measures.update(status="done", progress=40)),
    "foreign_division": attempt(lambda: measure.responsible_divisions.add(theirs)),
    "measure_moved": attempt(lambda: measures.update(agency=there)),
    "division_moved": attempt(lambda: Division.objects.filter(pk=ours.pk).update(agency=there)),
    "profile": attempt(lambda: Profile.objects.filter(pk=profile.pk).update(division=theirs)),
    "item_of_other_year": attempt(
        lambda: IndicatorScore.objects.create(
            agency_score=score,
            indicator=Indicator.objects.get(assessment_year=year_2567, code="o1"),
            score=1,
        )
    ),
    "score_to_year_without_i10": attempt(
        lambda: AgencyScore.objects.filter(pk=score.pk).update(assessment_year=year_2567)
    ),
}
IndicatorScore.objects.filter(indicator__code="i10").delete()
outcomes["score_moved"] = attempt(
    lambda: AgencyScore.objects.filter(pk=score.pk).update(assessment_year=year_2567)
)
outcomes["moved_item_year"] = IndicatorScore.objects.get().indicator.assessment_year.year_be
print(json.dumps(outcomes))
"""


LATER_MIGRATION = """
from django.db import migrations

TABLES = [
    ("measures", "Measure"),
    ("measures", "Division"),
    ("measures", "Profile"),
    ("ita", "Indicator"),
    ("ita", "AgencyScore"),
    ("ita", "IndicatorScore"),
]


def rebuild(apps, schema_editor):
    # What SQLite does for most later AddField, AlterField or AddConstraint.
    for app_label, name in TABLES:
        schema_editor._remake_table(apps.get_model(app_label, name))


class Migration(migrations.Migration):
    dependencies = [("measures", "0008_database_integrity"), ("ita", "0005_database_integrity")]
    operations = [migrations.RunPython(rebuild)]
"""


def a_later_app(root):
    """Settings with one more app, whose only migration rebuilds the register's tables."""
    (root / "later_settings.py").write_text(
        "from rangsit_ita.settings import *\nINSTALLED_APPS = [*INSTALLED_APPS, 'later_app']\n"
    )
    migrations = root / "later_app" / "migrations"
    migrations.mkdir(parents=True)
    (root / "later_app" / "__init__.py").write_text("")
    (migrations / "__init__.py").write_text("")
    (migrations / "0001_rebuild_tables.py").write_text(LATER_MIGRATION)


def run_on_sqlite(script, database, **environment):
    """What `script` prints last, as JSON, run in a child process on the SQLite file
    `database` (CI's own database is PostgreSQL)."""
    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}", **environment},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.splitlines()[-1])


def test_sqlite_refuses_the_same_data_as_postgresql(tmp_path):
    a_later_app(tmp_path)
    outcomes = run_on_sqlite(
        SCRIPT,
        tmp_path / "demo.sqlite3",
        DJANGO_SETTINGS_MODULE="later_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
    )

    assert outcomes.pop("score_moved") == "accepted"
    assert outcomes.pop("moved_item_year") == 2567
    assert outcomes == {
        "fiscal_year": "CHECK constraint failed: measure_fiscal_year_in_be_range",
        "number": "CHECK constraint failed: measure_number_positive",
        "done_at_40": "CHECK constraint failed: measure_done_means_progress_100",
        "foreign_division": "สำนัก/กองที่เลือกไม่ได้อยู่ในหน่วยงานของมาตรการนี้",
        "measure_moved": "ย้ายมาตรการไปหน่วยงานอื่นไม่ได้ เพราะยังมีสำนัก/กองของหน่วยงานเดิม"
        "เป็นผู้รับผิดชอบ กรุณาเลือกผู้รับผิดชอบใหม่ก่อน",
        "division_moved": "ย้ายสำนัก/กองไปหน่วยงานอื่นไม่ได้ "
        "เพราะมาตรการหรือผู้ใช้ของหน่วยงานเดิมยังอ้างถึงสำนัก/กองนี้",
        "profile": "สำนัก/กองของผู้ใช้ต้องอยู่ในหน่วยงานของผู้ใช้",
        "item_of_other_year": "ตัวชี้วัด/ข้อนี้เป็นของปีที่ประเมินอื่น (รหัสข้อเปลี่ยนทุกปี)",
        "score_to_year_without_i10": "ปีที่ประเมินใหม่ไม่มีรหัสของคะแนนรายข้อบางข้อ จึงย้ายคะแนนไปปีนั้นไม่ได้",
    }
