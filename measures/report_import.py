"""Write a parsed report (measures.report_file) into the register, all or nothing, without
overwriting what staff entered in the admin since the last import (measures.import_plan
decides, measure by measure, what to create, change, keep or leave as a conflict).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from measures.attribution import recorded_as
from measures.import_plan import (
    CHANGE,
    CONFLICT,
    CREATE,
    PARSED_FIELDS,
    SAME,
    ImportSummary,
    MeasurePlan,
    file_values,
    plan_update,
)
from measures.models import Agency, ClosedYear, Division, Measure, Result, Step
from measures.report_file import SHORT_FORM_MARK, ReportFileError
from thai import characters

# Agencies whose report links already have a name; any other new agency needs --slug or
# gets "agency-N" (rename it in the admin).
KNOWN_SLUGS = {"เทศบาลนครรังสิต": "rangsit"}


def save_report(report, slug=None, *, dry_run=False, source=""):
    """Write a parsed report (or with dry_run, only say what writing it would do). Everything
    is written in one transaction, recorded in the history as imported from `source`."""
    with transaction.atomic(), recorded_as(f"นำเข้าจากไฟล์ {source}".strip()):
        summary = write_report(report, slug)
        summary.dry_run = dry_run
        if dry_run:
            # The very same writes, undone: what is printed is exactly what an import does.
            transaction.set_rollback(True)
    return summary


def write_report(report, slug):
    agency, is_new_agency = find_or_create_agency(report, slug)
    divisions, new_divisions = find_or_create_divisions(agency, report)
    # Staff saving a measure of this year meanwhile wait, so nothing they save is overwritten.
    existing = {
        measure.number: measure
        for measure in Measure.objects.select_for_update().filter(
            agency=agency, fiscal_year=report.fiscal_year
        )
    }
    # A published year is only compared, never written (the database would refuse it): the
    # import then stops below with the numbers it would have changed.
    closed = ClosedYear.objects.filter(agency=agency, fiscal_year=report.fiscal_year).exists()
    plans = []
    for parsed in report.measures:
        measure = existing.get(parsed.number)
        if measure is None:
            if not closed:
                save_measure(agency, report.fiscal_year, parsed, divisions)
            plans.append(MeasurePlan(parsed.number, CREATE))
        elif closed:
            plans.append(plan_update(measure, file_values(parsed, divisions)))
        else:
            plans.append(update_measure(measure, parsed, divisions))
    in_file = {parsed.number for parsed in report.measures}
    not_in_file = sorted(number for number in existing if number not in in_file)
    summary = ImportSummary(
        agency, is_new_agency, report.fiscal_year, plans, new_divisions, not_in_file
    )
    refuse_closed_year(summary, closed)
    return summary


def refuse_closed_year(summary, closed):
    """A published year stays as published: an import that would create or change one of its
    measures is refused whole (nothing of it was written, see write_report). Importing
    the file again unchanged still passes, so `load_demo` can run twice."""
    touched = summary.numbers(CREATE) + summary.numbers(CHANGE)
    if touched and closed:
        raise ReportFileError(
            None,
            f"รายงานปีงบประมาณ พ.ศ. {summary.fiscal_year} ของ{summary.agency.name} เผยแพร่แล้ว "
            f"จึงนำเข้าไม่ได้ (จะสร้างหรือแก้มาตรการลำดับที่ {', '.join(map(str, sorted(touched)))}) "
            "จนกว่าผู้ประสานงานจะเปิดแก้ไขปีนี้อีกครั้ง",
        )


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
        # A short name staff set in the admin stays; the file only fills in a missing one.
        if short_name and not division.short_name:
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


def update_measure(measure, parsed, divisions):
    new = file_values(parsed, divisions)
    plan = plan_update(measure, new)
    if plan.action == CONFLICT:
        return plan  # left exactly as staff have it
    for part in plan.changed:
        if part in PARSED_FIELDS:
            setattr(measure, part, getattr(parsed, part))
    if "titles" in plan.changed:
        measure.titles = new["titles"]
    if "status" in plan.changed:
        measure.status, measure.progress = new["status"]
    if plan.action == SAME and measure.last_import == new:
        return plan
    measure.last_import = new
    check(measure, parsed)
    measure.save()
    if "responsible_divisions" in plan.changed:
        measure.responsible_divisions.set([divisions[name] for name in parsed.division_names])
    if "steps" in plan.changed:
        replace_steps(measure, parsed.steps)
    if "results" in plan.changed:
        replace_results(measure, parsed.results)
    return plan


def check(measure, parsed):
    try:
        measure.full_clean()
        # Steps and results are saved without their own clean(): the same rules, here.
        text_field = Step._meta.get_field("text")
        for text in [*parsed.steps, *(result.text for result in parsed.results)]:
            text_field.run_validators(text)
            characters.validate_printable(text)
    except ValidationError as error:
        raise ReportFileError(parsed.line_number, described(error, measure)) from None


def described(error, measure):
    """Each message with the name of the part it is about, as the admin shows it."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, errors in error.message_dict.items():
        label = measure._meta.get_field(name).verbose_name if name != "__all__" else ""
        parts += [f"{label}: {message}" if label else message for message in errors]
    return " ".join(parts)


def save_measure(agency, fiscal_year, parsed, divisions):
    """Create a measure the register does not have yet, as the file has it."""
    measure = Measure(agency=agency, fiscal_year=fiscal_year, number=parsed.number)
    new = file_values(parsed, divisions)
    measure.titles = new["titles"]
    for name in PARSED_FIELDS:
        setattr(measure, name, getattr(parsed, name))
    # The file's outcome already quotes its scores as typed; don't add generated ones twice.
    measure.states_scores = False
    measure.status, measure.progress = new["status"]
    measure.last_import = new
    check(measure, parsed)
    measure.save()
    measure.responsible_divisions.set([divisions[name] for name in parsed.division_names])
    replace_steps(measure, parsed.steps)
    replace_results(measure, parsed.results)
    return measure, True


# Rows are saved one by one (not in bulk) so that the history records each of them.
def replace_steps(measure, texts):
    for step in measure.steps.all():
        step.delete()
    for position, text in enumerate(texts, start=1):
        Step.objects.create(measure=measure, position=position, text=text)


def replace_results(measure, results):
    # Evidence is entered in the admin, never in the file: keep it for a result whose text
    # the file repeats, so re-importing a report does not lose what staff attached.
    evidence = {r.text: r.evidence_links for r in measure.results.all() if r.evidence_links}
    for result in measure.results.all():
        result.delete()
    for position, result in enumerate(results, start=1):
        Result.objects.create(
            measure=measure,
            position=position,
            text=result.text,
            done_on=result.done_on,
            evidence_links=evidence.get(result.text, ""),
        )
