"""Refuse to save an admin change form that someone else's save has made stale.

The form carries the versions it showed (measures.stale). If others saved since, the save is
refused with their changes, field by field, and the form comes back with what this person
typed and, where this person typed nothing, the others' newer values: saving again keeps both.
"""

from django import forms
from django.core.exceptions import ValidationError

from measures.stale import Tracked, is_id, is_tracked

VERSION_FIELD = "_version_seen"


def as_data(field, value):
    """The strings a browser posts for `value` in this form field."""
    value = field.prepare_value(value)
    widget = field.widget
    while hasattr(widget, "widget"):  # the admin's related-object wrapper
        widget = widget.widget
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    formatted = widget.format_value(value)
    if formatted is None:
        return [""]
    if isinstance(formatted, list | tuple):
        return [str(item) for item in formatted]
    return [str(formatted)]


def base_instance(model, pk, seen_id):
    """The row as it was when the form was opened (None if it did not exist yet)."""
    entry = model.history.filter(id=pk, history_id__lte=seen_id).order_by("-history_id").first()
    if entry is None or entry.history_type == "-":
        return None, None
    return entry.instance, entry


def changed_by_others(model, pk, seen_id):
    """Model field names whose stored value differs from when the form was opened."""
    _, then = base_instance(model, pk, seen_id)
    now = model.history.filter(id=pk).order_by("-history_id").first()
    if then is None or now is None:
        return set()
    return set(now.diff_against(then).changed_fields)


def m2m_initial(entry, form_class):
    """Many-to-many values as history kept them (the instance's own would be today's)."""
    initial = {}
    for field in getattr(entry, "_history_m2m_fields", []):
        if field.name in form_class.base_fields:
            target = f"{field.m2m_reverse_field_name()}_id"
            initial[field.name] = [getattr(row, target) for row in getattr(entry, field.name).all()]
    return initial


class StaleFormGuard:
    """ModelAdmin mixin: a change form saved after someone else's save is refused, not applied."""

    def stale_tracked(self, request, obj):
        children = []
        for inline in self.get_inline_instances(request, obj):
            if is_tracked(inline.model):
                fk = forms.models._get_foreign_key(self.model, inline.model, inline.fk_name)
                children.append((inline.model, fk.name))
        return Tracked(obj, children)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is None or obj.pk is None or not is_tracked(self.model):
            return form_class
        tracked = self.stale_tracked(request, obj)

        class StaleGuardedForm(form_class):
            stale_changes = None

            def clean(self):
                cleaned = super().clean()
                seen = tracked.parse(self.data.get(VERSION_FIELD))
                if seen is None:
                    return cleaned  # not opened from a change form (a script): nothing to compare
                tracked.lock()
                changes = tracked.changes_since(seen)
                if changes:
                    self.stale_changes = changes
                    self.stale_seen = seen
                    raise ValidationError(
                        [
                            "ยังไม่ได้บันทึก: มีผู้อื่นบันทึกรายการนี้หลังจากที่คุณเปิดแบบฟอร์ม "
                            "สิ่งที่คุณพิมพ์ยังอยู่ในแบบฟอร์มด้านล่าง และช่องที่คุณไม่ได้แก้"
                            "แสดงค่าล่าสุดของผู้อื่นแล้ว ตรวจดูแล้วกดบันทึกอีกครั้ง "
                            "สิ่งที่ผู้อื่นเปลี่ยน:",
                            *map(str, changes),
                        ]
                    )
                return cleaned

        StaleGuardedForm.__name__ = form_class.__name__
        return StaleGuardedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and is_tracked(self.model):
            tracked = self.stale_tracked(request, obj)
            form = context["adminform"].form
            posted = tracked.parse(form.data.get(VERSION_FIELD)) if form.is_bound else None
            if getattr(form, "stale_changes", None):
                self.merge_stale_form(request, context, tracked, form.stale_seen)
                posted = None  # saving again means: over what is stored now
            # A form shown again for another error still rests on what was first opened.
            context["version_seen"] = ".".join(map(str, posted)) if posted else tracked.version()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def merge_stale_form(self, request, context, tracked, seen):
        """Show what this person typed, and others' newer values where this person typed
        nothing, so that saving again keeps both."""
        form = context["adminform"].form
        data = form.data.copy()
        record = tracked.record
        model = type(record)
        then, entry = base_instance(model, record.pk, seen[0])
        if then is not None:
            mine = set(
                type(form)(
                    data=form.data,
                    files=form.files,
                    instance=then,
                    initial=m2m_initial(entry, type(form)),
                ).changed_data
            )
            now = type(form)(instance=model._default_manager.get(pk=record.pk))
            for name in changed_by_others(model, record.pk, seen[0]) - mine:
                if name in now.fields:
                    data.setlist(name, as_data(now.fields[name], now[name].initial))
        formsets = []
        for inline_formset in context["inline_admin_formsets"]:
            formset = inline_formset.formset
            slot = next(
                (i for i, (m, _) in enumerate(tracked.children, 1) if m is formset.model), None
            )
            if slot is not None:
                merge_rows(data, formset, seen[slot])
                formset = type(formset)(
                    data=data,
                    files=formset.files,
                    instance=formset.instance,
                    prefix=formset.prefix,
                    queryset=inline_formset.opts.get_queryset(request),
                )
            formsets.append(formset)
        form.data = data
        context["inline_admin_formsets"] = self.get_inline_formsets(
            request,
            formsets,
            [inline_formset.opts for inline_formset in context["inline_admin_formsets"]],
            record,
        )


def merge_rows(data, formset, seen_id):
    """Rewrite one inline's posted rows in `data`: others' edits where this person made none,
    others' new rows added, rows others deleted dropped unless this person edited them."""
    prefix, model, fk = formset.prefix, formset.model, formset.fk
    current = {row.pk: row for row in model._default_manager.filter(**{fk.name: formset.instance})}
    total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
    initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
    kept, new, seen_pks = [], [], set()
    for index in range(total):
        start = f"{prefix}-{index}-"
        row = {key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)}
        pk = (row.get("id") or [""])[0]
        if index >= initial or not is_id(pk):
            new.append(row)
            continue
        pk = int(pk)
        seen_pks.add(pk)
        then, _ = base_instance(model, pk, seen_id)
        kwargs = formset.get_form_kwargs(index)
        mine = (
            set(formset.form(data=data, prefix=start[:-1], instance=then, **kwargs).changed_data)
            if then is not None
            else None
        )
        if pk not in current:  # deleted by someone else
            if mine and not row.get("DELETE"):
                row["id"] = [""]
                new.insert(0, row)
            continue
        now = formset.form(instance=current[pk], **kwargs)
        for name in changed_by_others(model, pk, seen_id) - (
            set(now.fields) if mine is None else mine
        ):
            if name in now.fields:
                row[name] = as_data(now.fields[name], now[name].initial)
        kept.append(row)
    for pk, added in current.items():
        if pk not in seen_pks:
            now = formset.form(instance=added, **formset.get_form_kwargs(None))
            row = {name: as_data(now.fields[name], now[name].initial) for name in now.fields}
            row |= {"id": [str(pk)], fk.name: [str(formset.instance.pk)]}
            kept.append(row)
    for key in list(data):
        index, _, name = key.removeprefix(f"{prefix}-").partition("-")
        if key.startswith(f"{prefix}-") and index.isdecimal() and name:
            del data[key]
    for index, row in enumerate(kept + new):
        for name, values in row.items():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(kept) + len(new))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
