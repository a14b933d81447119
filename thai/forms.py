"""Form field and widget for dates typed with Buddhist-era years, e.g. "24/12/2567".

Django's own DateField would store "12/12/2567" as the year 2567 CE without a word.
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError

from thai.calendar import numeric_date, parse_numeric_be_date


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
