"""When the database refuses a save that the forms let through (two saves racing, a rule
only the database can check), the admin says why in Thai and keeps what was typed."""

import re

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.http import HttpResponseRedirect

THAI_LETTER = re.compile("[\u0e00-\u0e7f]")
UNKNOWN_RULE = (
    "บันทึกไม่ได้ เพราะข้อมูลขัดกับกฎของฐานข้อมูล (อาจมีผู้อื่นบันทึกในเวลาเดียวกัน) กรุณาตรวจสอบข้อมูลแล้วบันทึกอีกครั้ง"
)


def thai_message(error):
    """The Thai message for an IntegrityError: a trigger's own text, else the message of the
    named constraint, else a general one. Never the database's English."""
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else ""
    if THAI_LETTER.search(first_line):
        return first_line
    for constraint, model in constraints():
        if refused_by(error, text, constraint, model):
            message = constraint.get_violation_error_message()
            if THAI_LETTER.search(message):
                return message
    return UNKNOWN_RULE


def constraints():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            yield constraint, model


def refused_by(error, text, constraint, model):
    # PostgreSQL names the constraint; SQLite names a CHECK, or lists a UNIQUE's columns.
    diagnosis = getattr(error.__cause__, "diag", None)
    if diagnosis is not None:
        return diagnosis.constraint_name == constraint.name
    if text == f"CHECK constraint failed: {constraint.name}":
        return True
    columns = getattr(constraint, "fields", ())
    if not columns or not text.startswith("UNIQUE constraint failed: "):
        return False
    table = model._meta.db_table
    names = [f"{table}.{model._meta.get_field(name).column}" for name in columns]
    return text == "UNIQUE constraint failed: " + ", ".join(names)


class ModelMultipleChoiceInRange(forms.ModelMultipleChoiceField):
    """A forged id beyond any the database stores is an invalid choice, not a 500: SQLite
    cannot even take such a number as a query parameter."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number at all: Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class ShowsDatabaseRefusals:
    """Admin mixin: an IntegrityError while saving shows the form again (200, with what the
    person typed) with the Thai reason on top; one while deleting or during a list action
    becomes a message."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if request.method != "POST":
                raise
            # Django's atomic block has undone the save; this pass only validates and shows.
            request.database_refusal = thai_message(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceInRange)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, "database_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def clean(self):
                super().clean()
                raise forms.ValidationError(refusal)

        return RefusedForm

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except IntegrityError as error:
            if request.method != "POST":
                raise
            # Django's atomic block has undone the deletion: back to the confirmation page.
            self.message_user(request, thai_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        if request.method != "POST":
            return super().changelist_view(request, extra_context)
        try:
            # All of an action or none of it, so a refusal leaves nothing half done.
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changelist_view(request, extra_context)
        except IntegrityError as error:
            self.message_user(request, thai_message(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
