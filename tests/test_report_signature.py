"""The report's signature block: the demo has one, and a signer with no name yet gets a
dotted line to write it on, never an empty "()", in the HTML report and in the PDF."""

import re
import subprocess
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportSignature

DOTS = "(........................................)"


def pdftotext(pdf, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def signature_block(html):
    return html[html.index('<section class="signatures">') : html.index("</section>")]


def squeeze(text):
    return "".join(text.split())


@pytest.fixture
def unnamed_head(agency, coordinator):
    """The agency has not entered its head's name, nor has the signature."""
    agency.head_name = ""
    agency.save()
    return ReportSignature.objects.create(
        agency=agency,
        fiscal_year=2568,
        reporter_name="นางสาวผู้รายงาน ทดสอบ",
        reporter_position="นักวิเคราะห์นโยบายและแผน",
        signed_on=date(2025, 9, 30),
    )


def test_the_html_report_gives_an_unnamed_head_a_dotted_line(client, coordinator, unnamed_head):
    client.force_login(coordinator)

    block = signature_block(client.get("/reports/rangsit/2568/").content.decode())

    assert "()" not in re.sub(r"<[^>]+>", "", block)
    assert block.count(DOTS) == 1
    assert "(นางสาวผู้รายงาน ทดสอบ)" in block
    assert "นายกเทศมนตรีนครรังสิต" in block


def test_the_pdf_gives_an_unnamed_head_a_dotted_line(client, coordinator, unnamed_head, tmp_path):
    client.force_login(coordinator)

    response = client.get("/reports/rangsit/2568/pdf/")

    text = squeeze(pdftotext(response.content, tmp_path))
    assert "()" not in text
    assert text.count(DOTS) == 1
    assert "(นางสาวผู้รายงานทดสอบ)" in text


def test_a_named_head_is_printed_in_brackets(client, coordinator, unnamed_head, agency):
    agency.head_name = "นายทดสอบ ผู้บริหาร"
    agency.save()
    client.force_login(coordinator)

    block = signature_block(client.get("/reports/rangsit/2568/").content.decode())

    assert "(นายทดสอบ ผู้บริหาร)" in block
    assert DOTS not in block


def test_the_demo_pdf_ends_with_a_signature_block(client, db, fast_password_hashing, tmp_path):
    call_command("load_demo", password="demo-pass-1234", stdout=StringIO())
    client.login(username="coordinator", password="demo-pass-1234")

    text = squeeze(pdftotext(client.get("/reports/rangsit/2568/pdf/").content, tmp_path))

    signatures = text[text.index("(ลงชื่อ)") :]
    assert "ผู้รายงาน" in signatures
    assert "ผู้อำนวยการกองยุทธศาสตร์และงบประมาณ" in signatures
    # The demo agency has no head's name: a dotted line under the mayor's signature.
    assert DOTS in signatures
    assert "นายกเทศมนตรีนครรังสิต" in signatures
    assert "วันที่๓๐กันยายน๒๕๖๘" in signatures
    assert "()" not in text


def test_loading_the_demo_twice_keeps_one_signature(db, fast_password_hashing):
    call_command("load_demo", password="demo-pass-1234", stdout=StringIO())
    call_command("load_demo", password="demo-pass-1234", stdout=StringIO())

    assert ReportSignature.objects.filter(agency__slug="rangsit", fiscal_year=2568).count() == 1


@pytest.mark.parametrize(
    ("slug", "year", "message"),
    [("nowhere", "2568", 'ไม่พบหน่วยงานชื่อย่อ "nowhere"'), ("rangsit", "2025", "ปีพุทธศักราช")],
)
def test_the_signature_command_refuses_an_unknown_agency_or_a_ce_year(agency, slug, year, message):
    with pytest.raises(CommandError, match=message):
        call_command("load_signature_demo", slug, year)

    assert not ReportSignature.objects.exists()
