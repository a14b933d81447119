"""import_report refuses oversized files and invisible or misleading characters, each with its
own Thai message naming the line, and never with a Python traceback."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError

from measures.models import Measure
from measures.report_file import MAX_FILE_BYTES, ReportFileError, parse_report
from tests.test_import_report import SEED, import_report, seed_lines, write_lines


def seed_with_line(tmp_path, line_number, insert):
    """The seed with `insert` put in the middle of one line (numbered from 1)."""
    lines = seed_lines()
    line = lines[line_number - 1]
    lines[line_number - 1] = line[: len(line) // 2] + insert + line[len(line) // 2 :]
    return write_lines(tmp_path, lines)


def refusal(path):
    with pytest.raises(CommandError) as error:
        import_report(path)
    assert not Measure.objects.exists()
    return str(error.value)


def test_a_file_over_the_size_limit_is_refused_before_reading_its_rows(tmp_path, db):
    path = tmp_path / "huge.txt"
    path.write_bytes(SEED.read_bytes() * (MAX_FILE_BYTES // SEED.stat().st_size + 1))
    message = refusal(path)
    assert "เกินขนาดที่รับได้ 2 MB" in message


def test_a_binary_file_over_the_size_limit_is_refused_for_its_size(tmp_path, db):
    path = tmp_path / "huge.bin"
    path.write_bytes(b"\xff" * (MAX_FILE_BYTES + 1))
    assert "เกินขนาดที่รับได้" in refusal(path)


def test_a_file_at_the_size_limit_is_read(db):
    text = SEED.read_text(encoding="utf-8")
    padding = MAX_FILE_BYTES - len(text.encode("utf-8"))
    report = parse_report(text + "\n" * padding)
    assert len(report.measures) > 0


def test_a_nul_byte_names_its_line(tmp_path, db):
    message = refusal(seed_with_line(tmp_path, 12, "\x00"))
    assert "บรรทัดที่ 12: มีอักขระ NUL" in message


@pytest.mark.parametrize("character", ["\x07", "\x1b", "\x0b", "\x0c", "\x7f", "\x85"])
def test_a_control_character_names_its_line_and_code(tmp_path, db, character):
    message = refusal(seed_with_line(tmp_path, 9, character))
    assert f"บรรทัดที่ 9: มีอักขระควบคุม U+{ord(character):04X}" in message


@pytest.mark.parametrize("digit", ["٢", "۵"])
def test_an_arabic_indic_digit_names_its_line(tmp_path, db, digit):
    message = refusal(seed_with_line(tmp_path, 14, digit))
    assert f'บรรทัดที่ 14: มีเลขอารบิก-อินดิก "{digit}"' in message


def test_cr_only_line_endings_are_refused_at_the_first_line(tmp_path, db):
    path = tmp_path / "mac.txt"
    path.write_bytes("\r".join(seed_lines()).encode("utf-8"))
    assert "บรรทัดที่ 1: ไฟล์ขึ้นบรรทัดด้วย CR อย่างเดียว" in refusal(path)


def test_a_lone_cr_inside_a_crlf_file_names_its_line(tmp_path, db):
    lines = seed_lines()
    lines[6] = lines[6].replace(" ", "\r", 1)
    path = tmp_path / "mixed.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    assert "บรรทัดที่ 7: ไฟล์ขึ้นบรรทัดด้วย CR อย่างเดียว" in refusal(path)


def test_crlf_line_endings_and_tabs_are_still_read():
    report = parse_report(SEED.read_text(encoding="utf-8").replace("\n", "\r\n"))
    assert len(report.measures) == len(parse_report(SEED.read_text(encoding="utf-8")).measures)


def test_each_refusal_has_its_own_message():
    texts = ["ก\x00", "ก\x07", "ก٣", "ก\rข"]
    messages = set()
    for text in texts:
        with pytest.raises(ReportFileError) as error:
            parse_report(text)
        messages.add(error.value.message.split(" ")[0])
    assert len(messages) == len(texts)


def test_the_command_prints_no_traceback_for_a_nul_byte(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(SEED.read_bytes().replace("มาตรการ".encode(), b"\x00", 1))
    environment = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(path)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert finished.returncode != 0
    assert "Traceback" not in finished.stderr
    assert "มีอักขระ NUL" in finished.stderr
