"""The admin speaks Thai where Django's own Thai catalog left clerks reading English.

The translations live in locale/th/LC_MESSAGES (LOCALE_PATHS); these pages are the ones a
division officer meets every day: the measure list, a rejected add form, and the
two-box picker driven by the JavaScript catalog.
"""

import json

import pytest
from django.contrib.auth.models import Group, Permission

from measures import roles
from measures.models import Measure
from tests.conftest import PASSWORD

LIST_URL = "/admin/measures/measure/"
ADD_URL = "/admin/measures/measure/add/"
JS_CATALOG_URL = "/admin/jsi18n/"


@pytest.fixture
def officer_client(client, officer):
    client.login(username=officer.username, password=PASSWORD)
    return client


@pytest.fixture
def measure(agency, finance_division):
    measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการทดสอบ")
    measure.responsible_divisions.add(finance_division)
    return measure


def test_the_sidebar_filter_on_the_measure_list_invites_typing_in_thai(officer_client, measure):
    page = officer_client.get(LIST_URL).content.decode()

    assert "พิมพ์เพื่อค้นหาเมนู…" in page
    assert "Start typing to filter" not in page


def test_the_measure_lists_selection_counter_reads_in_thai(client, coordinator, measure):
    # The coordinator's list: an officer has no list actions, hence no selection counter.
    client.login(username=coordinator.username, password=PASSWORD)
    page = client.get(LIST_URL).content.decode()

    assert "เลือกแล้ว 0 จาก 1 รายการ" in page
    assert "selected" not in page.split('class="action-counter"')[1].split("</span>")[0]


def test_a_rejected_measure_form_asks_in_thai_to_correct_the_error(officer_client):
    empty_inlines = {
        f"{prefix}-{field}": "0"
        for prefix in ("steps", "results")
        for field in ("TOTAL_FORMS", "INITIAL_FORMS")
    }

    response = officer_client.post(ADD_URL, empty_inlines)

    page = response.content.decode()
    assert response.status_code == 200
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in page
    assert "Please correct the error" not in page


def test_the_javascript_catalog_offers_choose_all_in_thai(officer_client):
    catalog = officer_client.get(JS_CATALOG_URL).content.decode()

    # The catalog is JSON with non-ASCII escaped, as json.dumps writes it.
    assert f'"Choose all %s": {json.dumps("เลือก %s ทั้งหมด")}' in catalog


def test_a_measures_delete_page_names_its_division_links_and_year_in_thai(
    client, coordinator, measure
):
    client.force_login(coordinator)

    page = client.get(f"/admin/measures/measure/{measure.pk}/delete/").content.decode()

    assert ("ผู้รับผิดชอบ (สำนัก/กอง) ของมาตรการ: 1. มาตรการทดสอบ (ปีงบประมาณ 2568) – สำนักคลัง") in page
    assert "relationship" not in page and "measure-division" not in page
    assert "Measure_responsible_divisions object" not in page


def test_deleting_a_group_lists_its_links_in_thai(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get(name=roles.EXECUTIVE)

    page = client.get(f"/admin/auth/group/{group.pk}/delete/").content.decode()

    assert "สิทธิ์ ของกลุ่ม: ผู้บริหาร – ทะเบียนมาตรการ | มาตรการ | ดูมาตรการ" in page
    assert "group-permission" not in page and "object (" not in page


def test_permissions_are_named_in_thai(client, admin_user):
    client.force_login(admin_user)
    group = Group.objects.get(name=roles.COORDINATOR)

    page = client.get(f"/admin/auth/group/{group.pk}/change/").content.decode()

    assert ">ทะเบียนมาตรการ | มาตรการ | เพิ่มมาตรการ</option>" in page
    assert ">ทะเบียนมาตรการ | ประวัติมาตรการ | ดูประวัติมาตรการ</option>" in page
    assert "Can add" not in page and "Can view" not in page
    assert "historical" not in page and "Historical" not in page


def test_every_stored_permission_name_is_thai(db):
    english = Permission.objects.filter(name__regex=r"^Can (add|change|delete|view) ")

    assert list(english.values_list("name", flat=True)) == []


def test_the_user_form_speaks_of_other_logins_in_thai(client, admin_user):
    client.force_login(admin_user)

    page = client.get("/admin/auth/user/add/").content.decode()

    assert "Single Sign-On" not in page and "LDAP" not in page
    assert "ระบบลงชื่อเข้าใช้ครั้งเดียว" in page


def test_icons_in_lists_have_thai_text_alternatives(client, admin_user, agency):
    client.force_login(admin_user)

    page = client.get("/admin/measures/agency/").content.decode()

    assert 'alt="ใช่"' in page
    assert 'alt="True"' not in page and 'alt="Search"' not in page
    assert 'alt="ค้นหา"' in page


def test_a_steps_help_tooltip_shows_the_bold_tag_as_typed(client, coordinator, measure):
    client.force_login(coordinator)

    page = client.get(f"/admin/measures/measure/{measure.pk}/change/").content.decode()

    # In an attribute "&lt;b&gt;" reads "<b>"; escaped twice it read "&lt;b&gt;".
    assert 'title="ใช้ &lt;b&gt;…&lt;/b&gt; สำหรับตัวหนา"' in page
    assert "&amp;lt;b&amp;gt;" not in page


def test_the_history_page_leaves_out_the_importers_bookkeeping(client, coordinator, measure):
    measure.last_import = {"titles": "มาตรการทดสอบ", "status": ["done", 100]}
    measure.save()
    client.force_login(coordinator)

    page = client.get(f"/admin/measures/measure/{measure.pk}/history/").content.decode()

    assert "ค่าที่นำเข้าจากไฟล์ครั้งล่าสุด" not in page
    assert "&#x27;titles&#x27;" not in page
