"""The published report as open data: CSV and JSON made from the copy frozen at publication.

On publishing, snapshot() stores the report's measures as plain values on the published
version (PublishedReport.data); the public CSV and JSON are made from that copy only, so a
later change in the register never reaches them. FIELDS documents every column.
"""

import csv
import io
import json

from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from reports import document

SCHEMA_NAME = "ita-integrity-measures-report"
SCHEMA_VERSION = 1

# (English name, Thai label, description): the CSV's columns, in order, and the JSON's keys
# of a measure. Lists are one value a line in a CSV cell.
FIELDS = [
    ("agency_slug", "ชื่อย่อหน่วยงาน", "ชื่อย่อภาษาอังกฤษที่ใช้ในที่อยู่เว็บ เช่น rangsit"),
    ("agency_name", "หน่วยงาน", "ชื่อหน่วยงาน"),
    ("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "ปีงบประมาณเป็นพุทธศักราช เช่น 2568"),
    ("version", "ฉบับที่", "ฉบับที่เผยแพร่ของรายงานปีนี้ เริ่มจาก 1"),
    ("number", "ที่", "ลำดับที่ของมาตรการในรายงาน"),
    ("titles", "มาตรการ/โครงการ/กิจกรรม", "ชื่อมาตรการ บรรทัดละหนึ่งชื่อ"),
    ("steps", "ขั้นตอน/วิธีการปฏิบัติ", "ขั้นตอน บรรทัดละหนึ่งขั้นตอน ตามลำดับ"),
    ("started_on", "วันเริ่มต้น", "วันที่แบบ ISO 8601 (ค.ศ.) เช่น 2024-10-01 ว่างถ้าไม่ระบุ"),
    ("ended_on", "วันสิ้นสุด", "วันที่แบบ ISO 8601 (ค.ศ.) ว่างถ้าไม่ระบุ"),
    ("responsible_divisions", "ผู้รับผิดชอบ", "สำนัก/กองที่รับผิดชอบ บรรทัดละหนึ่งหน่วย"),
    ("is_every_division", "ทุกสำนัก/กองรับผิดชอบ", "true เมื่อทุกสำนัก/กองรับผิดชอบร่วมกัน"),
    ("results_intro", "ข้อความนำผลการดำเนินการ", "ข้อความก่อนรายการผลการดำเนินการ"),
    (
        "results",
        "ผลการดำเนินการ",
        "ผลการดำเนินการ ตามลำดับ (JSON: text, done_on, evidence_links, evidence_files)",
    ),
    ("evidence_links", "ลิงก์หลักฐาน", "ลิงก์หลักฐานของผลการดำเนินการทุกข้อ บรรทัดละหนึ่งลิงก์"),
    (
        "evidence_files",
        "ไฟล์หลักฐาน",
        "ที่อยู่สาธารณะของไฟล์หลักฐาน บรรทัดละหนึ่งไฟล์ (JSON: name, url, content_type, size, sha256)",
    ),
    ("outcome", "ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ", "ผลลัพธ์ตามที่พิมพ์ในรายงาน รวมข้อความคะแนน ITA"),
    ("status", "สถานะ", "not_started ยังไม่เริ่ม, in_progress กำลังดำเนินการ, done ดำเนินการแล้ว"),
    ("progress", "ความก้าวหน้า (ร้อยละ)", "จำนวนเต็ม 0 ถึง 100"),
    ("ita_items", "ตัวชี้วัด/ข้อ ITA", "รหัสตัวชี้วัดหรือข้อที่มาตรการตอบ เช่น 2568:o14 (ปีที่ประเมิน:รหัส)"),
]
LABELS = {name: label for name, label, _ in FIELDS}
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(text):
    return strip_tags(text or "").strip()


def snapshot(agency, fiscal_year):
    """The report's measures as plain values, frozen with the published version. The same
    measures and texts as the report (reports.document.context), so the data says what the
    PDF says."""
    report = document.context(agency, fiscal_year)
    measures = []
    for measure in report["measures"]:
        outcome = " ".join(
            part for part in (plain(measure.outcome), plain(measure.score_statement)) if part
        )
        measures.append(
            {
                "number": measure.number,
                "titles": [plain(line) for line in measure.title_lines],
                "steps": [plain(step.text) for step in measure.steps.all()],
                "started_on": measure.started_on.isoformat() if measure.started_on else None,
                "ended_on": measure.ended_on.isoformat() if measure.ended_on else None,
                "responsible_divisions": [d.name for d in measure.responsible_divisions.all()],
                "is_every_division": measure.is_every_division,
                "results_intro": plain(measure.results_intro),
                "results": [result_values(result) for result in measure.results.all()],
                "outcome": outcome,
                "status": measure.status,
                "progress": measure.progress,
                "ita_items": [
                    {
                        "assessment_year": item.assessment_year.year_be,
                        "code": item.code,
                        "title": item.title_th,
                    }
                    for item in measure.indicators.all()
                ],
            }
        )
    return {"format": SCHEMA_VERSION, "measures": measures}


def result_values(result):
    return {
        "text": plain(result.text),
        "done_on": result.done_on.isoformat() if result.done_on else None,
        "evidence_links": result.evidence_urls,
        "evidence_files": [
            {
                "id": evidence.pk,
                "name": evidence.name,
                "content_type": evidence.content_type,
                "size": evidence.size,
                "sha256": evidence.sha256,
                # Where the storage keeps it: never shown, used to serve the published file.
                "stored_as": evidence.file.name,
            }
            for evidence in result.evidence_files.all()
        ],
    }


def absolute(path, request=None):
    """The address to give people: SITE_URL when set, else the host the browser used."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def evidence_url(slug, fiscal_year, evidence_id, request=None):
    return absolute(reverse("publication:evidence", args=[slug, fiscal_year, evidence_id]), request)


def addresses(report, request=None):
    """The public addresses of one published version and its data."""
    args = [report.agency.slug, report.fiscal_year]
    version = [*args, report.version]
    has_data = report.data is not None
    return {
        "page_url": absolute(reverse("publication:year", args=args), request),
        "pdf_url": absolute(reverse("publication:pdf", args=version), request),
        "html_url": absolute(reverse("publication:html", args=version), request),
        "csv_url": absolute(reverse("publication:version_csv", args=version), request)
        if has_data
        else None,
        "json_url": absolute(reverse("publication:version_json", args=version), request)
        if has_data
        else None,
    }


def schema():
    return {
        "name": SCHEMA_NAME,
        "version": SCHEMA_VERSION,
        "fields": [
            {"name": name, "label_th": label, "description_th": description}
            for name, label, description in FIELDS
        ],
    }


def measures_of(report, request=None):
    """The frozen measures with the public address of each evidence file, nothing internal."""
    measures = []
    for measure in report.data["measures"]:
        results = [
            {
                **result,
                "evidence_files": [
                    {
                        "name": f["name"],
                        "url": evidence_url(
                            report.agency.slug, report.fiscal_year, f["id"], request
                        ),
                        "content_type": f["content_type"],
                        "size": f["size"],
                        "sha256": f["sha256"],
                    }
                    for f in result["evidence_files"]
                ],
            }
            for result in measure["results"]
        ]
        measures.append(
            {
                "agency_slug": report.agency.slug,
                "agency_name": report.agency.name,
                "fiscal_year": report.fiscal_year,
                "version": report.version,
                **measure,
                "results": results,
            }
        )
    return measures


def as_json(report, request=None):
    data = {
        "schema": schema(),
        "agency": {
            "slug": report.agency.slug,
            "name": report.agency.name,
            "district": report.agency.district,
            "province": report.agency.province,
        },
        "fiscal_year": report.fiscal_year,
        "version": report.version,
        "published_at": report.published_at.isoformat(),
        "pdf_sha256": report.sha256,
        **addresses(report, request),
        "measures": measures_of(report, request),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def lines(values):
    return "\n".join(str(value) for value in values)


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(measure):
    results = measure["results"]
    flat = {
        **measure,
        "titles": lines(measure["titles"]),
        "steps": lines(measure["steps"]),
        "responsible_divisions": lines(measure["responsible_divisions"]),
        "results": lines(r["text"] for r in results),
        "evidence_links": lines(link for r in results for link in r["evidence_links"]),
        "evidence_files": lines(f["url"] for r in results for f in r["evidence_files"]),
        "ita_items": lines(f"{i['assessment_year']}:{i['code']}" for i in measure["ita_items"]),
    }
    return [csv_cell(flat[name]) for name, _, _ in FIELDS]


def as_csv(report, request=None):
    """UTF-8 with a byte-order mark, which Excel needs to read Thai; English names head the
    columns (FIELDS gives their Thai labels)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([name for name, _, _ in FIELDS])
    for measure in measures_of(report, request):
        writer.writerow(csv_row(measure))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def published_evidence(reports, evidence_id):
    """The frozen entry of evidence file `evidence_id` in any of `reports`, or None."""
    for report in reports:
        for measure in (report.data or {}).get("measures", []):
            for result in measure["results"]:
                for entry in result["evidence_files"]:
                    if entry["id"] == evidence_id:
                        return entry
    return None
