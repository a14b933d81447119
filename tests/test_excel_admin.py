"""The measure list's Excel buttons: export, and import through a preview that writes nothing
until confirmed; each role of two agencies and two divisions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from measures import excel
from measures.models import Measure
from tests.excel_files import edited, history_count

pytestmark = pytest.mark.usefixtures("fast_password_hashing")

IMPORT_URL = "/admin/measures/measure/excel/import/"
EXPORT_URL = "/admin/measures/measure/excel/rangsit/2568/"


@pytest.fixture
def register(agency, strategy_division, finance_division):
    first = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการแรก")
    first.responsible_divisions.set([strategy_division])
    second = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการที่สอง")
    second.responsible_divisions.set([finance_division])
    return excel.export_workbook(agency, 2568)


def upload(client, data, name="register.xlsx"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})


def test_the_urls_are_the_named_ones():
    assert reverse("admin:measures_measure_import_excel") == IMPORT_URL
    assert reverse("admin:measures_measure_export_excel", args=["rangsit", 2568]) == EXPORT_URL


def test_the_measure_list_has_the_excel_buttons(client, coordinator, register):
    client.force_login(coordinator)
    page = client.get("/admin/measures/measure/?fiscal_year=2568").content.decode()
    assert f'href="{EXPORT_URL}">ส่งออก Excel 2568' in page
    assert f'href="{IMPORT_URL}">นำเข้าจาก Excel' in page


def test_an_executive_sees_export_but_not_import(client, executive, register):
    client.force_login(executive)
    page = client.get("/admin/measures/measure/?fiscal_year=2568").content.decode()
    assert EXPORT_URL in page
    assert IMPORT_URL not in page
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, register).status_code == 403


def test_export_downloads_the_register(client, coordinator, register):
    client.force_login(coordinator)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ita-register-rangsit-2568.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book["มาตรการ"]["B3"].value == "มาตรการที่สอง"


@pytest.mark.parametrize("user", ["executive", "officer", "strategy_officer", "admin_user"])
def test_every_role_of_the_agency_may_export(client, request, user, register):
    client.force_login(request.getfixturevalue(user))
    assert client.get(EXPORT_URL).status_code == 200


def test_another_agency_is_not_found(client, other_coordinator, register):
    client.force_login(other_coordinator)
    assert client.get(EXPORT_URL).status_code == 404
    response = upload(client, register)
    assert "ไม่พบหน่วยงานชื่อย่อ" in response.content.decode()


def test_staff_without_a_role_and_anonymous_get_nothing(client, roleless, register):
    assert client.get(EXPORT_URL).status_code == 302
    assert client.get(IMPORT_URL).status_code == 302
    client.force_login(roleless)
    assert client.get(EXPORT_URL).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403


def test_the_preview_writes_nothing_and_confirming_writes_it(client, coordinator, register):
    client.force_login(coordinator)
    data = edited(register, {("มาตรการ", "B2"): "ชื่อใหม่"})
    before = history_count()
    preview = upload(client, data)
    page = preview.content.decode()
    assert "ตัวอย่าง: ยังไม่ได้บันทึกอะไร" in page
    assert "<td>แก้ไข</td><td>เปลี่ยน มาตรการ/โครงการ/กิจกรรม</td>" in page
    assert "<td>ไม่เปลี่ยน</td>" in page
    assert history_count() == before
    confirm = preview.context["file_data"], preview.context["digest"]
    response = client.post(
        IMPORT_URL,
        {
            "file_data": confirm[0],
            "file_name": "register.xlsx",
            "digest": confirm[1],
            "confirm": "1",
        },
    )
    assert 'id="done"' in response.content.decode()
    assert Measure.objects.get(number=1).titles == "ชื่อใหม่"
    assert Measure.objects.get(number=1).history.first().history_user == coordinator


def test_a_file_with_errors_shows_each_and_offers_no_confirmation(client, coordinator, register):
    client.force_login(coordinator)
    data = edited(register, {("มาตรการ", "L2"): "สิบ", ("มาตรการ", "B3"): "ชื่อใหม่"})
    page = upload(client, data).content.decode()
    assert (
        "<tr><td>มาตรการ</td><td>2</td><td>L (ความก้าวหน้า (ร้อยละ))</td>"
        "<td>&quot;สิบ&quot; ไม่ใช่ตัวเลขจำนวนเต็ม</td></tr>"
    ) in page
    assert "confirm-form" not in page
    assert Measure.objects.get(number=2).titles == "มาตรการที่สอง"


def test_a_confirmation_after_the_register_changed_shows_the_new_preview(
    client, coordinator, register
):
    client.force_login(coordinator)
    preview = upload(client, edited(register, {("มาตรการ", "B2"): "ชื่อใหม่"}))
    Measure.objects.filter(number=2).update(titles="มีคนแก้ระหว่างนั้น")
    response = client.post(
        IMPORT_URL,
        {
            "file_data": preview.context["file_data"],
            "digest": preview.context["digest"],
            "confirm": "1",
        },
    )
    assert 'id="changed-meanwhile"' in response.content.decode()
    assert Measure.objects.get(number=1).titles == "มาตรการแรก"


def test_an_unchanged_file_has_nothing_to_confirm(client, officer, register):
    client.force_login(officer)
    page = upload(client, register).content.decode()
    assert 'id="nothing-to-do"' in page


def test_a_file_that_is_not_excel_is_refused_in_thai(client, coordinator, register):
    client.force_login(coordinator)
    page = upload(client, b"hello", "notes.txt").content.decode()
    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้" in page
    empty = client.post(IMPORT_URL, {"file_data": "!!"}).content.decode()
    assert "กรุณาเลือกไฟล์ .xlsx" in empty


@pytest.mark.parametrize(
    "user, status",
    [
        ("coordinator", 200),
        ("officer", 200),
        ("strategy_officer", 200),
        ("admin_user", 200),
        ("other_coordinator", 200),
        ("other_officer", 200),
        ("executive", 403),
        ("roleless", 403),
    ],
)
def test_who_may_open_the_import_page(client, request, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(IMPORT_URL).status_code == status
