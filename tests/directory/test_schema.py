"""The public profile's JSON Schema: documented, enforced, and met by our own export."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from jour.directory.public_profile import build_public_profile
from jour.directory.schema import SCHEMA, schema_errors
from jour.shelter.models import Municipality, ShelterProfile

from .factories import profile_doc


def documented_schema() -> dict:
    text = (Path(settings.BASE_DIR) / "docs" / "directory.md").read_text(encoding="utf-8")
    match = re.search(r"```json schema\n(.*?)\n```", text, re.DOTALL)
    assert match, "docs/directory.md must hold the JSON Schema in a ```json schema block"
    return json.loads(match.group(1))


def test_the_documented_schema_is_the_enforced_one():
    assert documented_schema() == json.loads(json.dumps(SCHEMA))


def test_the_documented_example_is_valid():
    text = (Path(settings.BASE_DIR) / "docs" / "directory.md").read_text(encoding="utf-8")
    example = re.search(r"### Example\n\n```json\n(.*?)\n```", text, re.DOTALL).group(1)
    assert schema_errors(json.loads(example)) == []


def test_a_valid_profile_has_no_errors():
    assert schema_errors(profile_doc()) == []
    assert schema_errors(profile_doc(places=None, free_places=None, competences=[], languages=[])) == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"format": "something/2"}, "format"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 12}, "name"),
        ({"organisation_number": "851010-1234"}, "organisation_number"),  # looks like a personnummer
        ({"municipality": {"code": "136", "name": "Haninge"}}, "municipality.code"),
        ({"municipality": {"code": "0136"}}, "municipality.name"),
        ({"region": "01"}, "region"),
        ({"competences": ["honour_violence", "flying"]}, "competences[1]"),
        ({"competences": ["lgbtq", "lgbtq"]}, "competences"),
        ({"languages": ["arabic"]}, "languages[0]"),
        ({"places": -1}, "places"),
        ({"places": "10"}, "places"),
        ({"places": True}, "places"),
        ({"free_places": 2.5}, "free_places"),
        ({"updated_at": "2026-11-01"}, "updated_at"),
        ({"updated_at": "2026-11-01T10:00:00"}, "updated_at"),  # no offset
        ({"updated_at": "2026-13-01T10:00:00+01:00"}, "updated_at"),
        ({"address": "Storgatan 1"}, "address"),
    ],
)
def test_each_kind_of_error_names_its_field(overrides, field):
    errors = schema_errors(profile_doc(**overrides))
    assert [where for where, _message in errors] == [field]


def test_missing_fields_are_named():
    document = profile_doc()
    del document["updated_at"], document["places"]
    assert sorted(where for where, _message in schema_errors(document)) == ["places", "updated_at"]


@pytest.mark.django_db
def test_our_export_validates_against_the_documented_schema():
    profile = ShelterProfile.load()
    profile.name = "Kvinnojouren Haninge"
    profile.organisation_number = "8020000009"
    profile.municipality = Municipality.objects.get(code="0136")
    profile.public_phone = "08-500 000 00"
    profile.competences = ["lgbtq", "honour_violence"]
    profile.staff_languages = ["ar", "sv"]
    profile.places = 6
    profile.save()
    document = build_public_profile(profile=ShelterProfile.load(), now=datetime(2026, 11, 23, 9, tzinfo=UTC))
    schema = documented_schema()
    assert schema_errors(document, schema) == []
    assert set(document) == set(schema["required"])
    assert document["organisation_number"] == "802000-0009"
    assert document["municipality"] == {"code": "0136", "name": "Haninge"}
    assert document["region"] == {"code": "01", "name": "Stockholms län"}
    assert document["competences"] == ["honour_violence", "lgbtq"]  # vocabulary order
    assert document["languages"] == ["sv", "ar"]
    assert document["places"] == 6
