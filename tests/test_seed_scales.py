"""The bulk generator behind `seed_demo --scale large|national`, at a tiny size (the real sizes run in `make bench`)."""

from __future__ import annotations

import re

import pytest
from django.core.management.base import CommandError
from django.db import connection, transaction

from jour.calls.models import RecurringContact, SupportContact
from jour.demo.bulk import Volumes, seed_bulk
from residents.models import Child, ChildStay, Resident, Room, Stay
from volunteers.models import Match, Meeting, VolunteerProfile

pytestmark = pytest.mark.django_db

TINY = Volumes(contacts=600, recurring=20, residents=30, children=40, volunteers=12, meetings=150, staff=4, years=3)


@pytest.fixture
def loaded(coordinator, staff, volunteer_user):
    users = {"samordnare": coordinator, "personal": staff, "kontaktkvinna": volunteer_user}
    counts = seed_bulk(volumes=TINY, seed=7, users=users, log=lambda _message: None)
    return counts, users


def test_volumes_across_the_apps(loaded):
    counts, _users = loaded
    assert SupportContact.objects.count() == TINY.contacts
    assert RecurringContact.objects.count() == TINY.recurring
    assert Resident.objects.count() >= TINY.residents
    assert Child.objects.exists() and ChildStay.objects.exists()
    assert VolunteerProfile.objects.count() == TINY.volunteers
    assert Match.objects.exists() and Meeting.objects.exists()
    assert counts["calls_supportcontact"] == TINY.contacts
    # Ten years (here three) up to today, so some women live in the housing now.
    assert Resident.objects.current().exists()


def test_no_room_is_ever_over_capacity_and_no_stays_overlap(loaded):
    # The database rules ran on every COPYed row; check the data once more from the outside.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM residents_stay a JOIN residents_stay b
              ON a.resident_id = b.resident_id AND a.id < b.id
             AND daterange(a.intake, a.discharge, '[)') && daterange(b.intake, b.discharge, '[)')
            """
        )
        assert cursor.fetchone()[0] == 0
    for room in Room.objects.all():
        assert room.free_beds_between(Stay.objects.order_by("intake").first().intake) >= 0


def test_encrypted_fields_and_counters_let_the_app_continue(loaded, staff):
    _counts, _users = loaded
    with_number = Resident.objects.exclude(personnummer="").first()
    assert re.fullmatch(r"\d{8}-\d{4}", with_number.personnummer)
    # New records after the load get fresh ids, case numbers and recurring codes.
    resident = Resident.objects.create(first_name="Ny", last_name="Kvinna")
    assert not Resident.objects.exclude(pk=resident.pk).filter(case_number=resident.case_number).exists()
    code = RecurringContact.objects.create(created_by=staff, residence="unknown")
    assert RecurringContact.objects.filter(code=code.code).count() == 1


def test_refuses_a_database_that_already_has_data(loaded):
    _counts, users = loaded
    with pytest.raises(CommandError):
        seed_bulk(volumes=TINY, seed=7, users=users, log=lambda _message: None)


class _Rollback(Exception):
    pass


def _fingerprint(users, seed: int) -> tuple:
    """Generate inside a savepoint, read what was made, roll it back (ids restart from the same place)."""
    try:
        with transaction.atomic():
            seed_bulk(volumes=TINY, seed=seed, users=users, log=lambda _message: None)
            result = (
                list(Resident.objects.order_by("pk").values_list("pk", "case_number", "first_name", "birth_year")),
                list(Stay.objects.order_by("pk").values_list("resident_id", "room_id", "intake", "discharge")),
                list(SupportContact.objects.order_by("pk").values_list("kind", "channel", "started_at", "topics")),
                list(Meeting.objects.order_by("pk").values_list("match__volunteer_id", "starts_at", "status")),
            )
            raise _Rollback
    except _Rollback:
        return result


def test_deterministic_for_a_seed(coordinator, staff, volunteer_user):
    users = {"samordnare": coordinator, "personal": staff, "kontaktkvinna": volunteer_user}
    first = _fingerprint(users, seed=11)
    assert first == _fingerprint(users, seed=11)
    assert first != _fingerprint(users, seed=12)
