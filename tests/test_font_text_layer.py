"""The PDF text layer of Thai text set in Laksaman ITA reads back exactly.

WeasyPrint 70 (upstream Kozea/WeasyPrint#2841) writes a text layer in which, with the stock
TLWG Laksaman, ำ reads as า and tone marks vanish or move. static/fonts/ holds Laksaman ITA,
built by fonts/build_font.py with every troublesome mark stack as one glyph. These tests
render with WeasyPrint in-process, read the PDF back with pdftotext and pdfplumber, and
check that the built font fixes what the stock font gets wrong.
"""

from __future__ import annotations

import html
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.urls import URLFetcher

ROOT = Path(__file__).resolve().parent.parent
BUILT = {
    "normal": ROOT / "static" / "fonts" / "LaksamanITA-Regular.ttf",
    "bold": ROOT / "static" / "fonts" / "LaksamanITA-Bold.ttf",
}
STOCK = {
    "normal": ROOT / "fonts" / "source" / "Laksaman.ttf",
    "bold": ROOT / "fonts" / "source" / "Laksaman-Bold.ttf",
}
SEED = ROOT / "measures" / "demo" / "rangsit-2568-integrity-report.txt"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"

WORDS = [
    "ดำเนินการ",
    "ผู้",
    "ให้ผู้",
    "ป่า",
    "ปั้น",
    "ฝั่ง",
    "ฎุ",
    "น้ำ",
    "ค่ำ",
    "คำสั่ง",
    "ที่",
    "สิ่ง",
    "กำนัล",
    "ประจำปี",
]
SARA_AM = "\u0e33"
# TH Sarabun 16 pt is Laksaman at 16/1.5 pt; stacked marks need line-height 1.5 or more.
BODY_CSS = "font-size: 10.67pt; line-height: 1.6;"


def font_face_css(family: str, faces: dict[str, Path]) -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f"src: url({path.as_uri()}); }}"
        for weight, path in faces.items()
    )


class RecordingLocalFetcher(URLFetcher):
    """Fetch local files only (anything else stops the rendering) and remember each URL."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        self.fetched.append(url)
        return super().fetch(url, headers)


def render(body: str, family: str = "Laksaman ITA", faces=None) -> tuple[bytes, list[str]]:
    """Render `body` with WeasyPrint; return the PDF and every URL WeasyPrint fetched."""
    fetcher = RecordingLocalFetcher()
    document = f"""<!doctype html>
<html lang="th"><head><meta charset="utf-8"><style>
{font_face_css(family, faces or BUILT)}
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: "{family}"; {BODY_CSS} }}
.bold {{ font-weight: bold; }}
</style></head><body>{body}</body></html>"""
    pdf = HTML(string=document, base_url=str(ROOT), url_fetcher=fetcher).write_pdf()
    return pdf, fetcher.fetched


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdfplumber_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def read_back(pdf: bytes, reader: str, tmp_path: Path) -> str:
    return pdftotext(pdf, tmp_path) if reader == "pdftotext" else pdfplumber_text(pdf)


def words_page(weight: str) -> str:
    css_class = "bold" if weight == "bold" else ""
    # Both document orders: WeasyPrint maps a glyph to the text of its first use.
    forward = " ".join(WORDS)
    backward = " ".join(reversed(WORDS))
    return f'<p class="{css_class}">{forward}</p><p class="{css_class}">{backward}</p>'


def spacing_letters(text: str) -> str:
    """Drop whitespace and combining marks (readers may move stacked marks)."""
    return "".join(
        c for c in text if not c.isspace() and not unicodedata.category(c).startswith("M")
    )


def seed_lines() -> list[str]:
    """Every printed line of the seed report: title lines and the cells of every row."""
    lines = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            lines.extend(cell.strip() for cell in line.split("\t"))
        elif line.strip():
            lines.append(line.strip())
    return lines


def strip_tags(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


# ---------------------------------------------------------------------------------------
# The listed words


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_listed_words_read_back_as_exact_tokens(weight, reader, tmp_path):
    pdf, _ = render(words_page(weight))
    tokens = read_back(pdf, reader, tmp_path).split()
    assert tokens == WORDS + list(reversed(WORDS))


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
def test_sara_am_reads_back_exactly(reader, tmp_path):
    # า first, then ำ, then า again: the stock font reads one of them wrongly.
    text = "การ ดำเนินการ น้ำ ค่ำ คำสั่ง กำนัล ประจำปี นาน"
    pdf, _ = render(f"<p>{text}</p><p class='bold'>{text}</p>")
    read = read_back(pdf, reader, tmp_path)
    assert read.split() == text.split() * 2
    assert "ดาเนินการ" not in read


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
def test_stock_laksaman_does_not_read_back_sara_am(reader, tmp_path):
    """The defect exists: the unmodified font, under a family name of its own, fails."""
    pdf, _ = render(words_page("normal"), family="Stock Laksaman Copy", faces=STOCK)
    tokens = read_back(pdf, reader, tmp_path).split()
    assert "ดำเนินการ" not in tokens
    assert tokens != WORDS + list(reversed(WORDS))


# ---------------------------------------------------------------------------------------
# The whole seed report


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    lines = seed_lines()
    body = "\n".join(f"<div>{line}</div>" for line in lines)
    pdf, _ = render(body)
    return pdf


@pytest.fixture(scope="module")
def seed_source() -> str:
    return "\n".join(strip_tags(line) for line in seed_lines())


def test_seed_report_has_the_54_sara_am_the_note_counts(seed_source):
    assert seed_source.count(SARA_AM) == 54


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
def test_seed_report_reads_back_every_sara_am(seed_pdf, seed_source, reader, tmp_path):
    read = read_back(seed_pdf, reader, tmp_path)
    assert read.count(SARA_AM) == seed_source.count(SARA_AM) == 54


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
def test_seed_report_spacing_letters_equal_the_source(seed_pdf, seed_source, reader, tmp_path):
    read = read_back(seed_pdf, reader, tmp_path)
    assert spacing_letters(read) == spacing_letters(seed_source)


@pytest.mark.parametrize("reader", ["pdftotext", "pdfplumber"])
def test_seed_report_tokens_are_exact_pieces_of_the_source(seed_pdf, seed_source, reader, tmp_path):
    """Line ends cut Thai words, so a token may be part of a word, but never a misspelling."""
    read = read_back(seed_pdf, reader, tmp_path)
    source = " ".join(seed_source.split())
    wrong = [token for token in read.split() if token not in source]
    assert wrong == []
    # Words that fit on one line come back whole.
    for word in ["ดำเนินการ", "ประจำปีงบประมาณ", "ผู้รับผิดชอบ", "ที่"]:
        assert word in read.split()


# ---------------------------------------------------------------------------------------
# The font files


@pytest.mark.parametrize(("weight", "style"), [("normal", "Regular"), ("bold", "Bold")])
def test_built_font_is_named_laksaman_ita_and_keeps_its_licence(weight, style):
    built = TTFont(BUILT[weight])["name"]
    stock = TTFont(STOCK[weight])["name"]
    assert built.getDebugName(1) == "Laksaman ITA"
    assert built.getDebugName(16) == "Laksaman ITA"
    assert built.getDebugName(2) == style
    assert built.getDebugName(6) == f"LaksamanITA-{style}"
    assert "modified" in built.getDebugName(5)
    for name_id in (0, 13, 14):  # copyright, licence, licence URL
        assert built.getDebugName(name_id) == stock.getDebugName(name_id)
    assert "Font exception" in (ROOT / "static" / "fonts" / "LICENSE.txt").read_text()


@pytest.mark.parametrize("weight", ["normal", "bold"])
def test_built_font_contains_no_network_reference(weight):
    """The only URL in the font is the GPL's address in the licence record (name 14)."""
    font = TTFont(BUILT[weight])
    url = re.compile(r"https?://|www\.|mailto:", re.IGNORECASE)
    with_urls = {r.nameID for r in font["name"].names if url.search(r.toUnicode())}
    assert with_urls <= {14}
    raw = BUILT[weight].read_bytes()
    licence_url = font["name"].getDebugName(14)
    for encoded in (licence_url.encode("ascii"), licence_url.encode("utf-16-be")):
        raw = raw.replace(encoded, b"")
    for needle in ("http", "www.", "mailto"):
        assert needle.encode("ascii") not in raw
        assert needle.encode("utf-16-be") not in raw


def test_rendering_fetches_only_local_files_and_embeds_laksaman_ita():
    pdf, fetched = render(words_page("normal") + words_page("bold"))
    assert fetched and all(urlsplit(url).scheme == "file" for url in fetched)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        fonts = {char["fontname"] for char in document.pages[0].chars}
    # WeasyPrint names embedded fonts "<subset tag>+<family>-<style>": "…+Laksaman-ITA-Bold".
    assert fonts and all("LaksamanITA" in font.replace("-", "") for font in fonts)


def test_rebuilding_the_fonts_gives_identical_bytes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_font", ROOT / "fonts" / "build_font.py")
    build_font = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "build_font", build_font)  # dataclasses need it
    spec.loader.exec_module(build_font)
    assert build_font.main(tmp_path, tmp_path / "report_characters.txt") == 0
    for name in ("LaksamanITA-Regular.ttf", "LaksamanITA-Bold.ttf", "LICENSE.txt"):
        assert (tmp_path / name).read_bytes() == (ROOT / "static" / "fonts" / name).read_bytes()
    coverage = ROOT / "thai" / "report_characters.txt"
    assert (tmp_path / "report_characters.txt").read_bytes() == coverage.read_bytes()
