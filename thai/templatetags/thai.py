"""Template filters for Thai output: {% load thai %} then {{ value|thai_digits }} and friends."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe

from thai import calendar, numbers

register = template.Library()


def _date_or_none(value):
    if isinstance(value, date):
        return value
    return None


@register.filter
def thai_digits(value):
    if isinstance(value, SafeData):
        return mark_safe(calendar.to_thai_digits_in_html(value))
    return calendar.to_thai_digits(value)


@register.filter
def thai_date(value):
    return calendar.long_date(_date_or_none(value))


@register.filter
def thai_date_short(value):
    return calendar.short_date(_date_or_none(value))


@register.filter
def be_date(value):
    return calendar.numeric_date(_date_or_none(value))


@register.filter
def fiscal_period(started_on, ended_on=None):
    return calendar.fiscal_period(_date_or_none(started_on), _date_or_none(ended_on))


@register.filter
def be_datetime(value):
    """An aware datetime in local time as "24/12/2567 13:05", for the admin's history."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{calendar.numeric_date(local.date())} {local:%H:%M}"


@register.filter
def thai_score(value):
    return numbers.score(value)


@register.filter
def thai_change(value):
    return numbers.signed_change(value)


@register.filter
def thai_datetime(value):
    """An aware datetime in local time as "๑๒ ธันวาคม ๒๕๖๘ เวลา ๑๓:๐๕ น.", for public pages."""
    if not isinstance(value, datetime):
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{calendar.long_date(local.date())} เวลา {calendar.to_thai_digits(f'{local:%H:%M}')} น."
