"""Form fields and widgets for what clerks type in Thai: dates with Buddhist-era years
("24/12/2567") and numbers in Thai or Arabic digits ("๒๕๖๘", "๙๙.๗๐").

Django's own DateField would store "12/12/2567" as the year 2567 CE without a word, and its
<input type=number> drops Thai digits in the browser, so the clerk is told of a year never typed.
"""

import re
from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models

from thai.calendar import numeric_date, parse_numeric_be_date, to_arabic_digits


class BEDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        defaults = {"placeholder": "วว/ดด/ปปปป (พ.ศ.)", "size": 10}
        if attrs:
            defaults.update(attrs)
        super().__init__(defaults)

    def format_value(self, value):
        # A string is what the user typed and got an error for: show it back unchanged.
        if isinstance(value, date):
            return numeric_date(value)
        return super().format_value(value)


class BEDateField(forms.DateField):
    widget = BEDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_numeric_be_date(str(value))
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from error


# After Thai digits become Arabic ones, anything else that is not ASCII (Arabic-Indic ٢,
# full-width ２) is refused, although Python's int() would quietly read it.
NOT_ASCII = re.compile(r"[^\x00-\x7f]")
NUMBER_EXAMPLE = "เช่น 2568 หรือ ๒๕๖๘"


class NumberInput(forms.TextInput):
    """A text box that brings up the digit keyboard on a phone but keeps what is typed."""

    def __init__(self, attrs=None, inputmode="numeric"):
        super().__init__({"inputmode": inputmode, "size": 10, **(attrs or {})})


class ThaiDigitsMixin:
    """Reads Thai digits as Arabic ones; every message says what was typed."""

    def to_python(self, value):
        if isinstance(value, str):
            value = to_arabic_digits(value).strip()
            if NOT_ASCII.search(value):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if value in self.empty_values:
                raise
            # The same limit can come from the form and from the model: say it once.
            messages = dict.fromkeys(error.messages)
            raise ValidationError([f'{m} (กรอกไว้ "{value}")' for m in messages]) from None


class ThaiIntegerField(ThaiDigitsMixin, forms.IntegerField):
    widget = NumberInput
    default_error_messages = {
        "invalid": f"กรอกได้เฉพาะตัวเลขจำนวนเต็ม เป็นเลขอารบิกหรือเลขไทย {NUMBER_EXAMPLE}",
    }


class ThaiDecimalField(ThaiDigitsMixin, forms.DecimalField):
    default_error_messages = {
        "invalid": "กรอกได้เฉพาะตัวเลข เป็นเลขอารบิกหรือเลขไทย เช่น 99.70 หรือ ๙๙.๗๐",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", NumberInput(inputmode="decimal"))
        super().__init__(**kwargs)


def is_typed_number(db_field):
    return isinstance(db_field, (models.IntegerField, models.DecimalField)) and not (
        db_field.choices or db_field.is_relation
    )


class ThaiNumberFields:
    """For a ModelAdmin or an inline: every integer and decimal (years, scores, progress) is
    typed as text in Thai or Arabic digits, and checked against the model field's own
    validators here, so that a year out of range is told with what was typed."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if is_typed_number(db_field):
            if isinstance(db_field, models.DecimalField):
                form_class, widget = ThaiDecimalField, NumberInput(inputmode="decimal")
            else:
                # The admin's own default would be its <input type=number>.
                form_class, widget = ThaiIntegerField, NumberInput({"class": "vIntegerField"})
            # The form field already counts digits and decimal places.
            validators = [v for v in db_field.validators if not isinstance(v, DecimalValidator)]
            kwargs = {
                "form_class": form_class,
                "widget": widget,
                "validators": validators,
                **kwargs,
            }
        return super().formfield_for_dbfield(db_field, request, **kwargs)
