import random

import pytest
from django.utils import timezone

from jour.accounts.models import Role
from regulation.demo import seed
from regulation.models import ChildPlacement, PlacementRequest, Premises, RequestOutcome, Routine
from regulation.umbrella import umbrella_statistics
from residents.demo import seed as seed_residents
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_permit_children_requests_and_routines_within_the_places():
    users = {"personal": UserFactory(role=Role.STAFF), "samordnare": UserFactory(role=Role.COORDINATOR)}
    seed_residents(scale="demo", rng=random.Random(2026), users=users)
    seed(scale="demo", rng=random.Random(2026), users=users)
    premises = Premises.objects.get()
    assert premises.rooms.count() == 6 and premises.places == 14
    assert ChildPlacement.objects.exists()
    admitted = PlacementRequest.objects.filter(outcome=RequestOutcome.ADMITTED)
    assert admitted.exists() and not admitted.filter(stay__isnull=True).exists()
    assert PlacementRequest.objects.filter(outcome=RequestOutcome.TURNED_AWAY).exists()
    assert Routine.objects.count() == 8
    year = timezone.localdate().year - 1
    requests = {row[0]: row[1] for row in umbrella_statistics(year=year).table("requests").rows}
    assert requests["Förfrågningar, totalt"] > 0
    # Running it again adds nothing.
    seed(scale="demo", rng=random.Random(1), users=users)
    assert Premises.objects.count() == 1 and Routine.objects.count() == 8
