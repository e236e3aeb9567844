import datetime as dt
import random

from django.utils import timezone

from jour.accounts.models import Role
from jour.calls.demo import seed
from jour.calls.models import NON_DATA_KINDS, RecurringContact, SupportContact
from jour.calls.stats import contact_statistics
from jour.demo.registry import seeders
from jour.shelter.models import Municipality, ShelterProfile
from tests.factories import UserFactory


def _users():
    return {
        "samordnare": UserFactory(role=Role.COORDINATOR),
        "personal": UserFactory(role=Role.STAFF),
        "personal2": UserFactory(role=Role.STAFF),
        "kontaktkvinna": UserFactory(role=Role.VOLUNTEER),
    }


def test_demo_contacts_are_realistic_and_seeded_once(db):
    profile = ShelterProfile.load()
    profile.municipality = Municipality.objects.get(code="0136")
    profile.save()
    users = _users()
    seed(scale="demo", rng=random.Random(2026), users=users)
    assert SupportContact.objects.count() == 400
    assert RecurringContact.objects.count() == 18
    assert not SupportContact.objects.filter(staff=users["kontaktkvinna"]).exists()
    assert SupportContact.objects.filter(kind__in=NON_DATA_KINDS).exists()
    assert SupportContact.objects.filter(recurring_contact__isnull=False).exists()
    oldest = SupportContact.objects.order_by("started_at").first().started_at
    assert oldest >= timezone.now() - dt.timedelta(days=731)
    assert SupportContact.objects.filter(started_at__gt=timezone.now()).count() == 0
    today = timezone.localdate()
    stats = contact_statistics(start=today - dt.timedelta(days=730), end=today)
    assert stats.contacts_total == 400
    assert 0 < stats.persons.inside < stats.persons.total < stats.support_contacts
    seed(scale="large", rng=random.Random(1), users=users)  # already seeded: nothing more
    assert SupportContact.objects.count() == 400


def test_the_seeder_is_registered_after_residents_and_before_reporting():
    names = [seeder.name for seeder in seeders()]
    assert "calls" in names
    if "reporting" in names:
        assert names.index("calls") < names.index("reporting")
    if "residents" in names:
        assert names.index("residents") < names.index("calls")
