"""New measures take the next number of their agency and fiscal year, even when two people
add one at the same moment (PostgreSQL, two connections)."""

import threading
import time

import pytest
from django.db import connection, transaction

from measures.models import Agency, Measure

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
)


def test_a_new_measure_takes_the_next_number_of_its_agency_and_year(agency, other_agency):
    Measure.objects.create(agency=agency, fiscal_year=2568, number=7, titles="เดิม")
    Measure.objects.create(agency=other_agency, fiscal_year=2568, number=20, titles="อื่น")
    Measure.objects.create(agency=agency, fiscal_year=2567, number=30, titles="ปีก่อน")
    assert Measure.objects.create(agency=agency, fiscal_year=2568, titles="ใหม่").number == 8
    assert Measure.objects.create(agency=other_agency, fiscal_year=2569, titles="ใหม่").number == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_measures_added_at_the_same_moment_both_get_a_number_of_their_own():
    agency = Agency.objects.create(
        name="เทศบาลนครรังสิต", slug="rangsit", district="ธัญบุรี", province="ปทุมธานี"
    )
    Measure.objects.create(agency=agency, fiscal_year=2568, titles="มีอยู่แล้ว")
    first_saved, second_started = threading.Event(), threading.Event()
    numbers, errors = {}, []

    def first():
        try:
            with transaction.atomic():
                numbers["first"] = Measure.objects.create(
                    agency=agency, fiscal_year=2568, titles="คนที่หนึ่ง"
                ).number
                first_saved.set()
                second_started.wait(10)
                # Keep the first transaction open while the second one reads the numbers:
                # without a lock it would read the same highest number and collide.
                time.sleep(0.5)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            first_saved.set()
            connection.close()

    def second():
        try:
            first_saved.wait(10)
            second_started.set()
            numbers["second"] = Measure.objects.create(
                agency=agency, fiscal_year=2568, titles="คนที่สอง"
            ).number
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(numbers.values()) == [2, 3]
    assert sorted(Measure.objects.values_list("number", flat=True)) == [1, 2, 3]
