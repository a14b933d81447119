"""The OIT evidence index: for one assessment year, each OIT item with the published measures
that answer it and the public addresses of their evidence and report, for the coordinator to
paste into the national assessment system.

Only published versions count (their frozen data, publication.open_data): an address listed
here is one the public can open. Measures linked in the register but not yet published are
named apart, without addresses.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from ita import codes
from ita.models import Indicator
from measures.models import Measure
from publication import open_data
from publication.models import PublishedReport


@dataclass
class Entry:
    fiscal_year: int
    version: int
    number: int
    title: str
    evidence: list  # (label, address) pairs
    report_url: str
    pdf_url: str


@dataclass
class Row:
    item: Indicator
    entries: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)  # measures linked but not published

    @property
    def has_evidence(self):
        return any(entry.evidence for entry in self.entries)

    @property
    def flag(self):
        if self.has_evidence:
            return ""
        if not self.entries:
            return "ไม่มีมาตรการที่เผยแพร่แล้วตอบข้อนี้"
        return "มาตรการที่เผยแพร่แล้วยังไม่มีหลักฐาน"


def latest_published(agency):
    """The latest version of each fiscal year the agency has published with its data."""
    latest = {}
    for report in (
        PublishedReport.objects.filter(agency=agency, data__isnull=False)
        .select_related("agency")
        .order_by("fiscal_year", "version")
    ):
        latest[report.fiscal_year] = report
    return list(latest.values())


def entries_by_code(reports, year_be, request):
    found = {}
    for report in reports:
        addresses = open_data.addresses(report, request)
        for measure in open_data.measures_of(report, request):
            wanted = [i["code"] for i in measure["ita_items"] if i["assessment_year"] == year_be]
            if not wanted:
                continue
            evidence = [
                (result["text"], link)
                for result in measure["results"]
                for link in result["evidence_links"]
            ] + [
                (file["name"], file["url"])
                for result in measure["results"]
                for file in result["evidence_files"]
            ]
            entry = Entry(
                fiscal_year=report.fiscal_year,
                version=report.version,
                number=measure["number"],
                title=" / ".join(measure["titles"]),
                evidence=evidence,
                report_url=addresses["page_url"],
                pdf_url=addresses["pdf_url"],
            )
            for code in wanted:
                found.setdefault(code, []).append(entry)
    return found


def evidence_index(agency, year_be, request=None):
    """One row per OIT item of the assessment year, in the manual's order."""
    items = [
        item
        for item in Indicator.objects.filter(
            assessment_year__year_be=year_be, instrument=Indicator.Instrument.OIT
        ).order_by("sort_key")
        if not codes.is_indicator(item.code)
    ]
    entries = entries_by_code(latest_published(agency), year_be, request)
    published = {(e.fiscal_year, e.number) for rows in entries.values() for e in rows}
    unpublished = {}
    linked = Measure.objects.filter(
        agency=agency, indicators__assessment_year__year_be=year_be
    ).values_list("indicators__code", "fiscal_year", "number", "pk")
    for code, fiscal_year, number, pk in linked.order_by("fiscal_year", "number"):
        if (fiscal_year, number) not in published:
            url = reverse("admin:measures_measure_change", args=[pk])
            unpublished.setdefault(code, []).append((fiscal_year, number, url))
    return [Row(item, entries.get(item.code, []), unpublished.get(item.code, [])) for item in items]


CSV_COLUMNS = [
    "รหัสข้อ",
    "ชื่อข้อ",
    "หมายเหตุ",
    "ปีงบประมาณ",
    "ฉบับที่",
    "มาตรการลำดับที่",
    "มาตรการ",
    "ที่อยู่หลักฐาน",
    "ที่อยู่รายงานที่เผยแพร่",
    "ที่อยู่ไฟล์ PDF ของรายงาน",
]


def csv_rows(rows):
    """One line per item and measure; an item without a measure has one line with its flag."""
    for row in rows:
        head = [row.item.code, row.item.title_th, row.flag]
        if not row.entries:
            yield head + [""] * 7
        for entry in row.entries:
            yield head + [
                entry.fiscal_year,
                entry.version,
                entry.number,
                entry.title,
                "\n".join(address for _, address in entry.evidence),
                entry.report_url,
                entry.pdf_url,
            ]
