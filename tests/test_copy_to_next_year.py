"""Agencies repeat most measures every year: the admin copies them into the next one."""

from datetime import date

from measures.models import Measure
from tests.conftest import PASSWORD


def make_measure(agency, division, number=1, **fields):
    measure = Measure.objects.create(
        agency=agency,
        fiscal_year=2567,
        number=number,
        titles="การเพิ่มประสิทธิภาพ\nการสร้างความเชื่อมั่น",
        steps_style=Measure.ListStyle.BULLETED,
        started_on=date(2023, 10, 1),
        ended_on=date(2024, 2, 29),
        results_intro="ข้อความนำ",
        outcome="ผลลัพธ์ปีก่อน",
        status=Measure.Status.DONE,
        progress=100,
        **fields,
    )
    measure.responsible_divisions.set([division])
    measure.steps.create(text="ขั้นตอนแรก")
    measure.steps.create(text="ขั้นตอนที่สอง")
    measure.results.create(text="ผลปีก่อน", done_on=date(2024, 1, 5))
    return measure


def copy(client, user, *measures):
    client.login(username=user.username, password=PASSWORD)
    return client.post(
        "/admin/measures/measure/",
        {"action": "copy_to_next_year", "_selected_action": [m.pk for m in measures]},
        follow=True,
    )


def test_copying_keeps_titles_steps_and_divisions_and_moves_the_period(
    client, coordinator, agency, strategy_division
):
    make_measure(agency, strategy_division)

    response = copy(client, coordinator, *Measure.objects.all())

    assert "คัดลอก 1 มาตรการไปปีงบประมาณ พ.ศ. 2568 แล้ว" in response.content.decode()
    copied = Measure.objects.get(fiscal_year=2568)
    assert copied.number == 1
    assert copied.titles == "การเพิ่มประสิทธิภาพ\nการสร้างความเชื่อมั่น"
    assert copied.steps_style == "bulleted"
    assert [s.text for s in copied.steps.all()] == ["ขั้นตอนแรก", "ขั้นตอนที่สอง"]
    assert list(copied.responsible_divisions.all()) == [strategy_division]
    assert copied.started_on == date(2024, 10, 1)
    # 29 February 2567 has no twin in 2568 (2025 is not a leap year).
    assert copied.ended_on == date(2025, 2, 28)


def test_copying_leaves_results_and_outcome_empty(client, coordinator, agency, strategy_division):
    make_measure(agency, strategy_division)

    copy(client, coordinator, *Measure.objects.all())

    copied = Measure.objects.get(fiscal_year=2568)
    assert copied.results.count() == 0
    assert copied.outcome == ""
    assert copied.results_intro == ""
    assert copied.status == "not_started"
    assert copied.progress == 0


def test_copying_skips_a_number_already_used_next_year(
    client, coordinator, agency, strategy_division
):
    original = make_measure(agency, strategy_division)
    Measure.objects.create(agency=agency, fiscal_year=2568, number=1, titles="มีอยู่แล้ว")

    response = copy(client, coordinator, original)

    assert "ไม่ได้คัดลอก" in response.content.decode()
    assert Measure.objects.get(fiscal_year=2568).titles == "มีอยู่แล้ว"
