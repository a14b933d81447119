"""A change form saved after someone else saved the same record is refused, says what the
other person changed, and comes back with what this person typed: nothing is lost."""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore
from measures.models import Division, Measure, Step
from tests.conftest import PASSWORD


class FormReader(HTMLParser):
    """What a browser would post from the page's form with the given id."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.textarea = self.select = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in attrs.get("name", "__prefix__"):
            if tag == "option" and self.select and "selected" in attrs:
                self.add(self.select, attrs.get("value", ""))
            return
        name = attrs["name"]
        if tag == "input" and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.add(name, attrs.get("value", ""))
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.add(name, attrs.get("value", "on"))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")
        elif tag == "select":
            self.select = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            text = self.data[self.textarea][-1] + data
            # Browsers drop the newline that follows <textarea>.
            self.data[self.textarea][-1] = text.removeprefix("\n")


def form_data(response, form_id="measure_form"):
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in reader.data.items()}


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def client_for(django_client_class, user):
    client = django_client_class()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def two_people(client, coordinator, officer):
    """The coordinator and a finance officer, each in a browser of their own."""
    return client_for(type(client), coordinator), client_for(type(client), officer)


@pytest.fixture
def measure(agency, finance_division):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2568,
        titles="การเปิดเผยข้อมูลข่าวสาร",
        outcome="ผลลัพธ์เดิม",
    )
    measure.responsible_divisions.set([finance_division])
    Step.objects.create(measure=measure, text="ขั้นตอนแรกเดิม")
    Step.objects.create(measure=measure, text="ขั้นตอนที่สองเดิม")
    return measure


def errors_of(response):
    return " ".join(str(e) for e in response.context["adminform"].form.non_field_errors())


def test_a_form_saved_with_nobody_else_saving_meanwhile_is_stored(two_people, measure):
    coordinator, _ = two_people
    data = form_data(coordinator.get(change_url(measure)))
    assert data["_version_seen"]
    response = coordinator.post(
        change_url(measure), data | {"status": "in_progress", "progress": "30"}
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.progress == 30


def test_a_stale_save_is_refused_and_names_what_the_other_person_changed(two_people, measure):
    coordinator, officer = two_people
    coordinators_form = form_data(coordinator.get(change_url(measure)))
    officers_form = form_data(officer.get(change_url(measure)))

    response = coordinator.post(
        change_url(measure), coordinators_form | {"outcome": "ประชาชนพึงพอใจร้อยละ ๙๐"}
    )
    assert response.status_code == 302
    response = officer.post(
        change_url(measure), officers_form | {"status": "in_progress", "progress": "60"}
    )

    assert response.status_code == 200
    message = errors_of(response)
    assert "ยังไม่ได้บันทึก" in message
    assert '"ผลลัพธ์/ผลสัมฤทธิ์ในการดำเนินการ"' in message
    assert "coordinator" in message
    assert '"ผลลัพธ์เดิม" → "ประชาชนพึงพอใจร้อยละ ๙๐"' in message
    assert f"/{timezone.localdate().year + 543} " in message  # when, in BE
    assert "ความก้าวหน้า" not in message  # only what the other person changed
    measure.refresh_from_db()
    assert (measure.outcome, measure.status, measure.progress) == (
        "ประชาชนพึงพอใจร้อยละ ๙๐",
        "not_started",
        0,
    )
    shown_again = form_data(response)
    assert (shown_again["status"], shown_again["progress"]) == ("in_progress", "60")
    # The field the officer left alone now shows the coordinator's outcome, not the stale one.
    assert shown_again["outcome"] == "ประชาชนพึงพอใจร้อยละ ๙๐"

    response = officer.post(change_url(measure), shown_again)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.outcome, measure.status, measure.progress) == (
        "ประชาชนพึงพอใจร้อยละ ๙๐",
        "in_progress",
        60,
    )


def test_when_both_change_the_same_field_the_form_keeps_what_this_person_typed(two_people, measure):
    coordinator, officer = two_people
    coordinators_form = form_data(coordinator.get(change_url(measure)))
    officers_form = form_data(officer.get(change_url(measure)))
    coordinator.post(change_url(measure), coordinators_form | {"outcome": "ของผู้ประสานงาน"})

    response = officer.post(change_url(measure), officers_form | {"outcome": "ของเจ้าหน้าที่"})

    assert response.status_code == 200
    assert '"ผลลัพธ์เดิม" → "ของผู้ประสานงาน"' in errors_of(response)
    assert form_data(response)["outcome"] == "ของเจ้าหน้าที่"
    measure.refresh_from_db()
    assert measure.outcome == "ของผู้ประสานงาน"


def test_a_stale_step_edit_is_refused_and_saving_again_keeps_both_edits(two_people, measure):
    coordinator, officer = two_people
    coordinators_form = form_data(coordinator.get(change_url(measure)))
    officers_form = form_data(officer.get(change_url(measure)))
    assert coordinators_form["steps-0-text"] == "ขั้นตอนแรกเดิม"

    coordinator.post(change_url(measure), coordinators_form | {"steps-0-text": "ขั้นตอนแรกใหม่"})
    response = officer.post(change_url(measure), officers_form | {"steps-1-text": "ขั้นตอนสองใหม่"})

    assert response.status_code == 200
    message = errors_of(response)
    assert '"ขั้นตอน/วิธีการปฏิบัติ ขั้นตอนที่ 1 รายละเอียด"' in message
    assert '"ขั้นตอนแรกเดิม" → "ขั้นตอนแรกใหม่"' in message
    assert list(measure.steps.values_list("text", flat=True)) == [
        "ขั้นตอนแรกใหม่",
        "ขั้นตอนที่สองเดิม",
    ]
    shown_again = form_data(response)
    assert (shown_again["steps-0-text"], shown_again["steps-1-text"]) == (
        "ขั้นตอนแรกใหม่",
        "ขั้นตอนสองใหม่",
    )

    assert officer.post(change_url(measure), shown_again).status_code == 302
    assert list(measure.steps.values_list("text", flat=True)) == [
        "ขั้นตอนแรกใหม่",
        "ขั้นตอนสองใหม่",
    ]


def test_steps_added_and_deleted_meanwhile_are_shown_and_not_undone(two_people, measure):
    coordinator, officer = two_people
    coordinators_form = form_data(coordinator.get(change_url(measure)))
    officers_form = form_data(officer.get(change_url(measure)))
    coordinator.post(
        change_url(measure),
        coordinators_form
        | {"steps-1-DELETE": "on", "steps-2-text": "ขั้นตอนที่ผู้ประสานงานเพิ่ม", "steps-TOTAL_FORMS": "3"},
    )
    assert list(measure.steps.values_list("text", flat=True)) == [
        "ขั้นตอนแรกเดิม",
        "ขั้นตอนที่ผู้ประสานงานเพิ่ม",
    ]

    response = officer.post(
        change_url(measure), officers_form | {"status": "in_progress", "progress": "10"}
    )

    assert response.status_code == 200
    message = errors_of(response)
    assert "ลบขั้นตอน/วิธีการปฏิบัติ" in message
    assert "เพิ่มขั้นตอน/วิธีการปฏิบัติ" in message
    shown_again = form_data(response)
    texts = [
        shown_again.get(f"steps-{i}-text") for i in range(int(shown_again["steps-TOTAL_FORMS"]))
    ]
    assert "ขั้นตอนที่สองเดิม" not in texts
    assert "ขั้นตอนที่ผู้ประสานงานเพิ่ม" in texts

    assert officer.post(change_url(measure), shown_again).status_code == 302
    assert sorted(measure.steps.values_list("text", flat=True)) == sorted(
        ["ขั้นตอนแรกเดิม", "ขั้นตอนที่ผู้ประสานงานเพิ่ม"]
    )
    measure.refresh_from_db()
    assert measure.progress == 10


def test_a_save_that_changed_nothing_meanwhile_does_not_block(two_people, measure):
    coordinator, officer = two_people
    coordinators_form = form_data(coordinator.get(change_url(measure)))
    officers_form = form_data(officer.get(change_url(measure)))
    assert coordinator.post(change_url(measure), coordinators_form).status_code == 302

    response = officer.post(
        change_url(measure), officers_form | {"status": "in_progress", "progress": "20"}
    )

    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.progress == 20


def test_a_stale_division_form_is_refused_too(client, coordinator, admin_user, strategy_division):
    first = client_for(type(client), admin_user)
    second = client_for(type(client), coordinator)
    firsts = form_data(first.get(change_url(strategy_division)), "division_form")
    seconds = form_data(second.get(change_url(strategy_division)), "division_form")
    assert first.post(change_url(strategy_division), firsts | {"position": "4"}).status_code == 302

    response = second.post(change_url(strategy_division), seconds | {"short_name": "ยุทธฯ"})

    assert response.status_code == 200
    assert '"ลำดับในโครงสร้าง"' in errors_of(response)
    division = Division.objects.get(pk=strategy_division.pk)
    assert (division.position, division.short_name) == (4, "กองยุทธศาสตร์ฯ")
    assert form_data(response, "division_form")["short_name"] == "ยุทธฯ"


def test_divisions_set_meanwhile_are_named_and_kept(
    client, coordinator, admin_user, measure, strategy_division
):
    first = client_for(type(client), admin_user)
    second = client_for(type(client), coordinator)
    firsts = form_data(first.get(change_url(measure)))
    seconds = form_data(second.get(change_url(measure)))
    assert seconds["responsible_divisions"] == str(measure.responsible_divisions.get().pk)
    both = [str(measure.responsible_divisions.get().pk), str(strategy_division.pk)]
    assert (
        first.post(change_url(measure), firsts | {"responsible_divisions": both}).status_code == 302
    )

    response = second.post(
        change_url(measure), seconds | {"status": "in_progress", "progress": "50"}
    )

    assert response.status_code == 200
    assert '"ผู้รับผิดชอบ (สำนัก/กอง)"' in errors_of(response)
    assert '"สำนักคลัง" → "กองยุทธศาสตร์และงบประมาณ, สำนักคลัง"' in errors_of(response)
    shown_again = form_data(response)
    assert sorted(shown_again["responsible_divisions"]) == sorted(both)
    assert second.post(change_url(measure), shown_again).status_code == 302
    measure.refresh_from_db()
    assert measure.progress == 50
    assert measure.responsible_divisions.count() == 2


def test_a_stale_ita_score_form_keeps_the_item_score_saved_meanwhile(
    client, coordinator, admin_user, agency
):
    year = AssessmentYear.objects.get(year_be=2568)
    score = AgencyScore.objects.create(agency=agency, assessment_year=year, overall="99.70")
    i10 = Indicator.objects.get(assessment_year=year, code="i10")
    IndicatorScore.objects.create(agency_score=score, indicator=i10, score="93.21")
    first = client_for(type(client), admin_user)
    second = client_for(type(client), coordinator)
    firsts = form_data(first.get(change_url(score)), "agencyscore_form")
    seconds = form_data(second.get(change_url(score)), "agencyscore_form")
    response = first.post(change_url(score), firsts | {"indicator_scores-0-score": "95.00"})
    assert response.status_code == 302

    response = second.post(change_url(score), seconds | {"overall": "99.80"})

    assert response.status_code == 200
    assert '"คะแนนรายตัวชี้วัด/ข้อ i10: 95.00 คะแนน" เมื่อ' in errors_of(response)
    assert '"93.21" → "95.00"' in errors_of(response)
    shown_again = form_data(response, "agencyscore_form")
    assert (shown_again["overall"], shown_again["indicator_scores-0-score"]) == ("99.80", "95.00")
    assert second.post(change_url(score), shown_again).status_code == 302
    score.refresh_from_db()
    assert str(score.overall) == "99.80"
    assert str(score.indicator_scores.get().score) == "95.00"
