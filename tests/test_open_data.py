"""Open data: each published version as CSV and JSON at stable public addresses, made from
what was published (never the live register), and an index of the installation's reports."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from measures.models import EvidenceFile, Measure
from publication.models import PublishedReport, ReportState
from tests.test_evidence_files import PDF
from tests.test_publication_workflow import PATHS, YEAR, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

A = ReportState.Action
SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


@pytest.fixture
def measure(agency, strategy_division):
    measure = add_measure(agency, strategy_division)
    result = measure.results.get()
    result.evidence_links = "https://www.rangsit.go.th/news/1"
    result.save()
    return measure


@pytest.fixture
def published(agency, people, measure):
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    return PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)


def read_csv(response):
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads Thai only with the BOM
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_addresses_stand_next_to_the_pdf():
    args = ["rangsit", 2568]
    assert reverse("publication:csv", args=args) == "/public/rangsit/2568/data.csv"
    assert reverse("publication:json", args=args) == "/public/rangsit/2568/data.json"
    assert reverse("publication:version_csv", args=[*args, 2]) == "/public/rangsit/2568/v2.csv"
    assert reverse("publication:version_json", args=[*args, 2]) == "/public/rangsit/2568/v2.json"
    assert reverse("publication:pdf", args=[*args, 2]) == "/public/rangsit/2568/v2.pdf"
    assert reverse("publication:index") == "/public/"
    assert reverse("publication:index_json") == "/public/index.json"


def test_the_json_carries_its_schema_and_the_published_measures(client, published, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    response = client.get(f"/public/rangsit/{YEAR}/data.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    fields = {field["name"]: field["label_th"] for field in data["schema"]["fields"]}
    assert fields["titles"] == "มาตรการ/โครงการ/กิจกรรม"
    assert fields["responsible_divisions"] == "ผู้รับผิดชอบ"
    assert data["agency"]["slug"] == "rangsit"
    assert (data["fiscal_year"], data["version"], data["pdf_sha256"]) == (
        YEAR,
        1,
        published.sha256,
    )
    assert data["pdf_url"] == f"https://ita.example.go.th/public/rangsit/{YEAR}/v1.pdf"
    [measure] = data["measures"]
    assert measure["titles"] == ["การเปิดเผยข้อมูลสาธารณะ"]
    assert measure["steps"] == ["จัดทำแผน"]
    assert measure["started_on"] == "2024-10-01"
    assert measure["responsible_divisions"] == ["กองยุทธศาสตร์และงบประมาณ"]
    assert measure["results"][0]["evidence_links"] == ["https://www.rangsit.go.th/news/1"]


def test_the_csv_opens_in_excel_with_english_column_names(client, published):
    response = client.get(f"/public/rangsit/{YEAR}/data.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ita-report-rangsit-{YEAR}-v1.csv"'
    )
    [row] = read_csv(response)
    assert row["agency_name"] == "เทศบาลนครรังสิต"
    assert row["fiscal_year"] == str(YEAR)
    assert row["number"] == "1"
    assert row["titles"] == "การเปิดเผยข้อมูลสาธารณะ"
    assert row["results"] == "เผยแพร่ข้อมูลบนเว็บไซต์"
    assert row["evidence_links"] == "https://www.rangsit.go.th/news/1"
    assert row["status"] == "not_started"


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client, agency, people, strategy_division
):
    measure = add_measure(agency, strategy_division, title='=HYPERLINK("http://evil","คลิก")')
    measure.outcome = "-2+3"
    measure.save()
    step = measure.steps.get()
    step.text = "@SUM(A1:A2)"
    step.save()
    result = measure.results.get()
    result.text = "+ประชุม"
    result.save()
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])

    [row] = read_csv(client.get(f"/public/rangsit/{YEAR}/data.csv"))

    assert row["titles"] == '\'=HYPERLINK("http://evil","คลิก")'
    assert row["outcome"] == "'-2+3"
    assert row["steps"] == "'@SUM(A1:A2)"
    assert row["results"] == "'+ประชุม"
    # JSON is not a spreadsheet: it keeps the text as typed.
    data = json.loads(client.get(f"/public/rangsit/{YEAR}/data.json").content)
    assert data["measures"][0]["titles"] == ['=HYPERLINK("http://evil","คลิก")']


def test_the_data_is_what_was_published_not_the_register_today(
    client, agency, people, measure, published
):
    walk(agency, people, [A.REOPEN])
    Measure.objects.filter(pk=measure.pk).update(titles="ชื่อที่แก้หลังเผยแพร่")

    data = json.loads(client.get(f"/public/rangsit/{YEAR}/data.json").content)
    assert data["measures"][0]["titles"] == ["การเปิดเผยข้อมูลสาธารณะ"]

    walk(agency, people, [A.SUBMIT, A.APPROVE, A.PUBLISH])

    latest = json.loads(client.get(f"/public/rangsit/{YEAR}/data.json").content)
    first = json.loads(client.get(f"/public/rangsit/{YEAR}/v1.json").content)
    second = read_csv(client.get(f"/public/rangsit/{YEAR}/v2.csv"))
    assert (latest["version"], latest["measures"][0]["titles"]) == (2, ["ชื่อที่แก้หลังเผยแพร่"])
    assert (first["version"], first["measures"][0]["titles"]) == (1, ["การเปิดเผยข้อมูลสาธารณะ"])
    assert second[0]["titles"] == "ชื่อที่แก้หลังเผยแพร่"


def test_evidence_files_are_listed_with_their_public_address_only(
    client, agency, people, measure, settings
):
    settings.SITE_URL = "https://ita.example.go.th"
    kept = EvidenceFile.store(measure.results.get(), SimpleUploadedFile("หลักฐาน.pdf", PDF))
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])

    data = json.loads(client.get(f"/public/rangsit/{YEAR}/data.json").content)
    [file] = data["measures"][0]["results"][0]["evidence_files"]
    url = f"https://ita.example.go.th/public/rangsit/{YEAR}/evidence/{kept.pk}/"
    assert file == {
        "name": "หลักฐาน.pdf",
        "url": url,
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": kept.sha256,
    }
    # Never the storage's name ("evidence/<agency>/<year>/<random>"), which the public
    # address could contain by chance ("evidence/1/") when the numbers coincide.
    assert kept.file.name not in json.dumps(data)
    assert kept.file.name.rsplit("/", 1)[-1] not in json.dumps(data)
    [row] = read_csv(client.get(f"/public/rangsit/{YEAR}/data.csv"))
    assert row["evidence_files"] == url


@pytest.mark.parametrize(
    "path", ["data.csv", "data.json", "v1.csv", "v1.json", "v2.json", "v1.pdf"]
)
def test_nothing_is_served_for_a_year_that_is_not_published(
    client, agency, people, measure, other_agency, path
):
    walk(agency, people, PATHS[ReportState.State.APPROVED])
    assert client.get(f"/public/rangsit/{YEAR}/{path}").status_code == 404
    assert client.get(f"/public/sample/{YEAR}/{path}").status_code == 404


def test_a_version_published_before_open_data_answers_in_thai(client, published):
    PublishedReport.objects.filter(pk=published.pk).update(data=None)

    response = client.get(f"/public/rangsit/{YEAR}/v1.json")

    assert response.status_code == 404
    index = json.loads(client.get("/public/index.json").content)
    assert (index["reports"][0]["pdf_url"], index["reports"][0]["json_url"]) == (
        f"http://testserver/public/rangsit/{YEAR}/v1.pdf",
        None,
    )


def test_the_index_lists_every_published_version_of_the_installation(
    client, agency, people, measure, other_agency, other_coordinator, strategy_division
):
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    walk(agency, people, [A.REOPEN, A.SUBMIT, A.APPROVE, A.PUBLISH])
    # The other agency's report is submitted, not published: not listed.
    ReportState.for_year(other_agency, YEAR).apply(other_coordinator, A.SUBMIT)

    index = json.loads(client.get("/public/index.json").content)

    assert [
        (r["agency_slug"], r["fiscal_year"], r["version"], r["is_latest"]) for r in index["reports"]
    ] == [("rangsit", YEAR, 2, True), ("rangsit", YEAR, 1, False)]
    assert index["reports"][0]["csv_url"] == f"http://testserver/public/rangsit/{YEAR}/v2.csv"
    assert index["schema"]["fields"][0]["name"] == "agency_slug"
    page = client.get("/public/").content.decode()
    assert f'href="/public/rangsit/{YEAR}/v2.csv"' in page
    assert f'href="/public/rangsit/{YEAR}/v1.json"' in page
    assert "sample" not in page
    assert "<code>responsible_divisions</code></td><td>ผู้รับผิดชอบ</td>" in page


def test_the_year_page_links_the_latest_data(client, published):
    page = client.get(f"/public/rangsit/{YEAR}/").content.decode()
    assert f'href="/public/rangsit/{YEAR}/data.csv"' in page
    assert f'href="/public/rangsit/{YEAR}/data.json"' in page
    assert f'href="/public/rangsit/{YEAR}/v1.json"' in page


def test_the_seed_report_published_gives_its_measures_as_data(client, people, agency):
    call_command("import_report", str(SEED))
    walk(agency, people, PATHS[ReportState.State.PUBLISHED], year=2568)
    measures = list(Measure.objects.filter(agency=agency, fiscal_year=2568).order_by("number"))

    data = json.loads(client.get("/public/rangsit/2568/data.json").content)
    rows = read_csv(client.get("/public/rangsit/2568/data.csv"))

    assert [m["number"] for m in data["measures"]] == [m.number for m in measures]
    assert [row["number"] for row in rows] == [str(m.number) for m in measures]
    assert data["measures"][0]["titles"] == [
        line.replace("<b>", "").replace("</b>", "") for line in measures[0].title_lines
    ]
