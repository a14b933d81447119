"""A register workbook (measures.excel) written into the register: only what the file changed,
in one transaction, or nothing at all when any row is refused. Each refusal names its sheet,
row and column; who may change what follows Measure.is_editable_by.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction

from measures import roles
from measures.attribution import recorded_as
from measures.excel import (
    INDICATOR,
    INFO_SHEET,
    MEASURE_COLUMNS,
    MEASURES_SHEET,
    NO,
    RESULTS_SHEET,
    STEPS_SHEET,
    YES,
    FileRefused,
    Problem,
    indicator_name,
    measure_values,
    read_workbook,
)
from measures.models import Agency, ClosedYear, Division, Measure, Result, Step, division_id_of
from thai.calendar import numeric_date, to_arabic_digits

CREATE, CHANGE, SAME, REFUSED = "สร้างใหม่", "แก้ไข", "ไม่เปลี่ยน", "ไม่รับ"


@dataclass
class Outcome:
    sheet: str
    row: int
    number: int
    action: str
    details: list = field(default_factory=list)


@dataclass
class ImportResult:
    agency: Agency | None = None
    fiscal_year: int | None = None
    outcomes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    not_in_file: list = field(default_factory=list)
    applied: bool = False

    @property
    def has_changes(self):
        return any(o.action in (CREATE, CHANGE) for o in self.outcomes)

    def count(self, action):
        return sum(1 for o in self.outcomes if o.action == action)

    def lines(self):
        """The result in Thai, one line a measure, then every refusal."""
        out = []
        if self.agency:
            out.append(
                f"{self.agency.name} ปีงบประมาณ พ.ศ. {self.fiscal_year}: "
                f"สร้างใหม่ {self.count(CREATE)} แก้ไข {self.count(CHANGE)} "
                f"ไม่เปลี่ยน {self.count(SAME)} ไม่รับ {self.count(REFUSED)} มาตรการ"
            )
        for o in self.outcomes:
            details = f": {'; '.join(o.details)}" if o.details else ""
            out.append(f"แถวที่ {o.row} มาตรการลำดับที่ {o.number}: {o.action}{details}")
        if self.not_in_file:
            numbers = ", ".join(map(str, self.not_in_file))
            out.append(f"มีในทะเบียนแต่ไม่มีในไฟล์ (คงไว้): ลำดับที่ {numbers}")
        out += [f"ข้อผิดพลาด: {problem}" for problem in self.problems]
        if self.problems:
            out.append("ไฟล์มีข้อผิดพลาด จึงไม่ได้บันทึกอะไรเลย")
        elif self.applied:
            out.append("บันทึกแล้ว" if self.has_changes else "ไม่มีอะไรเปลี่ยน จึงไม่ได้บันทึกอะไร")
        return out


def import_workbook(data, user=None, *, dry_run=False, source=""):
    """Read the file and write what it changed, all or nothing. With dry_run, or when any
    row is refused, everything is undone and the result says what would have happened.
    `user` None is the command line without --user: every agency, every measure."""
    result = ImportResult()
    try:
        parsed = read_workbook(data)
    except FileRefused as refusal:
        result.problems.append(Problem(source or "ไฟล์", None, "", str(refusal)))
        return result
    result.problems += parsed.problems
    if parsed.fiscal_year is None:
        return result
    agencies = Agency.objects.all() if user is None else Agency.objects.for_user(user)
    agency = agencies.filter(slug=parsed.slug).first()
    if agency is None or (user is not None and not roles.has_role(user)):
        message = f'ไม่พบหน่วยงานชื่อย่อ "{parsed.slug}" ที่ท่านมีสิทธิ์นำเข้า'
        result.problems.append(Problem(INFO_SHEET, None, "B", message))
        return result
    result.agency, result.fiscal_year = agency, parsed.fiscal_year
    reason = f"นำเข้าจากไฟล์ Excel {source}".strip()
    with transaction.atomic(), recorded_as(reason, user):
        Writer(agency, parsed, user, result).write()
        result.applied = not (dry_run or result.problems)
        if not result.applied:
            transaction.set_rollback(True)
    return result


class Writer:
    def __init__(self, agency, parsed, user, result):
        self.agency, self.parsed, self.user, self.result = agency, parsed, user, result
        self.year = parsed.fiscal_year
        self.is_closed = ClosedYear.objects.filter(agency=agency, fiscal_year=self.year).exists()
        self.divisions = list(Division.objects.filter(agency=agency))
        self.officer_division = (
            division_id_of(user) if user is not None and roles.is_division_officer(user) else None
        )
        self.is_officer = user is not None and roles.is_division_officer(user)

    def write(self):
        # Staff saving a measure of this year meanwhile wait, so nothing they save is lost.
        existing = {
            m.number: m
            for m in Measure.objects.select_for_update()
            .filter(agency=self.agency, fiscal_year=self.year)
            .prefetch_related("responsible_divisions", "indicators__assessment_year")
        }
        in_file = set()
        for row in self.parsed.measures:
            number = row.values["number"]
            in_file.add(number)
            self.write_measure(row, existing.get(number))
        item_sheets = [(STEPS_SHEET, self.parsed.steps), (RESULTS_SHEET, self.parsed.results)]
        for sheet, items in item_sheets:
            for number, rows in items.items():
                if number not in in_file and number not in self.parsed.unread:
                    first = min(rows.values(), key=lambda r: r.number)
                    message = f"ไม่มีมาตรการลำดับที่ {number} ในแผ่นงาน {MEASURES_SHEET}"
                    self.refuse(Problem(sheet, first.number, first.columns["number"], message))
        self.result.not_in_file = sorted(set(existing) - in_file - self.parsed.unread)

    def refuse(self, problem):
        self.result.problems.append(problem)

    def write_measure(self, row, measure):
        problems_before = len(self.result.problems)
        outcome = Outcome(row.sheet, row.number, row.values["number"], SAME)
        self.result.outcomes.append(outcome)
        is_new = measure is None
        if is_new:
            measure = Measure(agency=self.agency, fiscal_year=self.year, number=outcome.number)
            before = None
        else:
            before = measure_values(measure)
        divisions = self.find_divisions(row, measure)
        indicators = self.find_indicators(row)
        changed = self.changed_parts(row, before)
        steps = self.parsed.steps.get(outcome.number, {})
        results = self.parsed.results.get(outcome.number, {})
        step_changes = item_changes(
            {} if is_new else {s.position: s for s in measure.steps.all()}, steps, step_differs
        )
        result_changes = item_changes(
            {} if is_new else {r.position: r for r in measure.results.all()},
            results,
            result_differs,
        )
        if is_new or changed or any(step_changes) or any(result_changes):
            outcome.action = CREATE if is_new else CHANGE
            outcome.details = (
                [f"ขั้นตอน {len(steps)} แถว ผลการดำเนินการ {len(results)} แถว"]
                if is_new
                else describe(changed, step_changes, result_changes)
            )
            self.check_allowed(row, measure, is_new, changed, divisions)
        if outcome.action == SAME:
            return
        for name in changed:
            if name not in ("responsible_divisions", "indicators"):
                setattr(measure, name, row.values[name])
        if is_new:
            for name, value in row.values.items():
                if name not in ("responsible_divisions", "indicators"):
                    setattr(measure, name, value)
        if changed:
            self.validate_measure(row, measure)
        # Rows the file leaves as they are stay, even if today's rules would refuse them.
        for changes, rows, model in [
            (step_changes, steps, Step),
            (result_changes, results, Result),
        ]:
            for position in [*changes.added, *changes.changed]:
                self.validate_item(model, rows[position])
        if len(self.result.problems) > problems_before:
            outcome.action = REFUSED
            return
        try:
            with transaction.atomic():
                if is_new or set(changed) - {"responsible_divisions", "indicators"}:
                    measure.save()
                if is_new or "responsible_divisions" in changed:
                    measure.responsible_divisions.set(divisions)
                if is_new or "indicators" in changed:
                    measure.indicators.set(indicators)
                apply_items(measure, Step, steps, step_changes, ["text"])
                apply_items(
                    measure, Result, results, result_changes, ["text", "done_on", "evidence_links"]
                )
        except DatabaseError as error:
            message = f"ฐานข้อมูลไม่รับแถวนี้: {str(error).splitlines()[0]}"
            self.refuse(Problem(row.sheet, row.number, "", message))
            outcome.action = REFUSED

    def changed_parts(self, row, before):
        """The measure's parts the file changed (every part for a new measure)."""
        if before is None:
            return [name for name, _, _ in MEASURE_COLUMNS if name != "number"]
        read_back = {
            **row.values,
            "steps_style": Measure.ListStyle(row.values["steps_style"]).label,
            "results_style": Measure.ListStyle(row.values["results_style"]).label,
            "status": Measure.Status(row.values["status"]).label,
            "started_on": numeric_date(row.values["started_on"]),
            "ended_on": numeric_date(row.values["ended_on"]),
            "is_every_division": YES if row.values["is_every_division"] else NO,
            "states_scores": YES if row.values["states_scores"] else NO,
            "responsible_divisions": sorted(d.name for d in row.values["_divisions"]),
            "indicators": sorted(indicator_name(i) for i in row.values["_indicators"]),
        }
        before = {
            **before,
            "responsible_divisions": sorted(before["responsible_divisions"]),
            "titles": before["titles"].replace("\r\n", "\n"),
            "results_intro": before["results_intro"].replace("\r\n", "\n"),
            "outcome": before["outcome"].replace("\r\n", "\n"),
        }
        return [name for name, _, _ in MEASURE_COLUMNS if read_back[name] != before[name]]

    def find_divisions(self, row, measure):
        named = {d.pk for d in measure.responsible_divisions.all()} if measure.pk else set()
        found = []
        column = row.columns["responsible_divisions"]
        for name in row.values["responsible_divisions"]:
            matches = [d for d in self.divisions if d.name == name] or [
                d for d in self.divisions if d.short_name == name
            ]
            if len(matches) != 1:
                message = f'ไม่พบสำนัก/กอง "{name}" ใน{self.agency.name}'
                self.refuse(Problem(row.sheet, row.number, column, message))
            elif matches[0].is_retired and matches[0].pk not in named:
                message = f'สำนัก/กอง "{name}" เลิกใช้แล้ว เลือกให้มาตรการใหม่ไม่ได้'
                self.refuse(Problem(row.sheet, row.number, column, message))
            elif matches[0] not in found:
                found.append(matches[0])
        row.values["_divisions"] = found
        return found

    def find_indicators(self, row):
        model = Measure.indicators.field.related_model
        found = []
        for line in row.values["indicators"]:
            match = INDICATOR.fullmatch(to_arabic_digits(line))
            indicator = None
            if match:
                try:
                    code = codes_canonical(match["code"])
                except ValueError:
                    code = None
                indicator = (
                    model.objects.select_related("assessment_year")
                    .filter(code=code, assessment_year__year_be=int(match["year"]))
                    .first()
                )
            if indicator is None:
                message = f'ไม่พบตัวชี้วัด ITA "{line}" (พิมพ์เช่น o14 (2568))'
                self.refuse(Problem(row.sheet, row.number, row.columns["indicators"], message))
            else:
                found.append(indicator)
        row.values["_indicators"] = found
        return found

    def check_allowed(self, row, measure, is_new, changed, divisions):
        """Refusals for who may write this row: a published year, another division's
        measure for an officer, no right to change at all."""
        where = (row.sheet, row.number, "")
        if self.is_closed:
            message = (
                f"รายงานปีงบประมาณ พ.ศ. {self.year} เผยแพร่แล้ว จึงเพิ่มหรือแก้มาตรการไม่ได้ "
                "จนกว่าผู้ประสานงานจะเปิดแก้ไขปีนี้อีกครั้ง"
            )
            self.refuse(Problem(*where, message))
            return
        if self.user is None:
            return
        permission = "measures.add_measure" if is_new else "measures.change_measure"
        may_edit = is_new or measure.is_editable_by(self.user)
        if not self.user.has_perm(permission) or not may_edit:
            message = "ท่านไม่มีสิทธิ์แก้ไขมาตรการนี้"
            if self.is_officer:
                message = "เจ้าหน้าที่สำนัก/กองแก้ได้เฉพาะมาตรการของสำนัก/กองตนเอง"
            self.refuse(Problem(*where, message))
            return
        if not self.is_officer:
            return
        own = self.officer_division
        if "is_every_division" in changed and not (is_new and not row.values["is_every_division"]):
            message = "เจ้าหน้าที่สำนัก/กองเปลี่ยนช่องนี้ไม่ได้"
            self.refuse(Problem(row.sheet, row.number, row.columns["is_every_division"], message))
        if "responsible_divisions" in changed:
            before = set() if is_new else {d.pk for d in measure.responsible_divisions.all()}
            after = {d.pk for d in divisions}
            others_changed = (before - {own}) != (after - {own})
            if others_changed or (own not in after and not row.values["is_every_division"]):
                message = (
                    "เจ้าหน้าที่สำนัก/กองเพิ่มหรือเอาออกได้เฉพาะสำนัก/กองของตนเอง และต้องคงสำนัก/กองของตนไว้"
                )
                column = row.columns["responsible_divisions"]
                self.refuse(Problem(row.sheet, row.number, column, message))

    def validate_measure(self, row, measure):
        """The model's own checks, each refusal placed on its cell; the rules between
        fields (status and progress) on the status cell."""
        try:
            measure.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = row.columns.get(name) or row.columns["status"]
                if name == NON_FIELD_ERRORS and "ลำดับที่" in " ".join(messages):
                    column = row.columns["number"]
                for message in messages:
                    self.refuse(Problem(row.sheet, row.number, column, message))

    def validate_item(self, model, row):
        values = {k: v for k, v in row.values.items() if k != "number"}
        try:
            model(**values).full_clean(exclude=["measure"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.refuse(Problem(row.sheet, row.number, row.columns.get(name, ""), message))


def codes_canonical(code):
    from ita.codes import canonical_code  # ita reads the register; import it only here

    return canonical_code(code)


def step_differs(step, row):
    return step.text.replace("\r\n", "\n") != row.values["text"]


def result_differs(result, row):
    return (
        result.text.replace("\r\n", "\n") != row.values["text"]
        or result.done_on != row.values["done_on"]
        or result.evidence_links.replace("\r\n", "\n") != row.values["evidence_links"]
    )


def item_changes(stored, rows, differs):
    """(added, changed, removed) positions of a measure's steps or results."""
    added = sorted(set(rows) - set(stored))
    removed = sorted(set(stored) - set(rows))
    changed = sorted(p for p in set(rows) & set(stored) if differs(stored[p], rows[p]))
    return ItemChanges(added, changed, removed, stored)


@dataclass
class ItemChanges:
    added: list
    changed: list
    removed: list
    stored: dict

    def __iter__(self):
        return iter([self.added, self.changed, self.removed])

    def __bool__(self):
        return bool(self.added or self.changed or self.removed)


def apply_items(measure, model, rows, changes, names):
    # One row at a time, not in bulk, so that the history records each of them.
    for position in changes.removed:
        changes.stored[position].delete()
    for position in changes.changed:
        item = changes.stored[position]
        for name in names:
            setattr(item, name, rows[position].values[name])
        item.save()
    for position in changes.added:
        values = {name: rows[position].values[name] for name in names}
        model.objects.create(measure=measure, position=position, **values)


PART_NAMES = {name: header for name, header, _ in MEASURE_COLUMNS}


def describe(changed, step_changes, result_changes):
    details = []
    if changed:
        names = [PART_NAMES[name].split(" (")[0] for name in changed]
        details.append("เปลี่ยน " + ", ".join(names))
    for what, changes in [("ขั้นตอน", step_changes), ("ผลการดำเนินการ", result_changes)]:
        for verb, positions in zip(["เพิ่ม", "แก้", "ลบ"], changes, strict=True):
            if positions:
                details.append(f"{verb}{what}ลำดับ {', '.join(map(str, positions))}")
    return details
