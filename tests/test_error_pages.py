"""Refusals and missing pages are explained in Thai, not Django's English defaults."""

from tests.conftest import PASSWORD


def test_an_executive_trying_to_add_a_measure_is_told_in_thai(client, executive):
    client.login(username=executive.username, password=PASSWORD)

    response = client.get("/admin/measures/measure/add/")

    assert response.status_code == 403
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in response.content.decode()


def test_a_missing_report_is_explained_in_thai(client, officer):
    client.login(username=officer.username, password=PASSWORD)

    response = client.get("/reports/nowhere/2568/")

    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
