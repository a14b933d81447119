"""`manage.py load_demo` gives a newcomer a populated register and one user per role."""

import re

from django.contrib.auth.models import User
from django.core.management import call_command

from measures import roles
from measures.models import Measure


def test_the_demo_loads_rangsit_and_a_user_for_every_role(db, client):
    call_command("load_demo", password="demo-pass-1234")

    assert Measure.objects.filter(agency__slug="rangsit", fiscal_year=2568).count() == 5
    groups = {u.username: [g.name for g in u.groups.all()] for u in User.objects.all()}
    assert groups == {
        "coordinator": [roles.COORDINATOR],
        "officer": [roles.DIVISION_OFFICER],
        "executive": [roles.EXECUTIVE],
        "admin": [],
    }
    assert User.objects.get(username="admin").is_superuser
    assert client.login(username="officer", password="demo-pass-1234")
    assert "ยกระดับผลการประเมินคุณธรรม" in client.get("/admin/measures/measure/").content.decode()


def test_loading_the_demo_twice_creates_nothing_new(db):
    call_command("load_demo", password="demo-pass-1234")
    call_command("load_demo", password="demo-pass-1234")

    assert Measure.objects.count() == 5
    assert User.objects.count() == 4


def test_the_demo_report_quotes_the_overall_score_from_the_scores_entered(db, client):
    call_command("load_demo", password="demo-pass-1234")
    client.login(username="coordinator", password="demo-pass-1234")

    page = client.get("/reports/rangsit/2568/").content.decode()
    # The spans that keep numbers and "พ.ศ." with its year on one line are not text.
    page = re.sub(r'<span class="nobreak">(.*?)</span>', r"\1", page)

    first = Measure.objects.get(fiscal_year=2568, number=1)
    assert first.outcome == ""
    assert first.states_scores
    sentence = (
        "ผลการประเมิน ITA พ.ศ.๒๕๖๗ ได้คะแนน ๙๘.๒๕ เปรียบเทียบปีที่ผ่านมา พ.ศ. ๒๕๖๘ "
        "มีคะแนนสูงขึ้น +๑.๔๕ ได้คะแนน ๙๙.๗๐ ระดับผลการประเมิน “ผ่านดีเยี่ยม”"
    )
    assert page.count(sentence) == 1
