import copy
import json
from datetime import UTC, datetime

import factory

from jour.directory.models import ShelterListing
from jour.directory.schema import FORMAT


class ShelterListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShelterListing

    name = factory.Sequence(lambda n: f"Kvinnojouren {n}")
    organisation_number = factory.Sequence(lambda n: f"802{n % 1000:03d}-{n % 10000:04d}")
    municipality_id = "0180"
    public_phone = "08-100 200 30"
    competences = factory.LazyFunction(list)
    languages = factory.LazyFunction(lambda: ["sv"])
    places = 8
    free_places = 2
    profile_updated_at = factory.LazyFunction(lambda: datetime(2026, 10, 1, 9, 0, tzinfo=UTC))


BASE_PROFILE = {
    "format": FORMAT,
    "name": "Kvinnojouren Exempel",
    "organisation_number": "802400-1234",
    "municipality": {"code": "1280", "name": "Malmö"},
    "region": {"code": "12", "name": "Skåne län"},
    "public_phone": "040-12 34 56",
    "competences": ["honour_violence", "children_activities"],
    "languages": ["sv", "ar"],
    "places": 10,
    "free_places": 3,
    "updated_at": "2026-11-01T10:00:00+01:00",
}


def profile_doc(**overrides) -> dict:
    """A valid public profile with some fields replaced."""
    document = copy.deepcopy(BASE_PROFILE)
    document.update(overrides)
    return document


def as_file(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
