"""What others saved to a record and its rows since a form showed them: the versions a form
carries and the changes, field by field, as people read them (measures.stale_admin uses it).

A version is the latest django-simple-history id of the record and of each inline's rows.
"""

from dataclasses import dataclass
from datetime import date, datetime
from inspect import getattr_static

from django.db import transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags

from thai.calendar import numeric_date
from thai.templatetags.thai import be_datetime

EMPTY = "(ว่าง)"


def is_id(text):
    """Digits that fit a database id (a longer number overflows SQLite's integers)."""
    return text.isdecimal() and len(text) < 19


def is_tracked(model):
    """Whether django-simple-history keeps the model's history."""
    return hasattr(model._meta, "simple_history_manager_attribute")


def history_of(model):
    """The model's history table. Asking `model.history` builds a new manager class each
    time (0.2 ms; a change page asked nine times)."""
    return getattr_static(model, model._meta.simple_history_manager_attribute).model


@dataclass
class Change:
    who: str
    when: datetime
    what: str
    before: str = ""
    after: str = ""
    kind: str = "~"

    def __str__(self):
        when = be_datetime(self.when)
        if self.kind == "+":
            return f"{self.who} เพิ่ม{self.what} เมื่อ {when}: {self.after}"
        if self.kind == "-":
            return f"{self.who} ลบ{self.what} เมื่อ {when}: {self.before}"
        return f"{self.who} แก้ {self.what} เมื่อ {when}: {self.before} → {self.after}"


class Tracked:
    """A record and the inline rows that belong to it, as the change form shows them."""

    def __init__(self, record, children):
        self.record = record
        # (child model, name of its foreign key to the record)
        self.children = children

    def histories(self):
        yield history_of(type(self.record)).objects.filter(id=self.record.pk)
        for model, fk_name in self.children:
            yield history_of(model).objects.filter(**{f"{fk_name}_id": self.record.pk})

    def version(self):
        # One query for the record's and every inline's latest history id.
        latest = {
            f"latest_{number}": Coalesce(
                Subquery(history.order_by("-history_id").values("history_id")[:1]), 0
            )
            for number, history in enumerate(self.histories())
        }
        record = type(self.record)._default_manager.filter(pk=self.record.pk).order_by()
        found = list(record.annotate(**latest).values_list(*latest))
        return ".".join(map(str, found[0] if found else [0] * len(latest)))

    def parse(self, version):
        """The history ids a posted version names, or None if it is missing or malformed."""
        parts = (version or "").split(".")
        if len(parts) != 1 + len(self.children) or not all(is_id(p) for p in parts):
            return None
        return [int(p) for p in parts]

    def lock(self):
        # Two stale saves at once must not both pass the check: the second waits here.
        with transaction.atomic():
            type(self.record)._default_manager.select_for_update().filter(pk=self.record.pk).first()

    def changes_since(self, seen):
        """What others saved after the history ids in `seen`, oldest first."""
        record_history, *child_histories = self.histories()
        changes = []
        for entry in record_history.filter(history_id__gt=seen[0]).order_by("history_id"):
            changes += field_changes(entry, "")
        for (model, _), history, since in zip(
            self.children, child_histories, seen[1:], strict=True
        ):
            label = model._meta.verbose_name
            for entry in history.filter(history_id__gt=since).order_by("history_id"):
                if entry.history_type == "+":
                    changes.append(Change(*who_when(entry), label, after=row_text(entry), kind="+"))
                elif entry.history_type == "-":
                    changes.append(
                        Change(*who_when(entry), label, before=row_text(entry), kind="-")
                    )
                else:
                    changes += field_changes(entry, f"{label} {entry.instance} ")
        return sorted(changes, key=lambda change: change.when)


def who_when(entry):
    user = entry.history_user
    who = (user.get_full_name() or user.get_username()) if user else "ระบบ"
    if entry.history_change_reason:
        who = f"{who} ({entry.history_change_reason})"
    return who, entry.history_date


def field_changes(entry, prefix):
    previous = entry.prev_record
    if previous is None:
        return []
    model = entry.instance_type
    return [
        Change(
            *who_when(entry),
            f'"{prefix}{model._meta.get_field(change.field).verbose_name}"',
            shown(model._meta.get_field(change.field), change.old),
            shown(model._meta.get_field(change.field), change.new),
        )
        for change in entry.diff_against(previous).changes
    ]


def row_text(entry):
    text = getattr(entry, "text", None)
    return f"{entry.instance} {short(strip_tags(text))}" if text else short(str(entry.instance))


def short(text, limit=80):
    text = " ".join(str(text).split())
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'


def shown(field, value):
    """A stored value as a person reads it, quoted: choice labels, names, BE dates."""
    text = plain(field, value)
    return short(text) if text else EMPTY


def plain(field, value):
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        ids = [row[target] for row in value]
        return ", ".join(str(o) for o in field.related_model._default_manager.filter(pk__in=ids))
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, date):
        return numeric_date(value)
    return strip_tags(str(value))
