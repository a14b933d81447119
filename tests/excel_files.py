"""Helpers for the Excel tests: the seed register, and a workbook edited as a person would."""

import io

from django.core.management import call_command
from openpyxl import load_workbook


def load_seed():
    """The demo data: Rangsit's 2568 report, its ITA scores and links, the demo users."""
    call_command("load_demo", "--password", "demo-password-1234", stdout=io.StringIO())


def edited(data, changes):
    """The workbook with cells changed: {(sheet, "B3"): value}; None empties a cell."""
    book = load_workbook(io.BytesIO(data))
    for (sheet, cell), value in changes.items():
        book[sheet][cell].value = value
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def history_count():
    """Rows in every audit-trail table of the register (measures, steps, results, links)."""
    from django.apps import apps

    tables = [
        model
        for model in apps.get_app_config("measures").get_models()
        if model._meta.model_name.startswith("historical")
    ]
    return sum(model.objects.count() for model in tables)
