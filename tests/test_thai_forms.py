from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from thai.forms import BEDateField, BEDateInput


class ResultForm(forms.Form):
    reported_on = BEDateField()


def test_it_accepts_a_be_date_typed_with_arabic_digits():
    assert BEDateField().clean("24/12/2567") == date(2024, 12, 24)


def test_it_accepts_a_be_date_typed_with_thai_digits():
    assert BEDateField().clean("๒๔/๑๒/๒๕๖๗") == date(2024, 12, 24)


def test_it_accepts_a_date_object_as_it_is():
    assert BEDateField().clean(date(2024, 12, 24)) == date(2024, 12, 24)


def test_it_rejects_a_ce_year_with_the_thai_message():
    with pytest.raises(ValidationError) as raised:
        BEDateField().clean("24/12/2024")
    assert raised.value.messages == ["ปี 2024 เป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช เช่น 2567"]
    assert raised.value.code == "invalid"


def test_it_rejects_a_day_that_is_not_in_the_calendar():
    with pytest.raises(ValidationError) as raised:
        BEDateField().clean("31/02/2567")
    assert raised.value.messages == ["วันที่ 31/02/2567 ไม่มีในปฏิทิน"]


def test_it_rejects_text_that_is_not_a_date():
    with pytest.raises(ValidationError) as raised:
        BEDateField().clean("abc")
    assert raised.value.messages == ['อ่านวันที่ "abc" ไม่ได้ กรุณากรอกในรูปแบบ วว/ดด/ปปปป เช่น 24/12/2567']


def test_it_allows_an_empty_value_when_not_required():
    assert BEDateField(required=False).clean("") is None


def test_the_widget_shows_a_date_with_the_be_year():
    html = BEDateInput().render("reported_on", date(2024, 12, 24))
    assert 'value="24/12/2567"' in html
    assert 'placeholder="วว/ดด/ปปปป (พ.ศ.)"' in html
    assert 'size="10"' in html


def test_the_widget_shows_rejected_input_as_it_was_typed():
    html = BEDateInput().render("reported_on", "24/12/2024")
    assert 'value="24/12/2024"' in html


def test_a_form_stores_the_ce_date_for_a_typed_be_date():
    form = ResultForm(data={"reported_on": "24/12/2567"})
    assert form.is_valid()
    assert form.cleaned_data["reported_on"] == date(2024, 12, 24)


def test_a_form_shows_the_thai_error_and_keeps_what_was_typed():
    form = ResultForm(data={"reported_on": "24/12/2024"})
    assert not form.is_valid()
    assert form.errors["reported_on"] == ["ปี 2024 เป็นปีคริสต์ศักราช กรุณากรอกปีพุทธศักราช เช่น 2567"]
    assert 'value="24/12/2024"' in str(form["reported_on"])


def test_an_unbound_form_shows_its_initial_date_with_the_be_year():
    form = ResultForm(initial={"reported_on": date(2024, 10, 1)})
    assert 'value="01/10/2567"' in str(form["reported_on"])


def test_it_works_through_an_admin_formfield_override():
    # This is what the admin does with
    # formfield_overrides = {models.DateField: {"form_class": BEDateField, "widget": BEDateInput}}
    field = models.DateField().formfield(form_class=BEDateField, widget=BEDateInput)
    assert isinstance(field, BEDateField)
    assert isinstance(field.widget, BEDateInput)
    assert field.clean("24/12/2567") == date(2024, 12, 24)
    assert 'value="24/12/2567"' in field.widget.render("started_on", date(2024, 12, 24))
