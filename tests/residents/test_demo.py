import random

import pytest
from django.db.models import Sum
from django.utils import timezone

from jour.accounts.models import Role
from jour.demo.registry import seeders
from residents import stats
from residents.demo import seed
from residents.models import Child, JournalEntry, Resident, Room, Stay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_fills_rooms_residents_children_and_stays_within_the_rules():
    users = {"personal": UserFactory(role=Role.STAFF), "samordnare": UserFactory(role=Role.COORDINATOR)}
    seed(scale="demo", rng=random.Random(2026), users=users)
    assert Room.objects.count() == 6
    assert Room.objects.aggregate(beds=Sum("beds"))["beds"] == 14
    assert 10 <= Resident.objects.count() <= 30
    assert Child.objects.exists() and JournalEntry.objects.exists()
    assert Stay.objects.current().exists()
    assert Stay.objects.filter(discharge__isnull=False).exclude(discharge_destination="").exists()
    assert Resident.objects.exclude(protection_level="none").exists()
    today = timezone.localdate()
    assert stats.nights(start=today.replace(year=today.year - 1, month=1, day=1), end=today).adults > 0
    assert stats.free_places() >= 0
    # Running it again adds nothing.
    count = Resident.objects.count()
    seed(scale="demo", rng=random.Random(1), users=users)
    assert Resident.objects.count() == count


def test_seeder_is_registered():
    assert "residents" in [seeder.name for seeder in seeders()]
