"""The audit trail as people read it: who changed what, when, with the values before and after.

django-simple-history records every save and delete; this module turns the records into
events for the admin's history pages, in Thai with Buddhist-era dates.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models

from measures.models import Agency, agency_id_of
from thai.calendar import numeric_date
from thai.templatetags.thai import be_datetime

# One save in the admin writes the measure, then its divisions, steps and results a moment
# later: records by the same person for the same reason this close together are one event.
SAME_EVENT = timedelta(seconds=3)
KINDS = {"+": "เพิ่ม", "~": "แก้ไข", "-": "ลบ"}


def visible_to(records, user):
    """Historical records of the rows this user may see: their own agency's, or every one."""
    if user.is_superuser:
        return records
    agency_id = agency_id_of(user)
    if records.model.instance_type is Agency:
        return records.filter(id=agency_id)
    if any(f.name == "agency" for f in records.model.instance_type._meta.fields):
        return records.filter(agency_id=agency_id)
    return records.none()


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Entry:
    subject: str
    kind: str
    changes: list


@dataclass
class Event:
    at: datetime
    user: object
    reason: str
    entries: list = field(default_factory=list)
    main_exists: bool = False
    restore_url: str = ""

    @property
    def at_be(self):
        return be_datetime(self.at)


def history_events(sources, main_model):
    """The records of `sources` (historical querysets) as events, newest first. Within an event
    each row is shown once, compared with how it was before the event; `main_model`'s rows are
    named by their kind ("มาตรการ"), other rows (steps, results) by themselves ("ขั้นตอนที่ 2")."""
    records = sorted(
        (record for source in sources for record in source.select_related("history_user")),
        key=lambda record: (record.history_date, record.history_id),
    )
    groups = []
    for record in records:
        reason = record.history_change_reason or ""
        event = groups[-1][0] if groups else None
        if not (
            event
            and event.user == record.history_user
            and event.reason == reason
            and record.history_date - event.at <= SAME_EVENT
        ):
            event = Event(record.history_date, record.history_user, reason)
            groups.append((event, []))
        event.at = record.history_date
        groups[-1][1].append(record)

    values = ValueNames()
    last_of = {}
    main_exists = False
    for event, group in groups:
        latest = {}
        for record in group:
            latest[record.instance_type, record.id] = record
        for key, record in latest.items():
            entry = describe(record, last_of.get(key), main_model, values)
            if entry:
                event.entries.append(entry)
            if record.instance_type is main_model:
                main_exists = record.history_type != "-"
        last_of.update(latest)
        event.main_exists = main_exists
    return [event for event, _ in reversed(groups) if event.entries]


def describe(record, previous, main_model, values):
    """How a row changed from `previous` (its last record before) to `record`."""
    model = record.instance_type
    subject = str(model._meta.verbose_name) if model is main_model else str(record.instance)
    if record.history_type == "-":
        return Entry(subject, KINDS["-"], [])
    # Fields no form shows (the importer's bookkeeping) are not changes anyone made.
    fields = {
        f.name: f
        for f in model._meta.get_fields()
        if f.concrete and not f.auto_created and f.editable
    }
    if previous is None or previous.history_type == "-":
        changes = [
            Change(str(f.verbose_name), "-", values.show(f, value))
            for f, value in stored_values(record)
            if f.name in fields
            # A step's measure is the page's own subject: naming it again says nothing.
            if not (f.is_relation and f.related_model is main_model)
            and not f.primary_key
            and value not in (None, "", [])
        ]
        return Entry(subject, KINDS["+"], changes)
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    changes = [
        Change(
            str(fields[change.field].verbose_name),
            values.show(fields[change.field], change.old),
            values.show(fields[change.field], change.new),
        )
        for change in delta.changes
        if change.field in fields
    ]
    return Entry(subject, KINDS["~"], changes) if changes else None


def stored_values(record):
    """(field, value) of everything a record holds, its many-to-many links included, in the
    shape diff_against gives them."""
    model = record.instance_type
    for f in model._meta.fields:
        yield f, getattr(record, f.attname)
    for f in getattr(record, "_history_m2m_fields", []):
        target = f.m2m_reverse_field_name()
        rows = getattr(record, f.name).all()
        yield f, [{target: getattr(row, f"{target}_id")} for row in rows]


class ValueNames:
    """Shows a stored value as the admin's form would: names for links, BE for dates."""

    def __init__(self):
        self.names = {}

    def show(self, model_field, value):
        if model_field.many_to_many:
            target = model_field.m2m_reverse_field_name()
            ids = [row[target] for row in value or []]
            return ", ".join(self.name(model_field.related_model, pk) for pk in ids) or "-"
        if value is None or value == "":
            return "-"
        if model_field.is_relation:
            return self.name(model_field.related_model, value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return "ใช่" if value else "ไม่ใช่"
        if isinstance(value, datetime):
            return be_datetime(value)
        if isinstance(value, date):
            return numeric_date(value)
        return str(value)

    def name(self, model, pk):
        if (model, pk) not in self.names:
            row = model._base_manager.filter(pk=pk).first()
            self.names[model, pk] = str(row) if row else f"รายการที่ {pk} (ถูกลบแล้ว)"
        return self.names[model, pk]
