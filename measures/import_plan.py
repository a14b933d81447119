"""What importing a report would do to each measure: the file, the register and what the last
import wrote (`Measure.last_import`) compared part by part, and the summary printed in Thai.

A part only the file changed is applied; a part only staff changed is kept; a part both
changed is a conflict, and the whole measure is left as it is. The ITA items, the score switch
and the evidence are never in the file, and status and progress staff set are theirs.
"""

from dataclasses import dataclass, field

from measures.models import Agency, Measure, Result, Step

# The parts of a measure the file gives, compared one by one, with the names staff know.
PARSED_FIELDS = [
    "steps_style",
    "started_on",
    "ended_on",
    "is_every_division",
    "results_intro",
    "results_style",
    "outcome",
]
MEASURE_FIELDS = ["titles", *PARSED_FIELDS, "responsible_divisions"]
PART_NAMES = {name: str(Measure._meta.get_field(name).verbose_name) for name in MEASURE_FIELDS}
PART_NAMES |= {
    "steps": str(Step._meta.verbose_name_plural),
    "results": str(Result._meta.verbose_name_plural),
    # Derived from the file's results on creation; afterwards the staff's to keep up to date.
    "status": "สถานะและความก้าวหน้า",
}

# A part of a measure no import wrote that still holds one of these has nothing staff entered.
NOTHING_ENTERED = ("", [], None, [Measure.Status.NOT_STARTED, 0])

CREATE, CHANGE, SAME, CONFLICT = "create", "change", "same", "conflict"


@dataclass
class MeasurePlan:
    number: int
    action: str
    changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    agency: Agency
    is_new_agency: bool
    fiscal_year: int
    plans: list[MeasurePlan]
    new_divisions: list[str]
    not_in_file: list[int] = field(default_factory=list)
    dry_run: bool = False

    def numbers(self, action):
        return [plan.number for plan in self.plans if plan.action == action]

    def __str__(self):
        counts = (
            f"สร้างใหม่ {len(self.numbers(CREATE))} มาตรการ "
            f"ปรับปรุง {len(self.numbers(CHANGE))} มาตรการ"
        )
        if self.numbers(SAME):
            counts += f" ไม่เปลี่ยน {len(self.numbers(SAME))} มาตรการ"
        if self.numbers(CONFLICT):
            counts += f" ขัดกัน {len(self.numbers(CONFLICT))} มาตรการ"
        lines = [f"นำเข้า{self.agency.name} ปีงบประมาณ พ.ศ. {self.fiscal_year}: {counts}"]
        if self.dry_run:
            lines.insert(0, "ทดลองนำเข้า (--dry-run): ยังไม่ได้บันทึกอะไร ถ้านำเข้าจริงจะเป็นดังนี้")
        if self.numbers(CREATE):
            lines.append(f"สร้างใหม่: ลำดับที่ {numbered(self.numbers(CREATE))}")
        for plan in self.plans:
            lines += plan_lines(plan)
        if self.numbers(SAME):
            lines.append(f"ไม่เปลี่ยน: ลำดับที่ {numbered(self.numbers(SAME))}")
        if self.not_in_file:
            lines.append(f"มีในทะเบียนแต่ไม่มีในไฟล์ (คงไว้): ลำดับที่ {numbered(self.not_in_file)}")
        if self.is_new_agency:
            lines.append(f"สร้างหน่วยงานใหม่ ชื่อย่อในลิงก์ {self.agency.slug}")
        if self.new_divisions:
            lines.append(f"สร้างสำนัก/กองใหม่: {', '.join(self.new_divisions)}")
        return "\n".join(lines)


def numbered(numbers):
    return ", ".join(map(str, numbers))


def named(parts):
    return ", ".join(PART_NAMES[part] for part in parts)


def plan_lines(plan):
    if plan.action == CONFLICT:
        return [
            f"ลำดับที่ {plan.number}: ขัดกัน ไม่ได้นำเข้า คงไว้ตามทะเบียน "
            f"เพราะทั้งทะเบียนและไฟล์เปลี่ยนไปจากการนำเข้าครั้งก่อน: {named(plan.conflicts)} "
            "(แก้ในหน้าผู้ดูแลให้ตรงกับที่ต้องการ)"
        ]
    lines = []
    if plan.action == CHANGE:
        lines.append(f"ลำดับที่ {plan.number}: ปรับปรุง {named(plan.changed)}")
    if plan.kept:
        lines.append(f"ลำดับที่ {plan.number}: คงค่าที่แก้ในทะเบียน {named(plan.kept)}")
    return lines


def iso(day):
    return day.isoformat() if day else None


def file_values(parsed, divisions):
    """What the file says of a measure, as JSON, in the shape of register_values."""
    is_done = bool(parsed.results)  # a year-end report lists what was done
    return {
        "titles": "\n".join(parsed.titles),
        "steps_style": parsed.steps_style,
        "started_on": iso(parsed.started_on),
        "ended_on": iso(parsed.ended_on),
        "is_every_division": parsed.is_every_division,
        "results_intro": parsed.results_intro,
        "results_style": parsed.results_style,
        "outcome": parsed.outcome,
        "responsible_divisions": sorted(divisions[name].pk for name in parsed.division_names),
        "steps": list(parsed.steps),
        "results": [[result.text, iso(result.done_on)] for result in parsed.results],
        "status": [
            Measure.Status.DONE if is_done else Measure.Status.NOT_STARTED,
            100 if is_done else 0,
        ],
    }


def register_values(measure):
    values = {name: getattr(measure, name) for name in ["titles", *PARSED_FIELDS]}
    return values | {
        "started_on": iso(measure.started_on),
        "ended_on": iso(measure.ended_on),
        "responsible_divisions": sorted(d.pk for d in measure.responsible_divisions.all()),
        "steps": [step.text for step in measure.steps.order_by("position", "pk")],
        "results": [
            [result.text, iso(result.done_on)]
            for result in measure.results.order_by("position", "pk")
        ],
        "status": [measure.status, measure.progress],
    }


def plan_update(measure, new):
    """Compare the file (`new`), the register and what the last import wrote, part by part."""
    now, then = register_values(measure), measure.last_import
    plan = MeasurePlan(measure.number, SAME)
    for part in PART_NAMES:
        if new[part] == now[part]:
            continue
        if then is not None and now[part] == then.get(part):
            plan.changed.append(part)  # only the file changed
        elif then is None and now[part] in NOTHING_ENTERED:
            plan.changed.append(part)  # e.g. a measure copied from last year: nothing to lose
        elif part == "status" or (then is not None and new[part] == then.get(part)):
            plan.kept.append(part)  # only staff changed (status and progress are theirs)
        else:
            plan.conflicts.append(part)  # both changed, or no record of the last import
    if plan.conflicts:
        plan.action = CONFLICT
    elif plan.changed:
        plan.action = CHANGE
    return plan
