"""Django's form renderer, with the two things every admin form does most done in Python.

A measure's change page has about 100 boxes: Django renders two or three templates for
each <input> (input.html including attrs.html), one for each label and one for each field's
empty error list. These print here the same HTML that Django's templates print; every other
widget, and any error list with errors, renders through Django's templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

ERROR_LISTS = {
    "django/forms/errors/list/default.html",
    "django/forms/errors/list/ul.html",
    "django/forms/errors/dict/default.html",
    "django/forms/errors/dict/ul.html",
}
# Django's templates that are exactly django/forms/widgets/input.html.
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "checkbox",
        "number",
        "email",
        "url",
        "password",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}


def attributes(attrs):
    """django/forms/widgets/attrs.html: True prints the name alone, False nothing."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def input_tag(widget):
    """django/forms/widgets/input.html."""
    value = widget["value"]
    value = "" if value is None else format_html(' value="{}"', str(value))
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        attributes(widget["attrs"]),
    )


def label_tag(context):
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = context["tag"]
    return format_html("<{}{}>{}</{}>", tag, attributes(context["attrs"] or {}), label, tag)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in ERROR_LISTS and not context.get("errors"):
            return ""
        if template_name in INPUTS:
            return input_tag(context["widget"])
        if template_name == "django/forms/label.html":
            return label_tag(context)
        return super().render(template_name, context, request)
