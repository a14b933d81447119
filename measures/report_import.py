"""Write a parsed report (measures.report_file) into the register, all or nothing."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from measures.models import Agency, Division, Measure, Result, Step
from measures.report_file import SHORT_FORM_MARK, ReportFileError
from thai import characters

# Agencies whose report links already have a name; any other new agency needs --slug or
# gets "agency-N" (rename it in the admin).
KNOWN_SLUGS = {"เทศบาลนครรังสิต": "rangsit"}


@dataclass
class ImportSummary:
    agency: Agency
    is_new_agency: bool
    fiscal_year: int
    created_numbers: list[int]
    updated_numbers: list[int]
    new_divisions: list[str]

    def __str__(self):
        lines = [
            f"นำเข้า{self.agency.name} ปีงบประมาณ พ.ศ. {self.fiscal_year}: "
            f"สร้างใหม่ {len(self.created_numbers)} มาตรการ "
            f"ปรับปรุง {len(self.updated_numbers)} มาตรการ"
        ]
        if self.created_numbers:
            lines.append(f"สร้างใหม่: ลำดับที่ {', '.join(map(str, self.created_numbers))}")
        if self.updated_numbers:
            lines.append(f"ปรับปรุง: ลำดับที่ {', '.join(map(str, self.updated_numbers))}")
        if self.is_new_agency:
            lines.append(f"สร้างหน่วยงานใหม่ ชื่อย่อในลิงก์ {self.agency.slug}")
        if self.new_divisions:
            lines.append(f"สร้างสำนัก/กองใหม่: {', '.join(self.new_divisions)}")
        return "\n".join(lines)


@transaction.atomic
def save_report(report, slug=None):
    """Write a parsed report; a measure with the same number in the same year is replaced."""
    agency, is_new_agency = find_or_create_agency(report, slug)
    divisions, new_divisions = find_or_create_divisions(agency, report)
    created, updated = [], []
    for parsed in report.measures:
        measure, is_new = save_measure(agency, report.fiscal_year, parsed, divisions)
        (created if is_new else updated).append(measure.number)
    return ImportSummary(agency, is_new_agency, report.fiscal_year, created, updated, new_divisions)


def find_or_create_agency(report, slug):
    agency = Agency.objects.filter(name=report.agency_name).first()
    if agency:
        return agency, False
    slug = slug or KNOWN_SLUGS.get(report.agency_name) or next_free_slug()
    if Agency.objects.filter(slug=slug).exists():
        raise ReportFileError(None, f'ชื่อย่อ "{slug}" เป็นของหน่วยงานอื่นแล้ว กรุณาใช้ --slug อื่น')
    agency = Agency.objects.create(
        name=report.agency_name, slug=slug, district=report.district, province=report.province
    )
    return agency, True


def next_free_slug():
    taken = set(Agency.objects.values_list("slug", flat=True))
    number = len(taken) + 1
    while f"agency-{number}" in taken:
        number += 1
    return f"agency-{number}"


def division_order(rows):
    """The division names in an order every row agrees with ("A B" puts A before B), so the
    register prints each row as the file did; first appearance breaks ties and cycles."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    earlier = {name: set() for name in names}
    for row in rows:
        for index, name in enumerate(row):
            earlier[name].update(row[:index])
    ordered = []
    while len(ordered) < len(names):
        waiting = [name for name in names if name not in ordered]
        ready = [name for name in waiting if earlier[name] <= set(ordered)]
        ordered.append((ready or waiting)[0])
    return ordered


def find_or_create_divisions(agency, report):
    names = division_order([m.division_names for m in report.measures])
    next_position = (agency.divisions.aggregate(n=Max("position"))["n"] or 0) + 1
    divisions, new_names = {}, []
    for name in names:
        if name.endswith(SHORT_FORM_MARK):
            # A short form this file never spells out: the register may know it already.
            division = known_short_form(agency, name)
            if division:
                divisions[name] = division
                continue
        division, is_new = Division.objects.get_or_create(
            agency=agency, name=name, defaults={"position": next_position + len(new_names)}
        )
        short_name = report.short_names.get(name)
        if short_name and division.short_name != short_name:
            division.short_name = short_name
            division.save(update_fields=["short_name"])
        if is_new:
            new_names.append(name)
        divisions[name] = division
    return divisions, new_names


def known_short_form(agency, short_name):
    same = agency.divisions.filter(short_name=short_name)
    if len(same) == 1:
        return same[0]
    prefix = short_name.removesuffix(SHORT_FORM_MARK)
    starting = agency.divisions.filter(name__startswith=prefix).exclude(name__in=[prefix])
    return starting[0] if len(starting) == 1 else None


def save_measure(agency, fiscal_year, parsed, divisions):
    measure = Measure.objects.filter(
        agency=agency, fiscal_year=fiscal_year, number=parsed.number
    ).first()
    is_new = measure is None
    if is_new:
        measure = Measure(agency=agency, fiscal_year=fiscal_year, number=parsed.number)
    measure.titles = "\n".join(parsed.titles)
    measure.steps_style = parsed.steps_style
    measure.started_on = parsed.started_on
    measure.ended_on = parsed.ended_on
    measure.is_every_division = parsed.is_every_division
    measure.results_intro = parsed.results_intro
    measure.results_style = parsed.results_style
    measure.outcome = parsed.outcome
    # The file's outcome already quotes its scores as typed; don't add generated ones twice.
    measure.states_scores = False
    # A year-end report lists what was done: any result means the measure is finished.
    is_done = bool(parsed.results)
    measure.status = Measure.Status.DONE if is_done else Measure.Status.NOT_STARTED
    measure.progress = 100 if is_done else 0
    try:
        measure.full_clean()
        # Steps and results are saved in bulk, without their own clean(): check them here.
        for text in [*parsed.steps, *(result.text for result in parsed.results)]:
            characters.validate_printable(text)
    except ValidationError as error:
        raise ReportFileError(parsed.line_number, " ".join(error.messages)) from None
    measure.save()
    # Evidence is entered in the admin, never in the file: keep it for a result whose text
    # the file repeats, so re-importing a report does not lose what staff attached.
    evidence = {r.text: r.evidence_links for r in measure.results.all() if r.evidence_links}
    measure.steps.all().delete()
    measure.results.all().delete()
    measure.responsible_divisions.set([divisions[name] for name in parsed.division_names])
    Step.objects.bulk_create(
        Step(measure=measure, position=position, text=text)
        for position, text in enumerate(parsed.steps, start=1)
    )
    Result.objects.bulk_create(
        Result(
            measure=measure,
            position=position,
            text=result.text,
            done_on=result.done_on,
            evidence_links=evidence.get(result.text, ""),
        )
        for position, result in enumerate(parsed.results, start=1)
    )
    return measure, is_new
