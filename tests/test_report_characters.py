"""Every character the report prints is in its own font; one it cannot print is refused where
it is typed or imported, with a Thai message naming it and its position, and one stored
before is printed as a placeholder that leaves the rest of the text layer intact."""

import io
import subprocess
from datetime import date

import pdfplumber
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from fontTools.ttLib import TTFont

from measures.models import Agency, Measure, Result, Step
from reports import document
from tests.conftest import PASSWORD
from tests.test_measure_admin import ADD_URL, measure_form
from thai import characters

SYMBOLS = "● ○ ■ □ ✓ ☐ → ←"
SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"
FONTS = [
    settings.BASE_DIR / f"static/fonts/LaksamanITA-{style}.ttf" for style in ("Regular", "Bold")
]
EMOJI = "\U0001f600"


def test_both_faces_have_every_symbol_officers_type():
    for path in FONTS:
        cmap = TTFont(path).getBestCmap()
        glyf = TTFont(path)["glyf"]
        for symbol in SYMBOLS.split():
            assert ord(symbol) in cmap, f"{symbol} missing from {path.name}"
            assert glyf[cmap[ord(symbol)]].numberOfContours > 0  # drawn, not an empty box


def test_the_stored_coverage_is_the_fonts_own():
    cmaps = [set(TTFont(path).getBestCmap()) for path in FONTS]
    printable = characters.printable_characters()
    assert {ord(c) for c in printable if c not in "\n\r\t"} <= set.intersection(*cmaps)
    for symbol in SYMBOLS.split() + ["ก", "ำ", "๙", "A", "“", "•"]:
        assert symbol in printable
    assert EMOJI not in printable
    assert "\u2714" not in printable  # ✔ heavy check mark: not drawn, so refused


def test_symbols_print_in_the_report_font_only(agency, tmp_path):
    Measure.objects.create(
        agency=agency, fiscal_year=2568, number=1, titles=f"สัญลักษณ์ {SYMBOLS}", outcome="✓ ผ่าน"
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(document.render_pdf(document.render_html(agency, 2568)))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in fonts.stdout.splitlines()[2:]]
    assert names and all("Laksaman-ITA" in name for name in names)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert SYMBOLS.replace(" ", "") in "".join(text.split())


def test_the_validator_names_the_character_and_its_position():
    with pytest.raises(ValidationError) as error:
        characters.validate_printable(f"ดำเนินการ{EMOJI}แล้ว")
    message = error.value.messages[0]
    assert f'"{EMOJI}" (U+1F600) ที่ตำแหน่ง 10' in message
    assert "พิมพ์ตัวอักษร" in message


def test_the_validator_counts_what_it_does_not_name():
    with pytest.raises(ValidationError) as error:
        characters.validate_printable(EMOJI * 5)
    assert "และอีก 2 ตัว" in error.value.messages[0]


def test_the_validator_accepts_thai_symbols_and_line_breaks():
    characters.validate_printable(f"● ข้อ ๑\n□ ข้อ ๒\t{SYMBOLS} “ผ่าน” 100%")


@pytest.mark.parametrize(
    "field", ["titles", "outcome", "results_intro", "steps-0-text", "results-0-text"]
)
def test_the_admin_refuses_an_emoji_in_a_printed_text(
    client, officer, agency, finance_division, field
):
    client.login(username=officer.username, password=PASSWORD)
    data = measure_form(agency, [finance_division])
    data[field] = f"ข้อความ{EMOJI}"

    response = client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "U+1F600) ที่ตำแหน่ง 8" in response.content.decode()
    assert not Measure.objects.exists()
    assert not Step.objects.exists()


def test_the_import_refuses_an_emoji_and_stores_nothing(db, tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if "สสำรวจความพึงพอใจ" in line)
    lines[number] = lines[number].replace("สสำรวจความพึงพอใจ", f"สสำรวจ{EMOJI}ความพึงพอใจ")
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_report", str(path))

    assert "U+1F600" in str(error.value)
    assert f"บรรทัด {number + 1}" in str(error.value) or str(number + 1) in str(error.value)
    assert not Measure.objects.exists()
    assert not Agency.objects.exists()


def test_an_emoji_stored_before_prints_as_a_placeholder_and_the_rest_reads_back(agency):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        number=1,
        titles=f"การเปิดเผยข้อมูล {EMOJI}",
        started_on=date(2024, 10, 1),
        outcome="ประชาชนเข้าถึงข้อมูลได้ง่าย",
    )
    Step.objects.create(measure=measure, text=f"ปรับปรุงเว็บไซต์ {EMOJI}{EMOJI} ให้ทันสมัย")
    Result.objects.create(measure=measure, text="ลงประกาศข่าวสาร")

    pdf = document.render_pdf(document.render_html(agency, 2568))

    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        page = reader.pages[0]
        text = page.extract_text()
        fonts = {char["fontname"] for char in page.chars}
    assert "การเปิดเผยข้อมูล [?]" in text
    assert "ปรับปรุงเว็บไซต์ [?][?] ให้" in text
    for words in ["ลงประกาศข่าวสาร", "ประชาชนเข้าถึงข้อมูลได้ง่าย", "ทันสมัย"]:
        assert words in text.split()
    assert all("LaksamanITA" in font.replace("-", "") for font in fonts)
