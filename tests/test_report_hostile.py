"""Whatever staff type is shown as text in the page and the PDF, and never breaks rendering."""

import subprocess
from datetime import date

from django.urls import reverse

from measures.models import Measure, Result, Step
from reports import document

SCRIPT = "<script>alert('x')</script>"
UNCLOSED = "<b>ตัวหนาไม่ปิด <i>เอียง"
LONG_WORD = "ก" * 10_000


def hostile_measure(agency, division):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles=f"{SCRIPT}\n{UNCLOSED}",
        started_on=date(2024, 10, 1),
        ended_on=date(2025, 9, 30),
        results_intro=UNCLOSED,
        outcome=LONG_WORD,
    )
    measure.responsible_divisions.set([division])
    Step.objects.create(measure=measure, text=SCRIPT)
    Step.objects.create(measure=measure, text=LONG_WORD)
    Result.objects.create(
        measure=measure, text=UNCLOSED, evidence_links="javascript:alert(1)\nhttps://x.test/a1"
    )
    return measure


def test_a_hostile_text_is_shown_as_text_in_the_page(
    client, coordinator, agency, strategy_division
):
    strategy_division.name = "กอง<script>"
    strategy_division.save()
    hostile_measure(agency, strategy_division)
    client.force_login(coordinator)
    html = client.get(reverse("reports:report", args=["rangsit", 2568])).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "กอง&lt;script&gt;" in html
    # The unclosed bold ends with its cell; <i> is not allowed and shows as text.
    assert "<b>ตัวหนาไม่ปิด &lt;i&gt;เอียง</b>" in html
    assert LONG_WORD in html
    assert 'href="javascript:' not in html
    assert 'href="https://x.test/a1"' in html


def test_a_hostile_text_is_shown_as_text_in_the_pdf(agency, strategy_division, tmp_path):
    hostile_measure(agency, strategy_division)
    path = tmp_path / "hostile.pdf"
    path.write_bytes(document.render_pdf(document.render_html(agency, 2568)))
    command = ["pdftotext", "-enc", "UTF-8", str(path), "-"]
    text = "".join(subprocess.run(command, capture_output=True, text=True).stdout.split())
    assert "<script>alert('x')</script>" in text
    assert "<i>เอียง" in text
    # The long word wraps inside its cell instead of being cut off.
    assert text.count("ก") >= 2 * 10_000
