"""A PDF render logs no WeasyPrint warning: the report's screen-only rules (the phone cards,
whose width query WeasyPrint cannot evaluate) live in a sheet WeasyPrint never reads."""

import logging
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from measures.models import Agency
from reports import document

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def weasyprint_warnings():
    # WeasyPrint's own logger, whatever the logging configuration does with propagation.
    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_rendering_the_seed_report_logs_no_weasyprint_warning(db, weasyprint_warnings):
    call_command("import_report", str(SEED), stdout=StringIO())
    agency = Agency.objects.get(slug="rangsit")

    pdf = document.render_pdf(document.render_html(agency, 2568))

    assert pdf.startswith(b"%PDF")
    assert [record.getMessage() for record in weasyprint_warnings] == []


def test_the_file_copy_carries_the_phone_rules_for_screens_only(db):
    call_command("import_report", str(SEED), stdout=StringIO())
    agency = Agency.objects.get(slug="rangsit")
    html = document.render_html(agency, 2568, self_contained=True)
    screen = html.split('<style media="screen">', 1)[1].split("</style>", 1)[0]
    assert "@media (max-width: 720px)" in screen
    assert "max-width" not in html.replace(screen, "")


def test_the_collector_would_see_a_warning(weasyprint_warnings):
    # The same render with the phone rules back in the print sheet does warn.
    html = "<html><head><style>@media screen and (max-width: 720px) { p { color: red } }</style>"
    document.render_pdf(html + "</head><body><p>ก</p></body></html>")
    assert any("max-width" in record.getMessage() for record in weasyprint_warnings)
