"""The database itself refuses overlapping stays and rooms over capacity, whoever writes."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction

from residents.models import CAPACITY_CONSTRAINT, OVERLAP_CONSTRAINT, Resident, Stay

from ..concurrency import at_once
from .factories import ChildFactory, ChildStayFactory, ResidentFactory, RoomFactory, StayFactory


def _insert_stay(cursor, *, resident_id, room_id, intake, discharge=None):
    cursor.execute(
        "INSERT INTO residents_stay (resident_id, room_id, intake, discharge, placed_by_social_services, "
        "case_worker_contact, discharge_destination, created_at) VALUES (%s, %s, %s, %s, true, '', '', now())",
        [resident_id, room_id, intake, discharge],
    )


def _constraint(error: IntegrityError) -> str:
    return error.__cause__.diag.constraint_name


@pytest.mark.django_db
def test_raw_sql_overlapping_stay_of_one_person_is_rejected():
    stay = StayFactory(intake=date(2025, 12, 1), discharge=date(2026, 1, 15))
    other_room = RoomFactory()
    with connection.cursor() as cursor:
        # Back to back is fine: discharge day is the next stay's intake day.
        with transaction.atomic():
            _insert_stay(cursor, resident_id=stay.resident_id, room_id=other_room.id, intake=date(2026, 1, 15))
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            _insert_stay(
                cursor,
                resident_id=stay.resident_id,
                room_id=other_room.id,
                intake=date(2026, 1, 14),
                discharge=date(2026, 1, 15),
            )
    assert _constraint(caught.value) == OVERLAP_CONSTRAINT
    assert Stay.objects.filter(resident=stay.resident).count() == 2


@pytest.mark.django_db
def test_raw_sql_overbooking_is_rejected_counting_children():
    room = RoomFactory(beds=3)
    first = StayFactory(room=room, intake=date(2026, 1, 1), discharge=date(2026, 2, 1))
    ChildStayFactory(stay=first, child=ChildFactory(mother=first.resident))
    newcomer = ResidentFactory()
    with connection.cursor() as cursor:
        # Third bed: fine.
        with transaction.atomic():
            _insert_stay(cursor, resident_id=newcomer.id, room_id=room.id, intake=date(2026, 1, 20))
        late = ResidentFactory()
        # A stay starting before and running into a full night is refused.
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            _insert_stay(
                cursor, resident_id=late.id, room_id=room.id, intake=date(2026, 1, 5), discharge=date(2026, 1, 25)
            )
        assert _constraint(caught.value) == CAPACITY_CONSTRAINT
        # After the first stay ends there is room again.
        with transaction.atomic():
            _insert_stay(cursor, resident_id=late.id, room_id=room.id, intake=date(2026, 2, 1))
        # Adding a child to a full room is refused too.
        newcomer_child = ChildFactory(mother=newcomer)
        newcomer_stay = Stay.objects.get(resident=newcomer)
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            cursor.execute(
                "INSERT INTO residents_childstay (child_id, stay_id) VALUES (%s, %s)",
                [newcomer_child.id, newcomer_stay.id],
            )
        assert _constraint(caught.value) == CAPACITY_CONSTRAINT


@pytest.mark.django_db
def test_discharge_before_intake_is_rejected_by_the_database():
    resident = ResidentFactory()
    room = RoomFactory()
    with connection.cursor() as cursor, pytest.raises(IntegrityError), transaction.atomic():
        _insert_stay(
            cursor, resident_id=resident.id, room_id=room.id, intake=date(2026, 3, 1), discharge=date(2026, 2, 1)
        )


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_bookings_of_the_last_bed_only_one_succeeds():
    room = RoomFactory(beds=2)
    StayFactory(room=room, intake=date(2026, 1, 1))
    women = [ResidentFactory(), ResidentFactory()]
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def book(index: int) -> None:
        conn = connections.create_connection("default")
        try:
            conn.set_autocommit(False)
            with conn.cursor() as cursor:
                barrier.wait()
                try:
                    _insert_stay(cursor, resident_id=women[index].id, room_id=room.id, intake=date(2026, 1, 10))
                    # Hold the transaction open a moment so both really overlap in time.
                    cursor.execute("SELECT pg_sleep(0.3)")
                    conn.commit()
                    results[index] = "ok"
                except IntegrityError as error:
                    conn.rollback()
                    results[index] = _constraint(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == sorted(["ok", CAPACITY_CONSTRAINT])
    assert Stay.objects.filter(room=room).count() == 2


@pytest.mark.django_db(transaction=True)
def test_case_numbers_are_unique_under_concurrency():
    numbers: list[str] = []

    def create(_index: int) -> None:
        with transaction.atomic():
            numbers.append(Resident.objects.create(first_name="A", last_name="B").case_number)

    at_once(create, times=4)
    assert len(set(numbers)) == 4
    assert all(n.startswith("B-") and len(n.split("-")[2]) == 3 for n in numbers)


@pytest.mark.django_db(transaction=True)
def test_two_staff_admitting_to_the_last_bed_through_the_service_only_one_succeeds():
    import time

    from residents import services
    from residents.models import Child

    room = RoomFactory(beds=3)
    StayFactory(room=room, intake=date(2026, 1, 1))
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def admit(name: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                services.admit(
                    resident=Resident(first_name=name, last_name="X", birth_year=1990),
                    room=room,
                    intake=date(2026, 2, 1),
                    children=[Child(first_name=f"{name}s barn", birth_year=2020)],
                    by=None,
                )
                time.sleep(0.3)  # keep the transaction open while the other one tries
            outcome[name] = "admitted"
        except services.StayRuleViolation as violation:
            outcome[name] = violation.field
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(name,)) for name in ("Anna", "Bea")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcome.values()) == ["admitted", "room"]
    # The refused admission left nothing behind: one new woman, one child, one new stay.
    assert Resident.objects.count() == 2
    assert Child.objects.count() == 1
    assert Stay.objects.filter(room=room).count() == 2


@pytest.mark.django_db
def test_raw_sql_update_moving_a_stay_into_a_full_room_or_over_another_stay_is_rejected():
    full = RoomFactory(beds=1)
    StayFactory(room=full, intake=date(2026, 1, 1), discharge=date(2026, 2, 1))
    moving = StayFactory(intake=date(2026, 1, 10), discharge=date(2026, 1, 20))
    later = StayFactory(resident=moving.resident, room=moving.room, intake=date(2026, 3, 1))
    with connection.cursor() as cursor:
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            cursor.execute("UPDATE residents_stay SET room_id = %s WHERE id = %s", [full.id, moving.id])
        assert _constraint(caught.value) == CAPACITY_CONSTRAINT
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            cursor.execute("UPDATE residents_stay SET discharge = NULL WHERE id = %s", [moving.id])
        assert _constraint(caught.value) == OVERLAP_CONSTRAINT
    room_before = moving.room_id
    moving.refresh_from_db()
    assert (moving.room_id, moving.discharge) == (room_before, date(2026, 1, 20))
    assert Stay.objects.filter(pk=later.pk, intake=date(2026, 3, 1)).exists()
