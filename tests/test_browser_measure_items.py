"""In a real browser, the ITA items search of a measure follows the fiscal year typed."""

import re

from playwright.sync_api import expect

from ita.models import AssessmentYear, Indicator


def offered(page, term, year):
    page.click("#id_indicators + .select2 .select2-selection")
    with page.expect_response(lambda response: "term=" in response.url):
        page.fill(".select2-search__field", term)
    options = page.locator(".select2-results__option:not(.loading-results)")
    expect(options.first).to_contain_text(f"(ITA {year})")
    texts = options.all_inner_texts()
    page.click("#id_titles")  # closes the list as a clerk moving on would
    return texts


def test_the_items_search_follows_the_fiscal_year_typed(log_in, live_server, coordinator):
    # Browser tests empty the database between them, reference data included.
    for year_be in (2567, 2568):
        year, _ = AssessmentYear.objects.get_or_create(year_be=year_be)
        Indicator.objects.get_or_create(
            assessment_year=year, code="o14", defaults={"instrument": "OIT", "title_th": "ข้อ"}
        )
    page = log_in(coordinator)
    page.goto(f"{live_server.url}/admin/measures/measure/add/?fiscal_year=2568")

    texts = offered(page, "o14", 2568)
    assert texts and all(re.search(r"^o14 .*\(ITA 2568\)$", text) for text in texts), texts

    page.fill("#id_fiscal_year", "๒๕๖๗")
    page.dispatch_event("#id_fiscal_year", "change")
    texts = offered(page, "๐๑๔", 2567)
    assert texts and all(re.search(r"^o14 .*\(ITA 2567\)$", text) for text in texts), texts
