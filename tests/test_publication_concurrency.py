"""Two people pressing "publish" at the same moment make one version, not two (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from publication.models import NotAllowed, PublishedReport, ReportState
from tests.test_publication_workflow import YEAR, A, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publishes_make_one_version(
    agency, strategy_division, coordinator, executive
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to wait on")
    add_measure(agency, strategy_division)
    walk(agency, {"coordinator": coordinator, "executive": executive}, [A.SUBMIT, A.APPROVE])
    start = threading.Barrier(2)
    outcomes = []

    def publish():
        try:
            start.wait()
            ReportState.for_year(agency, YEAR).apply(coordinator, A.PUBLISH)
            outcomes.append("published")
        except NotAllowed as refused:
            outcomes.append(str(refused))
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["published", "รายงานอยู่ในสถานะ “เผยแพร่แล้ว” จึงเผยแพร่ไม่ได้"]
    assert list(PublishedReport.objects.values_list("version", flat=True)) == [1]
    assert ReportState.for_year(agency, YEAR).events.filter(action="publish").count() == 1
