"""Evidence files on results: what is accepted (by content), how they are uploaded in the
measure page, who may download them, and that they become public only once published."""

import io
import struct
import zipfile
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from measures import evidence
from measures.models import EvidenceFile, Measure, Result
from publication.models import ReportState
from reports import document
from tests.conftest import PASSWORD
from tests.test_measure_admin import inline_management, measure_form
from tests.test_publication_workflow import PATHS, walk

pytestmark = pytest.mark.usefixtures("fast_password_hashing", "media_root")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png():
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("หนังสือเวียน.pdf", PDF, "application/pdf"),
        ("ภาพกิจกรรม.PNG", png(), "image/png"),
        ("รายงาน.docx", docx(), "application/vnd.openxmlformats-officedocument"),
    ],
)
def test_pdf_images_and_word_files_are_accepted_by_their_content(name, content, kind):
    assert evidence.check(upload(name, content)).startswith(kind)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("รายงาน.pdf", EXE, 'ไฟล์ "รายงาน.pdf" แนบเป็นหลักฐานไม่ได้ (เนื้อไฟล์เป็นชนิด exe)'),
        ("setup.exe", EXE, 'ไฟล์ "setup.exe" แนบเป็นหลักฐานไม่ได้'),
        ("หน้าเว็บ.html", HTML, 'ไฟล์ "หน้าเว็บ.html" แนบเป็นหลักฐานไม่ได้ (ไม่รู้จักชนิดของเนื้อไฟล์)'),
        ("หน้าเว็บ.pdf", HTML, "ไม่รู้จักชนิดของเนื้อไฟล์"),
        ("โลโก้.svg", SVG, 'ไฟล์ "โลโก้.svg" แนบเป็นหลักฐานไม่ได้'),
        ("ภาพ.pdf", png(), 'ไฟล์ "ภาพ.pdf" มีนามสกุล .pdf แต่เนื้อไฟล์เป็น PNG'),
        ("ไม่มีนามสกุล", PDF, "มีนามสกุล .(ไม่มี) แต่เนื้อไฟล์เป็น PDF"),
        ("ว่าง.pdf", b"", 'ไฟล์ "ว่าง.pdf" ว่างเปล่า'),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_naming_it(name, content, message):
    with pytest.raises(ValidationError) as refused:
        evidence.check(upload(name, content))
    assert message in refused.value.messages[0]


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (2 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        evidence.check(upload("ใหญ่.pdf", big))
    assert refused.value.messages == [
        'ไฟล์ "ใหญ่.pdf" มีขนาด 2 MB เกินที่แนบได้ 1 MB กรุณาย่อขนาดไฟล์หรือแบ่งเป็นหลายไฟล์'
    ]


@pytest.fixture
def measure(agency, finance_division):
    return measure_with_a_result(agency, finance_division)


def measure_with_a_result(agency, finance_division):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูลสาธารณะ",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
    )
    measure.responsible_divisions.set([finance_division])
    Result.objects.create(measure=measure, text="เผยแพร่ข้อมูลบนเว็บไซต์")
    return measure


def change_form(measure, division, **files):
    result = measure.results.get()
    return measure_form(
        measure.agency,
        [division],
        number=str(measure.number),
        **inline_management("steps", 0),
        **inline_management("results", 1, initial=1),
        **{
            "results-0-id": str(result.pk),
            "results-0-measure": str(measure.pk),
            "results-0-position": "1",
        },
        **files,
    )


def change_url(measure):
    return f"/admin/measures/measure/{measure.pk}/change/"


def test_an_officer_attaches_files_to_a_result_and_the_history_records_them(
    client, officer, measure, finance_division
):
    client.login(username=officer.username, password=PASSWORD)
    files = [upload("หนังสือเวียน.pdf", PDF), upload("ภาพกิจกรรม.png", png())]
    data = change_form(measure, finance_division, **{"results-0-evidence_upload": files})

    response = client.post(change_url(measure), data)

    assert response.status_code == 302, response.context["errors"]
    stored = list(measure.results.get().evidence_files.order_by("name"))
    assert [(f.name, f.content_type, f.size) for f in stored] == [
        ("ภาพกิจกรรม.png", "image/png", len(png())),
        ("หนังสือเวียน.pdf", "application/pdf", len(PDF)),
    ]
    with stored[1].file.open("rb") as file:
        assert file.read() == PDF
    assert stored[1].file.name.startswith(f"evidence/{measure.agency_id}/2568/")
    record = EvidenceFile.history.get(id=stored[1].pk)
    assert (record.history_type, record.history_user) == ("+", officer)
    # The measure's history page lists them too.
    history = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()
    assert "หนังสือเวียน.pdf" in history


def test_ticking_a_file_removes_it_and_the_history_keeps_it(
    client, coordinator, measure, strategy_division, finance_division
):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    client.login(username=coordinator.username, password=PASSWORD)
    page = client.get(change_url(measure)).content.decode()
    assert f'href="/public/rangsit/2568/evidence/{kept.pk}/"' in page

    data = change_form(measure, finance_division, **{"results-0-evidence_remove": [str(kept.pk)]})
    response = client.post(change_url(measure), data)

    assert response.status_code == 302, response.context["errors"]
    assert not EvidenceFile.objects.exists()
    assert [r.history_type for r in EvidenceFile.history.filter(id=kept.pk)] == ["-", "+"]


def test_a_renamed_program_is_refused_in_the_form_and_nothing_is_stored(
    client, officer, measure, finance_division, media_root
):
    client.login(username=officer.username, password=PASSWORD)
    files = [upload("หนังสือเวียน.pdf", PDF), upload("ผลการประชุม.pdf", EXE)]
    data = change_form(
        measure, finance_division, outcome="ข้อความใหม่", **{"results-0-evidence_upload": files}
    )

    response = client.post(change_url(measure), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "ไฟล์ &quot;ผลการประชุม.pdf&quot; แนบเป็นหลักฐานไม่ได้" in page
    assert not EvidenceFile.objects.exists()
    assert not (media_root / "evidence").exists()
    measure.refresh_from_db()
    assert measure.outcome == ""


def test_an_executive_sees_download_links_and_no_upload_field(client, executive, measure):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    client.login(username=executive.username, password=PASSWORD)
    page = client.get(change_url(measure)).content.decode()
    assert f'<a href="/public/rangsit/2568/evidence/{kept.pk}/">หลักฐาน.pdf</a>' in page
    assert "evidence_upload" not in page


def test_an_officer_of_another_division_cannot_attach_files(
    client, strategy_officer, measure, finance_division
):
    client.login(username=strategy_officer.username, password=PASSWORD)
    data = change_form(
        measure, finance_division, **{"results-0-evidence_upload": [upload("x.pdf", PDF)]}
    )
    response = client.post(change_url(measure), data)
    assert response.status_code == 403
    assert not EvidenceFile.objects.exists()


# Who downloads an unpublished file: any role of the agency, and nobody else.
DOWNLOADS = {
    "admin_user": 200,
    "coordinator": 200,
    "officer": 200,
    "strategy_officer": 200,
    "executive": 200,
    "roleless": 404,
    "other_coordinator": 404,
    "other_officer": 404,
}


@pytest.mark.parametrize("who, status", DOWNLOADS.items())
def test_staff_of_the_agency_download_an_unpublished_file_as_an_attachment(
    request, client, measure, who, status
):
    kept = EvidenceFile.store(measure.results.get(), upload("หนังสือเวียน ๒๕๖๘.pdf", PDF))
    client.force_login(request.getfixturevalue(who))

    response = client.get(f"/public/rangsit/2568/evidence/{kept.pk}/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_is_found_only_under_its_own_agency_and_year(client, admin_user, measure):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    client.force_login(admin_user)
    assert client.get(f"/public/sample/2568/evidence/{kept.pk}/").status_code == 404
    assert client.get(f"/public/rangsit/2567/evidence/{kept.pk}/").status_code == 404


def test_an_html_file_stored_anyhow_is_still_only_downloaded(client, coordinator, measure):
    sneaked = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    sneaked.content_type = "text/html"
    sneaked.save()
    client.force_login(coordinator)
    response = client.get(f"/public/rangsit/2568/evidence/{sneaked.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def people(coordinator, executive):
    return {"coordinator": coordinator, "executive": executive}


def test_a_file_is_public_only_once_its_report_is_published(client, agency, measure, people):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    url = f"/public/rangsit/2568/evidence/{kept.pk}/"
    assert client.get(url).status_code == 404
    walk(agency, people, PATHS[ReportState.State.SUBMITTED])
    assert client.get(url).status_code == 404

    walk(agency, people, [ReportState.Action.APPROVE, ReportState.Action.PUBLISH])

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_published_file_stays_public_after_the_year_is_reopened_and_it_is_removed(
    client, agency, measure, people
):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    kept_url = f"/public/rangsit/2568/evidence/{kept.pk}/"
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    walk(agency, people, [ReportState.Action.REOPEN])
    kept.delete()
    added = EvidenceFile.store(measure.results.get(), upload("ยังไม่เผยแพร่.pdf", PDF))

    response = client.get(kept_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(f"/public/rangsit/2568/evidence/{added.pk}/").status_code == 404


def test_a_published_file_changed_in_storage_is_not_handed_out(client, agency, measure, people):
    kept = EvidenceFile.store(measure.results.get(), upload("หลักฐาน.pdf", PDF))
    walk(agency, people, PATHS[ReportState.State.PUBLISHED])
    with kept.file.open("wb") as file:
        file.write(PDF + b"changed")

    response = client.get(f"/public/rangsit/2568/evidence/{kept.pk}/")

    assert response.status_code == 503
    assert "ไม่ตรงกับค่า SHA-256" in response.content.decode()


def test_the_report_lists_files_beside_the_evidence_links(agency, measure, settings):
    settings.SITE_URL = "https://ita.example.go.th"
    result = measure.results.get()
    result.evidence_links = "https://www.rangsit.go.th/news/1"
    result.save()
    kept = EvidenceFile.store(result, upload("หนังสือเวียน 2568.pdf", PDF))

    html = document.render_html(agency, 2568)

    url = f"https://ita.example.go.th/public/rangsit/2568/evidence/{kept.pk}/"
    assert '<a class="evidence" href="https://www.rangsit.go.th/news/1">' in html
    assert f'<a class="evidence" href="{url}">หนังสือเวียน ๒๕๖๘.pdf {url}</a>' in html
