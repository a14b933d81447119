"""python manage.py report_workflow SLUG YEAR ACTION --user USERNAME [--comment TEXT] takes
the same steps as the buttons, with the same checks and records."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from measures import roles
from measures.models import ClosedYear
from publication.models import PublishedReport, ReportState
from tests.conftest import make_staff
from tests.test_publication_workflow import YEAR, add_measure

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")


def run(*args):
    call_command("report_workflow", *map(str, args))


@pytest.fixture
def content(agency, strategy_division):
    return add_measure(agency, strategy_division)


def test_the_whole_workflow_runs_from_the_command_line(
    agency, coordinator, executive, content, capsys
):
    run("rangsit", YEAR, "submit", "--user", "coordinator")
    run("rangsit", YEAR, "return", "--user", "executive", "--comment", "แก้ผลลัพธ์")
    run("rangsit", YEAR, "submit", "--user", "coordinator", "--comment", "แก้แล้ว")
    run("rangsit", YEAR, "approve", "--user", "executive")
    run("rangsit", YEAR, "publish", "--user", "coordinator")
    out = capsys.readouterr().out
    published = PublishedReport.objects.get(agency=agency)
    assert "เผยแพร่รายงานปีงบประมาณ พ.ศ. 2568 ของเทศบาลนครรังสิตแล้ว" in out
    assert published.sha256 in out
    report = ReportState.for_year(agency, YEAR)
    assert report.state == "published"
    steps = [(e.action, e.actor.username, e.comment) for e in report.events.order_by("at", "pk")]
    assert steps == [
        ("submit", "coordinator", ""),
        ("return", "executive", "แก้ผลลัพธ์"),
        ("submit", "coordinator", "แก้แล้ว"),
        ("approve", "executive", ""),
        ("publish", "coordinator", ""),
    ]
    assert published.approved_by == executive
    run("rangsit", YEAR, "reopen", "--user", "coordinator", "--comment", "แก้ตามข้อสังเกต")
    assert ReportState.for_year(agency, YEAR).state == "draft"
    # The audit trail names the person a script acted for.
    assert {h.history_user for h in report.history.all()} == {coordinator, executive}
    assert {h.history_user for h in report.events.model.history.all()} == {coordinator, executive}
    closed = ClosedYear.history.filter(agency_id=agency.pk).order_by("history_date")
    assert [(h.history_type, h.history_user) for h in closed] == [
        ("+", coordinator),
        ("-", coordinator),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["approve", "--user", "coordinator"], "เฉพาะผู้บริหารของหน่วยงานเท่านั้นที่อนุมัติรายงานได้"),
        (["submit", "--user", "officer"], "เฉพาะผู้ประสานงาน"),
        (["publish", "--user", "coordinator"], "รายงานอยู่ในสถานะ “ร่าง” จึงเผยแพร่ไม่ได้"),
        (["submit", "--user", "stranger"], "ไม่ได้สังกัดเทศบาลนครรังสิต"),
        (["submit", "--user", "admin"], "ไม่ได้สังกัดเทศบาลนครรังสิต"),
        (["submit", "--user", "nobody"], 'ไม่พบผู้ใช้ "nobody"'),
        (["remove", "--user", "coordinator"], 'ไม่มีขั้นตอน "remove"'),
    ],
)
def test_a_step_not_allowed_is_refused_in_thai_and_changes_nothing(
    agency, other_agency, coordinator, officer, executive, admin_user, content, args, message
):
    make_staff("stranger", other_agency, roles.COORDINATOR)
    with pytest.raises(CommandError, match=message):
        run("rangsit", YEAR, *args)
    assert not ReportState.objects.exists()


def test_returning_without_a_comment_is_refused(agency, coordinator, executive, content):
    run("rangsit", YEAR, "submit", "--user", "coordinator")
    with pytest.raises(CommandError, match="กรุณาระบุเหตุผลที่ส่งคืนรายงาน"):
        run("rangsit", YEAR, "return", "--user", "executive")
    assert ReportState.for_year(agency, YEAR).state == "submitted"


@pytest.mark.parametrize(
    ("slug", "year", "message"),
    [("nowhere", YEAR, 'ไม่พบหน่วยงานชื่อย่อ "nowhere"'), ("rangsit", 2025, "ไม่ใช่ปีงบประมาณ")],
)
def test_an_unknown_agency_or_a_ce_year_is_refused(agency, coordinator, slug, year, message):
    with pytest.raises(CommandError, match=message):
        run(slug, year, "submit", "--user", "coordinator")


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_with_a_thai_message(coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("another process reaches the test database on PostgreSQL only")
    # A real process against the test database, as a script would run it.
    database = connection.settings_dict
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
    }
    command = [sys.executable, "manage.py", "report_workflow", "rangsit", str(YEAR), "approve"]
    done = subprocess.run(
        [*command, "--user", "coordinator"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 1
    assert "เฉพาะผู้บริหารของหน่วยงานเท่านั้นที่อนุมัติรายงานได้" in done.stderr
    assert not ReportState.objects.exists()
