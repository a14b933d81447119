"""Django's form renderer, with what every admin form prints most printed in Python.

A measure's change page has about 100 boxes: Django renders two or three templates for
each <input> (input.html including attrs.html), one for each label and one for each field's
empty error list, and one more for each <textarea>, <select>, <option>, checkbox list, file
input and form of hidden inputs only (a formset's management form).
These print here the same HTML that Django's templates print; every other widget, an option
with a template of its own, and any error list with errors render through Django's templates.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

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

OPTION = "django/forms/widgets/select_option.html"
CHECKBOX_OPTION = "django/forms/widgets/checkbox_option.html"


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


def file_input_tag(widget):
    """django/forms/widgets/clearable_file_input.html with no file yet: input.html without
    a value."""
    return format_html(
        '<input type="{}" name="{}"{}>', widget["type"], widget["name"], attributes(widget["attrs"])
    )


def printed(value):
    """{{ value }} in a template (django.template.base.render_value_in_context)."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def textarea_tag(widget):
    """django/forms/widgets/textarea.html."""
    value = printed(widget["value"]) if widget["value"] else ""
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', widget["name"], attributes(widget["attrs"]), value
    )


def option_tag(option):
    """django/forms/widgets/select_option.html."""
    return format_html(
        '<option value="{}"{}>{}</option>',
        str(option["value"]),
        attributes(option["attrs"]),
        printed(option["label"]),
    )


def select_tag(widget):
    """django/forms/widgets/select.html, its options included with their template's newline."""
    parts = [format_html('<select name="{}"{}>', widget["name"], attributes(widget["attrs"]))]
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', printed(group_name)))
        parts += [format_html("\n  {}\n", option_tag(option)) for option in options]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def checkbox_option_tag(option):
    """django/forms/widgets/input_option.html, input.html included with its newline."""
    box = format_html("{}\n", input_tag(option))
    if not option["wrap_label"]:
        return box
    label_for = option["attrs"].get("id")
    label_for = format_html(' for="{}"', label_for) if label_for else ""
    return format_html("<label{}>{} {}</label>", label_for, box, printed(option["label"]))


def checkbox_list_tag(widget):
    """django/forms/widgets/multiple_input.html (checkbox_select.html includes it)."""
    id_ = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    parts = [
        "<div",
        format_html(' id="{}"', printed(id_)) if id_ else "",
        format_html(' class="{}"', printed(css)) if css else "",
        ">",
    ]
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(format_html("\n  <div><label>{}</label>", printed(group)))
        # checkbox_option.html includes input_option.html: a newline from each.
        parts += [format_html("<div>\n    {}\n\n</div>", checkbox_option_tag(o)) for o in options]
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return mark_safe("".join(parts))


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
        if template_name == "django/forms/div.html" and not context["fields"]:
            if not context["errors"]:  # a formset's management form: its hidden inputs
                return mark_safe("".join(map(str, context["hidden_fields"])))
        if template_name == "django/forms/widgets/clearable_file_input.html":
            if not context["widget"]["is_initial"]:  # no file yet: the bare file input
                return file_input_tag(context["widget"])
        if template_name == "django/forms/widgets/textarea.html":
            return textarea_tag(context["widget"])
        if template_name == "django/forms/widgets/select.html" and all(
            option["template_name"] == OPTION
            for _, options, _ in context["widget"]["optgroups"]
            for option in options
        ):
            return select_tag(context["widget"])
        if template_name == "django/forms/widgets/checkbox_select.html" and all(
            option["template_name"] == CHECKBOX_OPTION
            for _, options, _ in context["widget"]["optgroups"]
            for option in options
        ):
            return checkbox_list_tag(context["widget"])
        return super().render(template_name, context, request)
