"""The admin's autocomplete widgets, hardened against forged values.

Django looks the submitted ids up again to redisplay a form with errors; a forged "abc" or
an id beyond the column's range would make that query fail with a server error instead of
the field's own "select a valid choice" message.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

# PostgreSQL's bigint: a larger id cannot name a row.
LARGEST_ID = 2**63 - 1


class ValidValuesOnly:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self.is_possible_id(v)], attr)

    def is_possible_id(self, value):
        target = self.field.remote_field
        name = getattr(target, "field_name", None)
        field = target.model._meta.get_field(name) if name else target.model._meta.pk
        try:
            id_value = field.to_python(value)
        except ValidationError:
            return False
        return not isinstance(id_value, int) or abs(id_value) <= LARGEST_ID


class SafeAutocompleteSelect(ValidValuesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(ValidValuesOnly, AutocompleteSelectMultiple):
    pass


class YearItemsAutocomplete(SafeAutocompleteSelectMultiple):
    """The ITA items picker of a measure: its search asks only for the items of the measure's
    assessment year (the same พ.ศ. as its fiscal year); measure_items.js follows the year as the
    clerk changes it."""

    assessment_year = None

    def get_url(self):
        url = super().get_url()
        return f"{url}?assessment_year={self.assessment_year}" if self.assessment_year else url

    @property
    def media(self):
        return super().media + forms.Media(js=["measures/measure_items.js"])
