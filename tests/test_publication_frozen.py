"""Publishing freezes the report: the PDF and HTML are rendered once and stored with their
SHA-256, and nothing done to the register afterwards changes them."""

import hashlib
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from measures.models import Division, Measure
from publication.models import PublishedReport, ReportState
from tests.test_publication_workflow import PATHS, YEAR, A, S, add_measure, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


def pdf_text(content, tmp_path):
    path = tmp_path / "read.pdf"
    path.write_bytes(content)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    # A cell wraps its text wherever the column ends: compare without line breaks.
    return "".join(text.split())


def test_publishing_stores_the_pdf_with_its_hash_approver_and_publisher(
    agency, people, strategy_division, media_root, tmp_path
):
    add_measure(agency, strategy_division)
    walk(agency, people, PATHS[S.PUBLISHED])
    published = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    content = published.read_pdf()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == published.sha256
    assert default_storage.exists(published.pdf.name)
    assert (media_root / published.pdf.name).read_bytes() == content
    assert published.version == 1
    assert published.approved_by == people["executive"]
    assert published.published_by == people["coordinator"]
    assert published.approved_at <= published.published_at
    assert "การเปิดเผยข้อมูลสาธารณะ" in pdf_text(content, tmp_path)
    with published.html.open("rb") as file:
        html = file.read().decode()
    assert "การเปิดเผยข้อมูลสาธารณะ" in html
    # The frozen HTML carries its own styles and fonts: nothing it shows can change later.
    assert "<style>" in html and "/static/" not in html
    event = ReportState.for_year(agency, YEAR).events.first()
    assert (event.action, event.published) == ("publish", published)


def test_edits_renames_and_deletions_never_change_a_published_report(
    agency, people, strategy_division, finance_division, tmp_path
):
    measure = add_measure(agency, strategy_division)
    second = add_measure(agency, finance_division, title="การจัดการเรื่องร้องเรียน")
    walk(agency, people, PATHS[S.PUBLISHED])
    published = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    pdf_before = published.read_pdf()
    with published.html.open("rb") as file:
        html_before = file.read()

    # The register of a published year changes only once a coordinator reopens the year.
    with pytest.raises(IntegrityError, match="เผยแพร่แล้ว"), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(titles="ชื่อที่แก้ภายหลัง")
    walk(agency, people, [A.REOPEN])
    measure.titles = "ชื่อที่แก้ภายหลัง"
    measure.save()
    measure.steps.update(text="ขั้นตอนที่แก้ภายหลัง")
    agency.name = "เทศบาลที่เปลี่ยนชื่อ"
    agency.save()
    # A division that a measure names is retired, not deleted: delete its measure first.
    Measure.objects.filter(pk=second.pk).delete()
    Division.objects.filter(pk=finance_division.pk).delete()

    published.refresh_from_db()
    pdf_after = published.read_pdf()
    assert hashlib.sha256(pdf_after).hexdigest() == published.sha256
    assert pdf_after == pdf_before
    with published.html.open("rb") as file:
        assert file.read() == html_before
    text = pdf_text(pdf_after, tmp_path)
    assert "เทศบาลนครรังสิต" in text and "เทศบาลที่เปลี่ยนชื่อ" not in text
    assert "สำนักคลัง" in text
    # The live report, in contrast, follows the register.
    assert "เทศบาลที่เปลี่ยนชื่อ" in ReportState.for_year(agency, YEAR).report_html()


def test_republishing_makes_a_new_version_and_keeps_the_old_one(
    agency, people, strategy_division, tmp_path
):
    measure = add_measure(agency, strategy_division)
    walk(agency, people, PATHS[S.PUBLISHED])
    first = PublishedReport.objects.get(agency=agency, fiscal_year=YEAR)
    first_pdf = first.read_pdf()

    report = ReportState.for_year(agency, YEAR)
    report.apply(people["coordinator"], A.REOPEN, "แก้ผลลัพธ์ตามข้อสังเกตของ ป.ป.ช.")
    measure.outcome = "ผลลัพธ์ฉบับแก้ไข"
    measure.save()
    walk(agency, people, [A.SUBMIT, A.APPROVE, A.PUBLISH])

    versions = list(PublishedReport.objects.filter(agency=agency, fiscal_year=YEAR))
    assert [v.version for v in versions] == [2, 1]
    second, first = versions
    assert first.read_pdf() == first_pdf
    assert second.sha256 != first.sha256
    assert second.pdf.name != first.pdf.name
    assert "ผลลัพธ์ฉบับแก้ไข" in pdf_text(second.read_pdf(), tmp_path)
    assert "ผลลัพธ์ฉบับแก้ไข" not in pdf_text(first_pdf, tmp_path)
    reopen = report.events.get(action="reopen")
    assert reopen.comment == "แก้ผลลัพธ์ตามข้อสังเกตของ ป.ป.ช."
    assert reopen.actor == people["coordinator"]


def test_an_agency_with_published_reports_cannot_be_deleted(agency, people, strategy_division):
    add_measure(agency, strategy_division)
    walk(agency, people, PATHS[S.PUBLISHED])
    with pytest.raises(ProtectedError):
        agency.delete()
    assert PublishedReport.objects.filter(agency=agency).exists()
