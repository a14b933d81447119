"""The dashboard prints every number one way: Thai digits, scores with two decimals, a signed
change, as the report does."""

import re
from datetime import date
from html.parser import HTMLParser
from io import StringIO

import time_machine
from django.conf import settings
from django.core.management import call_command

from ita.models import AgencyScore, AssessmentYear
from measures.models import Measure

SEED = settings.BASE_DIR / "measures/demo/rangsit-2568-integrity-report.txt"


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes outside <style> and <script>."""

    def __init__(self):
        super().__init__()
        self.skipping = 0
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.pieces.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.pieces))


def change_card(response):
    return re.search(r'id="latest-change">\s*([^<]*?)\s*<', response.text).group(1)


def test_a_fall_from_99_70_to_96_50_reads_minus_3_20(client, executive, agency):
    # On SQLite the subtraction comes back as the float -3.2000000000000028.
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2568), overall="99.70"
    )
    year_2569 = AssessmentYear.objects.create(year_be=2569)
    AgencyScore.objects.create(agency=agency, assessment_year=year_2569, overall="96.50")
    client.force_login(executive)
    response = client.get("/dashboard/?year=2569")
    assert change_card(response) == "−๓.๒๐"
    assert re.search(r'id="latest-score">\s*๙๖.๕๐\s*<', response.text)
    assert 'class="card-value down"' in response.text


def test_a_rise_has_a_plus_sign_and_a_whole_score_two_decimals(client, executive, agency):
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2567), overall="90"
    )
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2568), overall="91.5"
    )
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert change_card(response) == "+๑.๕๐"
    assert re.search(r'id="latest-score">\s*๙๑.๕๐\s*<', response.text)


def test_a_first_assessment_shows_a_dash_for_the_change(client, executive, agency):
    AgencyScore.objects.create(
        agency=agency, assessment_year=AssessmentYear.objects.get(year_be=2568), overall="88"
    )
    client.force_login(executive)
    assert change_card(client.get("/dashboard/?year=2568")) == "—"


def test_the_change_is_against_the_last_assessment_on_record_of_the_same_agency(
    client, executive, agency, other_agency
):
    def score(agency, year_be, overall):
        year, _ = AssessmentYear.objects.get_or_create(year_be=year_be)
        AgencyScore.objects.create(agency=agency, assessment_year=year, overall=overall)

    score(agency, 2565, "80")
    score(agency, 2566, "90")
    score(agency, 2568, "93.25")  # none in 2567 but the other agency's
    score(other_agency, 2567, "50")
    score(agency, 2569, "70")  # after the year shown
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert change_card(response) == "+๓.๒๕"
    assert "เทียบกับ พ.ศ. ๒๕๖๖" in response.text


@time_machine.travel(date(2025, 6, 15))
def test_the_demo_page_shows_no_arabic_digit_to_its_reader(client, executive, agency):
    call_command("import_report", str(SEED), stdout=StringIO())
    call_command("load_ita_demo", agency.slug, stdout=StringIO())
    Measure.objects.filter(number=1).update(status=Measure.Status.IN_PROGRESS, progress=60)
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    text = visible_text(response.text)
    assert "๙๙.๗๐" in text and "+๑.๔๕" in text
    assert re.findall(r".{0,20}[0-9].{0,20}", text) == []
    # Links still work: the digits inside the markup are left alone.
    measure = Measure.objects.get(number=1)
    assert f'href="/admin/measures/measure/{measure.pk}/change/"' in response.text
    assert 'href="/reports/rangsit/2568/"' in response.text
    # "ITA" is a word of its own, never glued to the Thai before it ("ในITA").
    assert not re.search(r"[\u0e00-\u0e7f]ITA", text)


def test_the_year_chooser_shows_thai_digits_but_sends_the_year_the_register_reads(
    client, executive, agency
):
    Measure.objects.create(agency=agency, fiscal_year=2568, number=1, titles="มาตรการ")
    client.force_login(executive)
    response = client.get("/dashboard/?year=2568")
    assert '<option value="2568" selected>๒๕๖๘</option>' in response.text
