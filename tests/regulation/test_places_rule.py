"""PostgreSQL refuses an admission that would exceed the permit's places on any night, whoever writes."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse

from regulation.models import PLACES_CONSTRAINT, Permit, PermitChange, PermitChangeKind, Premises
from residents.models import Resident, Stay
from tests.residents.factories import ChildFactory, ChildStayFactory, ResidentFactory, RoomFactory, StayFactory

from ..concurrency import at_once
from .factories import premises_with

pytestmark = pytest.mark.django_db


def _insert_stay(cursor, *, resident_id, room_id, intake, discharge=None):
    cursor.execute(
        "INSERT INTO residents_stay (resident_id, room_id, intake, discharge, placed_by_social_services, "
        "case_worker_contact, discharge_destination, created_at) VALUES (%s, %s, %s, %s, true, '', '', now())",
        [resident_id, room_id, intake, discharge],
    )


def _constraint(error: IntegrityError) -> str:
    return error.__cause__.diag.constraint_name


def test_raw_sql_admission_over_the_permitted_places_is_refused_across_the_rooms_of_a_premises():
    # Rooms of 3 and 5 beds in a premises with 4 places: the rooms have beds, the permit has not.
    room_a, room_b = RoomFactory(beds=3), RoomFactory(beds=5)
    premises_with(room_a, room_b, places=4)
    first = StayFactory(room=room_a, intake=date(2026, 1, 1), discharge=date(2026, 2, 1))
    ChildStayFactory(stay=first, child=ChildFactory(mother=first.resident))  # 2 places
    StayFactory(room=room_b, intake=date(2026, 1, 10))  # 3 places from 10 January
    with connection.cursor() as cursor:
        # The fourth place: fine.
        with transaction.atomic():
            _insert_stay(cursor, resident_id=ResidentFactory().id, room_id=room_b.id, intake=date(2026, 1, 20))
        # A stay from before and running into a full night is refused, though room B still has a bed.
        late = ResidentFactory()
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            _insert_stay(
                cursor, resident_id=late.id, room_id=room_b.id, intake=date(2026, 1, 5), discharge=date(2026, 1, 25)
            )
        assert _constraint(caught.value) == PLACES_CONSTRAINT
        # When the first stay ends there is a place again.
        with transaction.atomic():
            _insert_stay(cursor, resident_id=late.id, room_id=room_b.id, intake=date(2026, 2, 1))
        # A child added to a full premises is refused too (room B has a bed for the child).
        with transaction.atomic():
            _insert_stay(cursor, resident_id=ResidentFactory().id, room_id=room_a.id, intake=date(2026, 2, 1))
        mother = Resident.objects.get(pk=late.id)
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            cursor.execute(
                "INSERT INTO residents_childstay (child_id, stay_id) VALUES (%s, %s)",
                [ChildFactory(mother=mother).id, Stay.objects.get(resident=mother).id],
            )
        assert _constraint(caught.value) == PLACES_CONSTRAINT


def test_a_room_outside_any_premises_is_not_checked_and_children_may_not_take_places():
    inside, outside = RoomFactory(beds=3), RoomFactory(beds=3)
    premises_with(inside, places=1)
    stay = StayFactory(room=inside, intake=date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
    StayFactory.create_batch(3, room=outside, intake=date(2026, 1, 1))  # no premises: only the beds count
    permit = Permit.load()
    permit.children_take_places = False
    permit.save()
    ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))  # now the child takes no place
    assert stay.child_stays.count() == 1


def test_linking_a_full_room_or_lowering_the_places_is_refused_from_today_on():
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        room = RoomFactory(beds=3)
        StayFactory(room=room, intake=date(2026, 2, 1))
        StayFactory(room=room, intake=date(2026, 2, 1))
        premises = premises_with(places=2)
        from regulation.models import PremisesRoom

        PremisesRoom.objects.create(premises=premises, room=room)  # 2 persons, 2 places: fine
        with pytest.raises(IntegrityError) as caught, transaction.atomic():
            Premises.objects.filter(pk=premises.pk).update(places=1)
        assert _constraint(caught.value) == PLACES_CONSTRAINT


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_admissions_to_the_last_place_in_different_rooms_only_one_succeeds():
    room_a, room_b = RoomFactory(beds=2), RoomFactory(beds=2)
    premises_with(room_a, room_b, places=2)
    StayFactory(room=room_a, intake=date(2026, 1, 1))
    women = [ResidentFactory(), ResidentFactory()]
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def admit(index: int) -> None:
        room_id = (room_a.id, room_b.id)[index]
        conn = connections.create_connection("default")
        try:
            conn.set_autocommit(False)
            with conn.cursor() as cursor:
                barrier.wait()
                try:
                    _insert_stay(cursor, resident_id=women[index].id, room_id=room_id, intake=date(2026, 1, 10))
                    cursor.execute("SELECT pg_sleep(0.3)")
                    conn.commit()
                    results[index] = "ok"
                except IntegrityError as error:
                    conn.rollback()
                    results[index] = _constraint(error)
        finally:
            conn.close()

    at_once(admit)
    assert sorted(results.values()) == sorted(["ok", PLACES_CONSTRAINT])
    assert Stay.objects.count() == 2


def _admit_form(room, **overrides) -> dict:
    data = {
        "resident-first_name": "Sara",
        "resident-last_name": "Testsson",
        "resident-birth_year": "1990",
        "resident-protection_level": "none",
        "stay-room": room.pk,
        "stay-intake": "2026-03-01",
        "stay-placed_by_social_services": "on",
        "stay-decision_date": "2026-02-28",
        "stay-placing_municipality": "0136",
        "stay-home_municipality": "0136",
        "children-TOTAL_FORMS": "4",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "8",
    }
    for index in range(4):  # a blank row has its default protection level, as the page sends it
        data[f"children-{index}-protection_level"] = "none"
    data.update(overrides)
    return data


def test_the_admission_page_turns_the_refusal_into_an_error_next_to_the_room(staff_client):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        room = RoomFactory(beds=4, name="Lilla")
        premises_with(room, places=2, name="Huset")
        StayFactory(room=room, intake=date(2026, 2, 1))
        response = staff_client.post(
            reverse("residents:admit"),
            _admit_form(room, **{"children-0-first_name": "Ella", "children-0-birth_year": "2019"}),
        )
        assert response.status_code == 200
        errors = response.context["stay_form"].errors["room"]
        assert errors == ["Lokalen skulle få fler personer än IVO-tillståndets platser någon natt under vistelsen."]
        assert not Resident.objects.filter(first_name="Sara").exists()
        # Alone she fits: the second place.
        response = staff_client.post(reverse("residents:admit"), _admit_form(room))
        assert response.status_code == 302
        assert Stay.objects.filter(room=room).count() == 2


def test_the_board_and_the_permit_page_show_permitted_and_used_places(staff_client, coordinator_client):
    with time_machine.travel("2026-03-01 10:00 +0100", tick=False):
        room = RoomFactory(beds=4)
        premises_with(room, places=3, name="Huset")
        stay = StayFactory(room=room, intake=date(2026, 2, 1))
        ChildStayFactory(stay=stay, child=ChildFactory(mother=stay.resident))
        board = staff_client.get(reverse("residents:board")).content.decode()
        assert 'data-testid="places-used">2<' in board and 'data-testid="places-permitted">3<' in board
        page = coordinator_client.get(reverse("regulation:permit"))
        usage = page.context["usage"]
        assert [(row.name, row.places, row.used, row.free) for row in usage] == [("Huset", 3, 2, 1)]
        february = page.context["year"][0].months[1]
        # 28 nights of February × 3 places; 2 persons every night.
        assert (february.nights, february.place_nights, february.used_nights, february.peak) == (28, 84, 56, 2)


def test_a_change_of_places_or_manager_is_logged_with_a_reminder_to_apply_to_ivo(coordinator_client):
    room = RoomFactory(beds=4)
    response = coordinator_client.post(
        reverse("regulation:premises_create"), {"name": "Huset", "places": "4", "rooms": [room.pk]}
    )
    assert response.status_code == 302
    premises = Premises.objects.get()
    assert list(premises.rooms.all()) == [room]
    response = coordinator_client.post(
        reverse("regulation:premises_edit", args=[premises.pk]),
        {"name": "Huset", "places": "6", "rooms": [room.pk]},
        follow=True,
    )
    assert "ansökan till IVO" in response.content.decode()
    change = PermitChange.objects.get(kind=PermitChangeKind.PLACES)
    assert change.description == "Huset: 4 → 6 platser" and change.needs_application
    coordinator_client.post(reverse("regulation:permit_edit"), {"manager_name": "Anna Föreståndare"})
    coordinator_client.post(
        reverse("regulation:permit_edit"), {"manager_name": "Berit Föreståndare", "manager_since": "2026-01-01"}
    )
    assert PermitChange.objects.filter(kind=PermitChangeKind.MANAGER).count() == 1
    page = coordinator_client.get(reverse("regulation:permit")).content.decode()
    assert 'data-testid="ivo-reminder"' in page
    coordinator_client.post(
        reverse("regulation:permit_change_edit", args=[change.pk]), {"application_sent_on": "2026-01-02"}
    )
    change.refresh_from_db()
    assert not change.needs_application


def test_lowering_the_places_below_the_bookings_is_an_error_next_to_the_field(coordinator_client):
    room = RoomFactory(beds=4)
    premises = premises_with(room, places=3, name="Huset")
    StayFactory(room=room, intake=date(2020, 1, 1))
    StayFactory(room=room, intake=date(2020, 1, 1))
    response = coordinator_client.post(
        reverse("regulation:premises_edit", args=[premises.pk]), {"name": "Huset", "places": "1", "rooms": [room.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["places"] == [
        "Fler personer är inbokade i rummen från i dag än så många platser tillåter."
    ]
    premises.refresh_from_db()
    assert premises.places == 3 and not PermitChange.objects.exists()
