"""With DEBUG off, templates link the collected static files by hashed names; the report's
PDF still finds its stylesheet and fonts on disk under those names."""

import subprocess

import pytest
from django.core.management import call_command
from django.test import override_settings

from reports import document
from tests.test_report_page import add_measures


@pytest.fixture
def collected(settings, tmp_path):
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield tmp_path


def test_the_report_links_hashed_names_and_its_pdf_embeds_only_the_vendored_font(
    collected, agency, strategy_division, tmp_path
):
    add_measures(agency, [strategy_division], 2)

    html = document.render_html(agency, 2568)
    assert "/static/reports/report.css" not in html
    assert (collected / "staticfiles.json").exists()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(document.render_pdf(html))

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    embedded = [line.split()[0].split("+")[1] for line in fonts.splitlines()[2:]]
    assert embedded
    assert all(name.startswith("Laksaman-ITA") for name in embedded), fonts
