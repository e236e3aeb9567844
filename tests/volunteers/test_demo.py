import random

import pytest

from jour.accounts.models import Role
from tests.factories import UserFactory
from tests.residents.factories import StayFactory
from volunteers.demo import seed
from volunteers.models import Match, Meeting, StudyCircle, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_the_demo_seeder_gives_two_eligible_logins_and_volunteers_at_every_stage():
    users = {name: UserFactory(username=name, role=Role.VOLUNTEER) for name in ("kontaktkvinna", "kontaktkvinna2")}
    for _ in range(3):
        StayFactory()
    seed(scale="demo", rng=random.Random(1), users=users)
    assert VolunteerProfile.objects.count() == 10
    assert users["kontaktkvinna"].volunteer_profile.is_eligible
    assert users["kontaktkvinna2"].volunteer_profile.is_eligible
    assert VolunteerProfile.objects.eligible().count() < VolunteerProfile.objects.count()
    assert StudyCircle.objects.count() == 1
    assert Match.objects.filter(status="active").count() == 3
    assert Meeting.objects.filter(status="planned").exists() and Meeting.objects.filter(status="held").exists()


def test_the_demo_seeder_works_without_residents():
    users = {name: UserFactory(username=name, role=Role.VOLUNTEER) for name in ("kontaktkvinna", "kontaktkvinna2")}
    seed(scale="demo", rng=random.Random(1), users=users)
    assert not Match.objects.exists()
