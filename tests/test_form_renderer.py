"""The project's form renderer prints inputs, text boxes, selects, checkbox lists, labels and
empty error lists in Python: exactly the HTML Django's own templates print, for every kind of
widget and value the admin shows."""

import pytest
from django import forms
from django.contrib import admin
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.html import format_html

from measures.evidence_admin import MultipleFileInput
from measures.models import Measure
from rangsit_ita.renderers import FormRenderer

VALUES = [None, "", "ข้อความ", 'a "quoted" <b>&amp;</b>', 2568, 0, True, False]
ATTRS = [
    {},
    {"class": "vIntegerField", "inputmode": "numeric", "size": 10},
    {"required": True, "disabled": False, "aria-label": 'ลำดับ "แถวที่ 1"'},
    {"data-x": "<script>", "checked": True},
]
WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.CheckboxInput,
    forms.DateInput,
]


@pytest.mark.parametrize("widget_class", WIDGETS)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_an_input_prints_as_djangos_template_prints_it(widget_class, value, attrs):
    widget = widget_class(attrs=attrs)

    ours = widget.render("steps-0-position", value, renderer=FormRenderer())
    djangos = widget.render("steps-0-position", value, renderer=DjangoTemplates())

    assert ours == djangos


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_text_box_prints_as_djangos_template_prints_it(value, attrs):
    widget = forms.Textarea(attrs=attrs)

    ours = widget.render("steps-0-text", value, renderer=FormRenderer())
    djangos = widget.render("steps-0-text", value, renderer=DjangoTemplates())

    assert ours == djangos


CHOICES = [
    [],
    [("", "---------"), ("numbered", "ลำดับเลข"), (2568, 2568), ("<b>", 'ป้าย "<b>"')],
    [(1, format_html("<a href='{}'>{}</a>", "/ไฟล์/1", "หลักฐาน.pdf")), (2, "ไม่มีไฟล์")],
    [("กลุ่ม <1>", [(1, "หนึ่ง"), (2, "สอง")]), (3, "สาม")],
]


@pytest.mark.parametrize(
    "widget_class", [forms.Select, forms.SelectMultiple, forms.CheckboxSelectMultiple]
)
@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("value", [None, "", "numbered", 2568, [1, 3], ["<b>", 2]])
@pytest.mark.parametrize("attrs", [{}, *ATTRS[1:], {"id": "id_x", "class": "a <b>"}])
def test_a_choice_widget_prints_as_djangos_template_prints_it(widget_class, choices, value, attrs):
    widget = widget_class(attrs=attrs, choices=choices)

    ours = widget.render("results-0-evidence_remove", value, renderer=FormRenderer())
    djangos = widget.render("results-0-evidence_remove", value, renderer=DjangoTemplates())

    assert ours == djangos


@pytest.mark.parametrize("widget_class", [forms.ClearableFileInput, MultipleFileInput])
@pytest.mark.parametrize("value", [None, "", FieldFile(None, FileField(), "evidence/ไฟล์ <1>.pdf")])
@pytest.mark.parametrize("attrs", ATTRS)
def test_a_file_input_prints_as_djangos_template_prints_it(widget_class, value, attrs):
    widget = widget_class(attrs=dict(attrs))  # a multiple-file input adds "multiple" to it

    ours = widget.render("results-0-evidence_upload", value, renderer=FormRenderer())
    djangos = widget.render("results-0-evidence_upload", value, renderer=DjangoTemplates())

    assert ours == djangos


def test_an_empty_error_list_prints_nothing_and_a_full_one_as_django_prints_it():
    for errors in ([], ["ปีต้องเป็นปีพุทธศักราช <2568>"]):
        ours = ErrorList(errors, renderer=FormRenderer())
        djangos = ErrorList(errors, renderer=DjangoTemplates())
        assert str(ours) == str(djangos)
        assert ours.as_ul() == djangos.as_ul()


class LabelledForm(forms.Form):
    required_css_class = "required"
    year = forms.CharField(label='ปี "พ.ศ." <b>')
    note = forms.CharField(label="หมายเหตุ", required=False, widget=forms.Textarea)


@pytest.mark.parametrize("auto_id", ["id_%s", False])
@pytest.mark.parametrize("attrs", [None, {"class": "inline"}, {"hidden": True, "x": False}])
def test_a_label_prints_as_djangos_template_prints_it(auto_id, attrs):
    ours = LabelledForm(auto_id=auto_id, renderer=FormRenderer())
    djangos = LabelledForm(auto_id=auto_id, renderer=DjangoTemplates())

    for name in ("year", "note"):
        assert ours[name].label_tag(attrs=attrs) == djangos[name].label_tag(attrs=attrs)
        assert ours[name].label_tag("<i>", attrs, ":") == djangos[name].label_tag("<i>", attrs, ":")


def test_a_formsets_management_form_prints_as_djangos_template_prints_it():
    ours = forms.formset_factory(LabelledForm, extra=2, renderer=FormRenderer())
    djangos = forms.formset_factory(LabelledForm, extra=2, renderer=DjangoTemplates())

    for data in (None, {"form-TOTAL_FORMS": "x"}):  # the second has errors
        assert str(ours(data).management_form) == str(djangos(data).management_form)


def test_a_measure_form_prints_as_with_djangos_renderer(rf, coordinator, agency):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการ")
    request = rf.get("/")
    request.user = coordinator
    form_class = admin.site.get_model_admin(Measure).get_form(request, measure)

    ours = form_class(instance=measure, renderer=FormRenderer())
    djangos = form_class(instance=measure, renderer=DjangoTemplates())

    assert ours.as_div() == djangos.as_div()
