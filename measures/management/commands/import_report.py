from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from measures.report_file import ReportFileError, check_size, parse_report
from measures.report_import import save_report


class Command(BaseCommand):
    help = (
        "นำเข้ารายงานผลการดำเนินการฯ (ไฟล์ข้อความ UTF-8 แบบ measures/demo/"
        "rangsit-2568-integrity-report.txt) เข้าทะเบียนมาตรการ. ถ้าไฟล์ผิดรูปแบบ จะบอกเลขบรรทัด"
        "และไม่บันทึกอะไรเลย. นำเข้าซ้ำได้: มาตรการลำดับเดียวกันในปีเดียวกันจะปรับตามไฟล์ "
        "เฉพาะส่วนที่ไฟล์เปลี่ยนไปจากการนำเข้าครั้งก่อน ส่วนที่แก้ในหน้าผู้ดูแลจะคงไว้ "
        "และถ้าทั้งสองฝั่งแก้ส่วนเดียวกัน จะไม่แตะมาตรการนั้นและรายงานว่าขัดกัน. "
        "ใช้ --dry-run เพื่อดูก่อนว่าจะสร้าง ปรับปรุง หรือคงไว้อะไรบ้าง. "
        "หน่วยงานที่ยังไม่มีในทะเบียนจะถูกสร้างใหม่ โดยใช้ชื่อย่อจาก --slug, หรือ rangsit สำหรับ"
        "เทศบาลนครรังสิต, หรือ agency-N (แก้ได้ภายหลังในหน้าผู้ดูแล)"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ไฟล์รายงาน")
        parser.add_argument(
            "--slug",
            help="ชื่อย่ออักษรอังกฤษของหน่วยงานใหม่ (ใช้เฉพาะเมื่อสร้างหน่วยงาน) เช่น rangsit",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="บอกว่าจะสร้าง ปรับปรุง หรือคงไว้อะไร ทีละมาตรการ โดยไม่บันทึกอะไรเลย",
        )

    def handle(self, *args, file, slug, dry_run, **options):
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                raise CommandError(f'--slug "{slug}" ต้องเป็นอักษรอังกฤษ ตัวเลข - หรือ _ เท่านั้น') from None
        text = read_text(file)
        try:
            summary = save_report(parse_report(text), slug=slug, dry_run=dry_run, source=file.name)
        except ReportFileError as error:
            raise CommandError(f"นำเข้า {file} ไม่ได้: {error}") from None
        self.stdout.write(str(summary))


def read_text(path):
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"ไม่พบไฟล์ {path}") from None
    except OSError as error:
        raise CommandError(f"เปิดไฟล์ {path} ไม่ได้: {error.strerror}") from None
    try:
        # Before decoding: a large binary file is refused for its size, not its bytes.
        check_size(len(data))
    except ReportFileError as error:
        raise CommandError(f"นำเข้า {path} ไม่ได้: {error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_number = data[: error.start].count(b"\n") + 1
        raise CommandError(
            f"นำเข้า {path} ไม่ได้: บรรทัดที่ {line_number}: ไฟล์ไม่ใช่ข้อความ UTF-8 "
            "(บันทึกไฟล์ใหม่เป็น UTF-8 แล้วลองอีกครั้ง)"
        ) from None
