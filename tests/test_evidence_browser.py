"""A division officer attaches evidence files to a result in a real browser, and a refused
file comes back with its Thai message and nothing stored."""

from measures.models import EvidenceFile
from tests.test_evidence_files import EXE, PDF, measure_with_a_result


def test_an_officer_attaches_a_file_and_downloads_it_back(
    log_in, live_server, officer, agency, finance_division, media_root, tmp_path
):
    measure = measure_with_a_result(agency, finance_division)
    evidence = tmp_path / "หนังสือเวียน.pdf"
    evidence.write_bytes(PDF)
    program = tmp_path / "ผลการประชุม.pdf"
    program.write_bytes(EXE)
    page = log_in(officer)
    change = f"{live_server.url}/admin/measures/measure/{measure.pk}/change/"

    page.goto(change)
    page.set_input_files("#id_results-0-evidence_upload", [str(evidence), str(program)])
    page.click("input[name=_continue]")

    assert 'ไฟล์ "ผลการประชุม.pdf" แนบเป็นหลักฐานไม่ได้' in page.inner_text("#content")
    assert not EvidenceFile.objects.exists()

    page.set_input_files("#id_results-0-evidence_upload", [str(evidence)])
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    stored = EvidenceFile.objects.get()
    assert stored.name == "หนังสือเวียน.pdf"
    with page.expect_download() as download:
        page.click(f'a[href="/public/rangsit/2568/evidence/{stored.pk}/"]')
    assert download.value.suggested_filename == "หนังสือเวียน.pdf"
    assert open(download.value.path(), "rb").read() == PDF
