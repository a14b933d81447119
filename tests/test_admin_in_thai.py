"""The admin speaks Thai where Django's own Thai catalog left clerks reading English.

The translations live in locale/th/LC_MESSAGES (LOCALE_PATHS); these pages are the ones a
division officer meets every day: the measure list, a rejected add form, and the
two-box picker driven by the JavaScript catalog.
"""

import json

import pytest

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
