"""Bring a measure back as it was at an earlier moment, with its divisions, ITA items, steps
and results: an earlier version of a live measure, or a deleted one. The restore is itself a
change in the audit trail, with its reason."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from measures.database_refusals import UNKNOWN_RULE, thai_message
from measures.models import Agency, Division, EvidenceFile, Measure, Result, Step

# Deleting a measure deletes its steps and results first, each recorded a moment before it.
CASCADE = timedelta(seconds=5)


class RestoreError(Exception):
    """Why a version cannot be brought back, in Thai for the person who asked."""


@dataclass
class Snapshot:
    measure: Measure
    division_ids: list
    indicator_ids: list
    steps: list
    results: list
    evidence: list

    @property
    def division_names(self):
        divisions = Division.objects.filter(pk__in=self.division_ids)
        return list(divisions.values_list("name", flat=True))


def snapshot_at(measure_id, moment):
    """The measure as it was at `moment`, or None if it did not exist then."""
    record = Measure.history.filter(id=measure_id, history_date__lte=moment).first()
    if record is None or record.history_type == "-":
        return None
    results = items_at(Result, measure_id, moment)
    evidence = EvidenceFile.history.as_of(moment).filter(
        result_id__in=[result.pk for result in results]
    )
    return Snapshot(
        measure=record.instance,
        division_ids=[row.division_id for row in record.responsible_divisions.all()],
        indicator_ids=[row.indicator_id for row in record.indicators.all()],
        steps=items_at(Step, measure_id, moment),
        results=results,
        evidence=sorted(evidence, key=lambda file: (file.uploaded_at, file.pk)),
    )


def items_at(model, measure_id, moment):
    items = model.history.as_of(moment).filter(measure_id=measure_id)
    return sorted(items, key=lambda item: (item.position, item.pk))


def moment_before_deletion(measure_id):
    """The last moment the deleted measure was whole: before its steps and results went."""
    deletion = Measure.history.filter(id=measure_id).first()
    if deletion is None or deletion.history_type != "-":
        return None
    cascade_from = deletion.history_date - CASCADE
    result_ids = Result.history.filter(measure_id=measure_id).values("id")
    records = [
        Measure.history.filter(id=measure_id),
        Step.history.filter(measure_id=measure_id),
        Result.history.filter(measure_id=measure_id),
        EvidenceFile.history.filter(result_id__in=result_ids),
    ]
    earlier = [
        record.history_date
        for history in records
        for record in history.filter(history_date__lte=deletion.history_date)
        if not (record.history_type == "-" and record.history_date >= cascade_from)
    ]
    return max(earlier, default=None)


@transaction.atomic
def restore(snapshot, reason):
    """Write the snapshot back; returns notes in Thai on what could not be kept as it was."""
    measure = snapshot.measure
    if not Agency.objects.filter(pk=measure.agency_id).exists():
        raise RestoreError("หน่วยงานของมาตรการนี้ถูกลบไปแล้ว จึงกู้คืนไม่ได้")
    notes = []
    taken = Measure.objects.filter(
        agency_id=measure.agency_id, fiscal_year=measure.fiscal_year, number=measure.number
    ).exclude(pk=measure.pk)
    wanted_number = measure.number
    if taken.exists():
        measure.number = None  # Measure.save gives the next free number
    measure._change_reason = reason
    try:
        measure.full_clean(validate_unique=False, validate_constraints=False)
        measure.save()
    except ValidationError as error:
        raise RestoreError(
            "ข้อมูลฉบับนั้นไม่ผ่านการตรวจสอบของทะเบียนปัจจุบัน: " + "; ".join(error.messages)
        ) from None
    except IntegrityError as error:
        # A trigger's own reason (a published year, say), else a general one.
        message = thai_message(error)
        if message == UNKNOWN_RULE:
            message = "ข้อมูลฉบับนั้นขัดกับข้อมูลอื่นในทะเบียนปัจจุบัน จึงกู้คืนไม่ได้"
        raise RestoreError(message) from None
    if measure.number != wanted_number:
        notes.append(
            f"ลำดับที่ {wanted_number} ของปีงบประมาณ {measure.fiscal_year} มีมาตรการอื่นใช้อยู่แล้ว "
            f"จึงให้ลำดับที่ {measure.number} แทน"
        )
    divisions = Division.objects.filter(agency_id=measure.agency_id, pk__in=snapshot.division_ids)
    if len(divisions) != len(set(snapshot.division_ids)):
        notes.append("สำนัก/กองบางหน่วยที่เคยรับผิดชอบถูกลบไปแล้ว จึงไม่ได้กู้คืนชื่อนั้น")
    measure.responsible_divisions.set(divisions)
    indicators = Measure.indicators.field.related_model.objects.filter(
        pk__in=snapshot.indicator_ids
    )
    if len(indicators) != len(set(snapshot.indicator_ids)):
        notes.append("ตัวชี้วัด/ข้อ ITA บางข้อถูกลบไปแล้ว จึงไม่ได้กู้คืนข้อนั้น")
    measure.indicators.set(indicators)
    restore_items(Step, measure, snapshot.steps, reason)
    restore_items(Result, measure, snapshot.results, reason)
    notes += restore_evidence(measure, snapshot.evidence, reason)
    return notes


def restore_evidence(measure, old_files, reason):
    """The evidence rows of the restored results. A deleted row's stored file is kept (see
    EvidenceFile), so the row can point at it again; a file gone from storage is named."""
    current = EvidenceFile.objects.filter(result__measure=measure)
    missing = [old for old in old_files if not old.file.storage.exists(old.file.name)]
    restore_items_of(current, [old for old in old_files if old not in missing], reason)
    return [f"ไฟล์หลักฐาน {old.name} ไม่อยู่ในที่เก็บไฟล์แล้ว จึงไม่ได้กู้คืนไฟล์นั้น" for old in missing]


def restore_items(model, measure, old_items, reason):
    for old in old_items:
        old.measure_id = measure.pk
    restore_items_of(model.objects.filter(measure=measure), old_items, reason)


def restore_items_of(queryset, old_items, reason):
    """Make the rows of `queryset` exactly `old_items`: delete the others, save the changed."""
    model = queryset.model
    current = {item.pk: item for item in queryset}
    for pk, item in current.items():
        if pk not in {old.pk for old in old_items}:
            item._change_reason = reason
            item.delete()
    tracked = [f.attname for f in model._meta.fields]
    for old in old_items:
        now = current.get(old.pk)
        if now and all(getattr(now, name) == getattr(old, name) for name in tracked):
            continue
        old._change_reason = reason
        old.save()
