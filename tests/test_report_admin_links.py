"""The measure list links to the report of the fiscal year it shows."""

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from measures.models import Measure


def test_staff_get_links_to_their_agency_report_for_the_filtered_year(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:measures_measure_changelist"), {"fiscal_year": 2567})
    html = response.content.decode()
    assert 'href="/reports/rangsit/2567/"' in html
    assert 'href="/reports/rangsit/2567/pdf/"' in html


def test_a_superuser_gets_links_for_every_agency_with_measures_that_year(
    client, admin_user, agency, other_agency
):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ก")
    Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="ข")
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:measures_measure_changelist"), {"fiscal_year__exact": 2568}
    )
    html = response.content.decode()
    assert 'href="/reports/rangsit/2568/pdf/"' in html
    assert 'href="/reports/sample/2568/pdf/"' in html


@time_machine.travel(datetime(2026, 11, 25, 3, 0, tzinfo=UTC), tick=False)
def test_unfiltered_the_links_show_the_latest_year_with_measures(client, coordinator, agency):
    # 25 November 2569 is in fiscal year 2570, which has no measures yet.
    Measure.objects.create(agency=agency, fiscal_year=2567, titles="ก")
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ข")
    client.force_login(coordinator)

    html = client.get(reverse("admin:measures_measure_changelist")).content.decode()

    assert 'href="/reports/rangsit/2568/"' in html
    assert "2570" not in html


@time_machine.travel(datetime(2026, 11, 25, 3, 0, tzinfo=UTC), tick=False)
def test_unfiltered_the_links_show_this_year_once_it_has_measures(client, coordinator, agency):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ข")
    Measure.objects.create(agency=agency, fiscal_year=2570, titles="ค")
    client.force_login(coordinator)

    html = client.get(reverse("admin:measures_measure_changelist")).content.decode()

    assert 'href="/reports/rangsit/2570/"' in html


def test_the_links_follow_the_year_filters_older_spelling_too(client, coordinator):
    client.force_login(coordinator)

    html = client.get("/admin/measures/measure/?fiscal_year__exact=2566").content.decode()

    assert 'href="/reports/rangsit/2566/pdf/"' in html


def test_a_year_outside_the_be_range_is_not_offered_as_a_report(client, coordinator, agency):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="ก")
    client.force_login(coordinator)

    html = client.get("/admin/measures/measure/?fiscal_year=2025").content.decode()

    assert "/reports/rangsit/2025/" not in html
