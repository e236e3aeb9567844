import random

from jour.directory.demo import seed
from jour.directory.models import ShelterListing
from jour.shelter.models import ShelterProfile


def test_the_demo_seeder_fills_the_directory_and_the_shelters_competences(db):
    seed(scale="demo", rng=random.Random(2026), users={})
    assert ShelterListing.objects.count() == 12
    assert ShelterListing.objects.filter(languages__contains=["sv"]).count() == 12
    profile = ShelterProfile.load()
    assert "honour_violence" in profile.competences and "ar" in profile.staff_languages
    # Seeding again (same rng) updates the same jours instead of adding new ones.
    seed(scale="demo", rng=random.Random(2026), users={})
    assert ShelterListing.objects.count() == 12
