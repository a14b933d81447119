"""The OIT evidence index of an assessment year: the seed's items, with the public addresses
of the published measures' evidence and report, for the coordinator only."""

import csv
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ita.models import Indicator
from measures.models import EvidenceFile, Measure, Result
from publication.models import ReportState
from tests.test_evidence_files import PDF
from tests.test_publication_workflow import PATHS, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
URL = "/dashboard/oit/2568/"
CSV_URL = "/dashboard/oit/2568/oit.csv"
A = ReportState.Action


@pytest.fixture
def seed(agency, strategy_division, finance_division):
    # The cast's divisions first: the importer then finds them by name.
    call_command("import_report", str(SEED))
    call_command("load_ita_demo", "rangsit")
    return Measure.objects.filter(agency=agency, fiscal_year=2568)


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


@pytest.fixture
def evidence(seed):
    """A file on the first result of measure 2, which answers o5-o11, o14-o16 and o23."""
    result = Result.objects.filter(measure__in=seed, measure__number=2).order_by("position")[0]
    return EvidenceFile.store(result, SimpleUploadedFile("ภาพกิจกรรม.pdf", PDF))


@pytest.fixture
def published(agency, people, seed, evidence, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    walk(agency, people, PATHS[ReportState.State.PUBLISHED], year=2568)


PAGES = {
    "admin_user": 200,
    "coordinator": 200,
    "other_coordinator": 200,  # their own agency's index
    "officer": 403,
    "strategy_officer": 403,
    "executive": 403,
    "roleless": 403,
}


@pytest.mark.parametrize("who, status", PAGES.items())
def test_the_index_is_for_coordinators_and_administrators(request, client, seed, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == status
    assert client.get(CSV_URL).status_code == status


def test_anonymous_visitors_are_asked_to_log_in(client, seed):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_lists_the_seed_s_oit_items_in_the_manual_s_order(client, coordinator, seed):
    client.force_login(coordinator)
    rows = client.get(URL).context["rows"]
    expected = list(
        Indicator.objects.filter(assessment_year__year_be=2568, code__startswith="o")
        .order_by("sort_key")
        .values_list("code", flat=True)
    )
    assert [row.item.code for row in rows] == expected
    assert expected[:3] == ["o1", "o2", "o3"]
    assert not any(code.startswith(("IND", "i", "e")) for code in expected)


def test_before_publication_every_item_is_flagged_and_no_address_is_given(
    client, coordinator, seed, evidence
):
    client.force_login(coordinator)
    response = client.get(URL)
    page = response.content.decode()
    rows = {row.item.code: row for row in response.context["rows"]}

    assert all(row.flag for row in rows.values())
    assert rows["o1"].flag == "ไม่มีมาตรการที่เผยแพร่แล้วตอบข้อนี้"
    assert "/public/" not in page
    # The coordinator learns that measure 2 answers o5 but is not published yet.
    assert [(y, n) for y, n, _ in rows["o5"].unpublished] == [(2568, 2)]
    assert "รายงานยังไม่เผยแพร่" in page


def test_after_publication_items_carry_public_addresses(
    client, coordinator, seed, evidence, published
):
    client.force_login(coordinator)
    response = client.get(URL)
    rows = {row.item.code: row for row in response.context["rows"]}
    page = response.content.decode()

    file_url = f"https://ita.example.go.th/public/rangsit/2568/evidence/{evidence.pk}/"
    [entry] = rows["o5"].entries
    assert (entry.fiscal_year, entry.version, entry.number) == (2568, 1, 2)
    assert ("ภาพกิจกรรม.pdf", file_url) in entry.evidence
    assert entry.report_url == "https://ita.example.go.th/public/rangsit/2568/"
    assert entry.pdf_url == "https://ita.example.go.th/public/rangsit/2568/v1.pdf"
    assert rows["o5"].flag == ""
    assert rows["o5"].unpublished == []
    assert [e.number for e in rows["o11"].entries] == [2, 3]
    assert rows["o1"].flag == "ไม่มีมาตรการที่เผยแพร่แล้วตอบข้อนี้"
    assert f'<a href="{file_url}">{file_url}</a>' in page
    # Every address given opens without logging in.
    client.logout()
    assert client.get(f"/public/rangsit/2568/evidence/{evidence.pk}/").status_code == 200
    assert client.get("/public/rangsit/2568/").status_code == 200


def test_the_csv_is_ready_to_paste(client, coordinator, seed, evidence, published):
    client.force_login(coordinator)
    response = client.get(CSV_URL)

    assert response["Content-Disposition"] == 'attachment; filename="oit-evidence-rangsit-2568.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["รหัสข้อ", "ชื่อข้อ", "หมายเหตุ"]
    by_code = {}
    for row in rows[1:]:
        by_code.setdefault(row[0], []).append(row)
    assert by_code["o1"] == [["o1", by_code["o1"][0][1], "ไม่มีมาตรการที่เผยแพร่แล้วตอบข้อนี้"] + [""] * 7]
    [o5] = by_code["o5"]
    assert o5[3:7] == ["2568", "1", "2", o5[6]]
    assert f"https://ita.example.go.th/public/rangsit/2568/evidence/{evidence.pk}/" in o5[7]
    assert o5[8:] == [
        "https://ita.example.go.th/public/rangsit/2568/",
        "https://ita.example.go.th/public/rangsit/2568/v1.pdf",
    ]


def test_only_published_evidence_is_listed(
    client, agency, people, coordinator, seed, evidence, published
):
    walk(agency, people, [A.REOPEN], year=2568)
    later = EvidenceFile.store(evidence.result, SimpleUploadedFile("เพิ่มภายหลัง.pdf", PDF))

    client.force_login(coordinator)
    page = client.get(URL).content.decode()

    assert f"/evidence/{evidence.pk}/" in page
    assert f"/evidence/{later.pk}/" not in page


def test_another_agency_s_coordinator_sees_none_of_rangsit(
    client, other_coordinator, seed, evidence, published
):
    client.force_login(other_coordinator)
    page = client.get(URL).content.decode()
    assert "/public/rangsit/" not in page
    assert "ยังไม่เผยแพร่" not in page


def test_an_unknown_year_is_not_found_and_the_plain_address_opens_the_latest_year(
    client, coordinator, seed
):
    client.force_login(coordinator)
    assert client.get("/dashboard/oit/2400/").status_code == 404
    response = client.get("/dashboard/oit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dashboard/oit/25")
