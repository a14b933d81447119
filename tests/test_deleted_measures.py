"""A deleted measure stays recoverable, with its steps, results, divisions and ITA items."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from ita.models import Indicator
from measures import roles
from measures.models import ClosedYear, EvidenceFile, Measure
from tests.conftest import PASSWORD, make_staff

DELETED_LIST = "/admin/measures/measure/deleted/"
CREATED = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
DELETED = datetime(2026, 11, 21, 5, 15, tzinfo=UTC)  # 21/11/2569 12:15 in Bangkok


@pytest.fixture
def deleted_measure(client, coordinator, agency, strategy_division):
    """A measure with two steps, a result, a division and an ITA item, which the coordinator
    deleted in the admin."""
    with time_machine.travel(CREATED, tick=False):
        measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการที่ลบ")
        measure.responsible_divisions.set([strategy_division])
        measure.indicators.set([Indicator.objects.order_by("pk").first()])
        measure.steps.create(text="ขั้นตอนแรก")
        measure.steps.create(text="ขั้นตอนที่สอง")
        measure.results.create(text="ผลที่ได้")
    client.login(username=coordinator.username, password=PASSWORD)
    with time_machine.travel(DELETED, tick=False):
        response = client.post(f"/admin/measures/measure/{measure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Measure.objects.exists()
    client.logout()
    return measure


def recover_url(measure):
    return f"{DELETED_LIST}{measure.pk}/recover/"


def as_logged_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_measure_list_links_to_the_deleted_measures(client, coordinator):
    page = as_logged_in(client, coordinator).get("/admin/measures/measure/").content.decode()

    assert DELETED_LIST in page
    assert "มาตรการที่ถูกลบ" in page


def test_the_deleted_list_names_the_measure_when_and_who(client, coordinator, deleted_measure):
    page = as_logged_in(client, coordinator).get(DELETED_LIST).content.decode()

    assert "มาตรการที่ลบ" in page
    assert "21/11/2569 12:15" in page
    assert "coordinator" in page
    assert recover_url(deleted_measure) in page
    assert "2026" not in page


def test_a_coordinator_recovers_a_deleted_measure_whole(
    client, coordinator, deleted_measure, strategy_division
):
    as_logged_in(client, coordinator)
    confirmation = client.get(recover_url(deleted_measure)).content.decode()
    assert "ขั้นตอนที่สอง" in confirmation and "ผลที่ได้" in confirmation

    response = client.post(recover_url(deleted_measure), follow=True)

    assert "กู้คืนมาตรการ" in response.content.decode()
    measure = Measure.objects.get()
    assert measure.pk == deleted_measure.pk
    assert measure.titles == "มาตรการที่ลบ"
    assert measure.number == deleted_measure.number
    assert [s.text for s in measure.steps.all()] == ["ขั้นตอนแรก", "ขั้นตอนที่สอง"]
    assert [r.text for r in measure.results.all()] == ["ผลที่ได้"]
    assert list(measure.responsible_divisions.all()) == [strategy_division]
    assert list(measure.indicators.all()) == [Indicator.objects.order_by("pk").first()]
    record = Measure.history.filter(id=measure.pk).first()
    assert record.history_user == coordinator
    assert record.history_change_reason == "กู้คืนมาตรการที่ถูกลบเมื่อ 21/11/2569 12:15"
    assert "มาตรการที่ลบ" not in client.get(DELETED_LIST).content.decode()


def test_a_recovered_measure_whose_number_is_taken_gets_the_next_one_and_says_so(
    client, coordinator, agency, deleted_measure
):
    Measure.objects.create(agency=agency, fiscal_year=2568, number=1, titles="มาตรการใหม่")

    response = as_logged_in(client, coordinator).post(recover_url(deleted_measure), follow=True)

    recovered = Measure.objects.get(pk=deleted_measure.pk)
    assert recovered.number == 2
    assert "ลำดับที่ 1 ของปีงบประมาณ 2568 มีมาตรการอื่นใช้อยู่แล้ว จึงให้ลำดับที่ 2 แทน" in (
        response.content.decode()
    )
    assert Measure.objects.get(number=1).titles == "มาตรการใหม่"


@pytest.mark.parametrize("role", ["officer", "executive"])
def test_officers_and_executives_see_the_list_but_cannot_recover(
    client, request, role, deleted_measure
):
    as_logged_in(client, request.getfixturevalue(role))

    page = client.get(DELETED_LIST).content.decode()
    assert "มาตรการที่ลบ" in page
    assert recover_url(deleted_measure) not in page
    assert client.get(recover_url(deleted_measure)).status_code == 403
    assert client.post(recover_url(deleted_measure)).status_code == 403
    assert not Measure.objects.exists()


def test_another_agency_neither_sees_nor_recovers_the_deleted_measure(
    client, deleted_measure, other_agency
):
    as_logged_in(client, make_staff("stranger", other_agency, roles.COORDINATOR))

    assert "มาตรการที่ลบ" not in client.get(DELETED_LIST).content.decode()
    assert client.get(recover_url(deleted_measure)).status_code == 404
    assert client.post(recover_url(deleted_measure)).status_code == 404
    assert not Measure.objects.exists()


def test_a_measure_that_was_not_deleted_cannot_be_recovered(
    client, coordinator, agency, deleted_measure
):
    alive = Measure.objects.create(agency=agency, fiscal_year=2568, titles="ยังอยู่")

    response = as_logged_in(client, coordinator).post(recover_url(alive))

    assert response.status_code == 404


def test_a_deleted_measures_history_offers_the_coordinator_to_recover_it(
    client, coordinator, officer, deleted_measure
):
    history = f"/admin/measures/measure/{deleted_measure.pk}/history/"

    coordinator_page = as_logged_in(client, coordinator).get(history).content.decode()
    officer_page = as_logged_in(client, officer).get(history).content.decode()

    assert "มาตรการ: ลบ" in coordinator_page
    assert recover_url(deleted_measure) in coordinator_page
    assert "มาตรการ: ลบ" in officer_page
    assert recover_url(deleted_measure) not in officer_page


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def measure_with_evidence(client, coordinator, agency, *names):
    """A measure whose result has evidence files uploaded a day after the result, deleted by
    the coordinator the day after that."""
    with time_machine.travel(CREATED, tick=False):
        measure = Measure.objects.create(agency=agency, fiscal_year=2568, titles="มาตรการที่ลบ")
        result = measure.results.create(text="ผลที่ได้")
    with time_machine.travel(datetime(2026, 11, 21, 1, 0, tzinfo=UTC), tick=False):
        for name in names:
            EvidenceFile.store(result, SimpleUploadedFile(name, PDF))
    client.login(username=coordinator.username, password=PASSWORD)
    with time_machine.travel(DELETED, tick=False):
        client.post(f"/admin/measures/measure/{measure.pk}/delete/", {"post": "yes"})
    assert not EvidenceFile.objects.exists()
    return measure


@pytest.mark.usefixtures("media_root")
def test_a_recovered_measure_gets_its_evidence_files_back(client, coordinator, agency):
    deleted = measure_with_evidence(client, coordinator, agency, "หนังสือเวียน.pdf", "ภาพ.pdf")
    confirmation = client.get(recover_url(deleted)).content.decode()
    assert "<li>หนังสือเวียน.pdf</li>" in confirmation and "<li>ภาพ.pdf</li>" in confirmation

    client.post(recover_url(deleted), follow=True)

    files = EvidenceFile.objects.filter(result__measure_id=deleted.pk).order_by("name")
    assert [file.name for file in files] == ["ภาพ.pdf", "หนังสือเวียน.pdf"]
    assert all(file.file.read() == PDF for file in files)


@pytest.mark.usefixtures("media_root")
def test_an_evidence_file_gone_from_storage_is_named_and_the_rest_recovered(
    client, coordinator, agency
):
    deleted = measure_with_evidence(client, coordinator, agency, "หนังสือเวียน.pdf", "ภาพ.pdf")
    gone = EvidenceFile.history.filter(name="ภาพ.pdf").first().instance
    gone.file.storage.delete(gone.file.name)

    page = client.post(recover_url(deleted), follow=True).content.decode()

    assert "ไฟล์หลักฐาน ภาพ.pdf ไม่อยู่ในที่เก็บไฟล์แล้ว" in page
    assert Measure.objects.filter(pk=deleted.pk).exists()
    names = EvidenceFile.objects.values_list("name", flat=True)
    assert list(names) == ["หนังสือเวียน.pdf"]


def test_a_measure_deleted_before_its_year_was_published_stays_out_of_it(
    client, coordinator, deleted_measure, agency
):
    # The year was published without it: bringing it back would change the published register.
    ClosedYear.objects.create(agency=agency, fiscal_year=2568)
    response = as_logged_in(client, coordinator).post(recover_url(deleted_measure), follow=True)
    assert response.status_code == 200
    assert "กู้คืนไม่ได้: รายงานปีงบประมาณ" in response.content.decode()
    assert "เผยแพร่แล้ว" in response.content.decode()
    assert not Measure.objects.exists()
