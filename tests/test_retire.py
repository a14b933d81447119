"""A division or agency that past reports name is retired, never deleted."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from measures.models import Agency, Division, Measure
from tests.conftest import PASSWORD

REFUSAL = "ลบสำนัก/กองนี้ไม่ได้ เพราะมีมาตรการในรายงานที่ระบุไว้"


@pytest.fixture
def named_division(agency, finance_division):
    measure = Measure.objects.create(agency=agency, fiscal_year=2567, titles="มาตรการเก่า")
    measure.responsible_divisions.set([finance_division])
    return finance_division


def as_logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_deleting_a_division_a_measure_names_is_refused_with_a_thai_message(
    client, coordinator, named_division
):
    as_logged_in(client, coordinator)
    url = f"/admin/measures/division/{named_division.pk}/delete/"

    page = client.get(url)
    response = client.post(url, {"post": "yes"})

    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert REFUSAL in text
    assert 'ให้ทำเครื่องหมาย "เลิกใช้แล้ว" แทน' in text
    assert "มาตรการลำดับที่ 1 ปีงบประมาณ 2567: มาตรการเก่า" in text
    assert response.status_code == 200
    assert Division.objects.filter(pk=named_division.pk).exists()


def test_the_bulk_delete_action_refuses_too(client, coordinator, named_division, strategy_division):
    as_logged_in(client, coordinator)
    chosen = [named_division.pk, strategy_division.pk]

    response = client.post(
        "/admin/measures/division/",
        {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
    )

    assert response.status_code == 200
    assert REFUSAL in " ".join(response.content.decode().split())
    assert Division.objects.filter(pk__in=chosen).count() == 2


def test_a_division_no_measure_names_can_be_deleted(client, coordinator, strategy_division):
    as_logged_in(client, coordinator)

    client.post(f"/admin/measures/division/{strategy_division.pk}/delete/", {"post": "yes"})

    assert not Division.objects.filter(pk=strategy_division.pk).exists()


def test_the_shell_cannot_delete_a_named_division_either(named_division):
    with pytest.raises(ProtectedError):
        named_division.delete()
    with pytest.raises(ProtectedError):
        Division.objects.filter(pk=named_division.pk).delete()

    assert Division.objects.filter(pk=named_division.pk).exists()


def test_a_retired_division_is_not_offered_for_new_measures(
    client, coordinator, named_division, strategy_division
):
    named_division.is_retired = True
    named_division.save()
    as_logged_in(client, coordinator)

    add_form = client.get("/admin/measures/measure/add/").context["adminform"].form
    old = Measure.objects.get()
    change_form = client.get(f"/admin/measures/measure/{old.pk}/change/").context["adminform"].form

    assert list(add_form.fields["responsible_divisions"].queryset) == [strategy_division]
    offered = set(change_form.fields["responsible_divisions"].queryset)
    assert offered == {strategy_division, named_division}


def test_a_retired_division_is_still_printed_in_old_reports(
    client, coordinator, agency, named_division
):
    named_division.is_retired = True
    named_division.save()
    as_logged_in(client, coordinator)

    page = client.get(reverse("reports:report", args=[agency.slug, 2567]))

    assert "สำนักคลัง" in page.content.decode()


def test_a_retired_division_is_offered_only_to_users_already_working_there(
    client, admin_user, officer, coordinator, strategy_division, finance_division
):
    finance_division.is_retired = True
    finance_division.save()
    as_logged_in(client, admin_user)

    def offered(user):
        page = client.get(f"/admin/auth/user/{user.pk}/change/")
        formset = page.context["inline_admin_formsets"][0].formset
        return set(formset.forms[0].fields["division"].queryset)

    assert finance_division in offered(officer)  # the officer works there
    assert finance_division not in offered(coordinator)
    assert strategy_division in offered(coordinator)


def test_deleting_an_agency_with_measures_is_refused(client, admin_user, agency):
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการของหน่วยงาน")
    as_logged_in(client, admin_user)
    url = f"/admin/measures/agency/{agency.pk}/delete/"

    page = client.get(url)
    client.post(url, {"post": "yes"})
    bulk = client.post(
        "/admin/measures/agency/",
        {"action": "delete_selected", "_selected_action": [agency.pk], "post": "yes"},
    )

    text = " ".join(page.content.decode().split())
    assert "ลบหน่วยงานนี้ไม่ได้ เพราะมีมาตรการในรายงานที่ระบุไว้" in text
    assert 'ให้เอาเครื่องหมาย "ใช้งานอยู่" ออกแทน' in text
    assert bulk.status_code == 200
    assert Agency.objects.filter(pk=agency.pk).exists()
    with pytest.raises(ProtectedError):
        agency.delete()


def test_an_agency_without_measures_can_be_deleted(client, admin_user, other_agency):
    as_logged_in(client, admin_user)

    client.post(f"/admin/measures/agency/{other_agency.pk}/delete/", {"post": "yes"})

    assert not Agency.objects.filter(pk=other_agency.pk).exists()


def test_an_inactive_agency_is_not_offered_for_new_measures(
    client, admin_user, agency, other_agency
):
    other_agency.is_active = False
    other_agency.save()
    old = Measure.objects.create(agency=other_agency, fiscal_year=2568, titles="มาตรการเก่า")
    as_logged_in(client, admin_user)

    add_form = client.get("/admin/measures/measure/add/").context["adminform"].form
    change_form = client.get(f"/admin/measures/measure/{old.pk}/change/").context["adminform"].form

    assert list(add_form.fields["agency"].queryset) == [agency]
    assert set(change_form.fields["agency"].queryset) == {agency, other_agency}
