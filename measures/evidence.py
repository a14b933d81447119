"""Which uploaded files may be evidence: PDF, images, Word and Excel, recognised by their
content (filetype reads the first bytes), with a name whose extension says the same, and no
larger than settings.EVIDENCE_MAX_BYTES. Anything else is refused with a Thai message naming
the file, so a renamed program or a web page (HTML, SVG) never reaches a download."""

import hashlib
import posixpath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# Extension as typed → the type filetype must find in the content.
ALLOWED = {
    "pdf": "pdf",
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "tif": "tif",
    "tiff": "tif",
    "doc": "doc",
    "docx": "docx",
    "odt": "odt",
    "xls": "xls",
    "xlsx": "xlsx",
    "ods": "ods",
}
KINDS = "PDF รูปภาพ (JPG, PNG, GIF, WebP, TIFF) Word (DOC, DOCX, ODT) และ Excel (XLS, XLSX, ODS)"
# filetype looks this far into a file (an Office file's parts may start a few KB in).
HEAD_BYTES = 8192


def megabytes(size):
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def extension(name):
    return posixpath.splitext(name)[1].lower().lstrip(".")


def check(upload):
    """Refuse `upload` (a Django UploadedFile) with a ValidationError in Thai, or return the
    MIME type its content was recognised as."""
    name = upload.name
    if upload.size == 0:
        raise ValidationError(f'ไฟล์ "{name}" ว่างเปล่า กรุณาเลือกไฟล์หลักฐานที่มีเนื้อหา')
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f'ไฟล์ "{name}" มีขนาด {megabytes(upload.size)} เกินที่แนบได้ {megabytes(limit)} '
            "กรุณาย่อขนาดไฟล์หรือแบ่งเป็นหลายไฟล์"
        )
    upload.seek(0)
    found = filetype.guess(upload.read(HEAD_BYTES))
    upload.seek(0)
    typed = extension(name)
    if found is None or found.extension not in ALLOWED.values():
        what = f"เนื้อไฟล์เป็นชนิด {found.extension}" if found else "ไม่รู้จักชนิดของเนื้อไฟล์"
        raise ValidationError(f'ไฟล์ "{name}" แนบเป็นหลักฐานไม่ได้ ({what}) แนบได้เฉพาะ {KINDS}')
    if ALLOWED.get(typed) != found.extension:
        raise ValidationError(
            f'ไฟล์ "{name}" มีนามสกุล .{typed or "(ไม่มี)"} แต่เนื้อไฟล์เป็น {found.extension.upper()} '
            f"จึงแนบไม่ได้ กรุณาตรวจสอบไฟล์ หรือบันทึกไฟล์ใหม่ให้นามสกุลตรงกับชนิดไฟล์"
        )
    return found.mime


def sha256_of(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
